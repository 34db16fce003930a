#pragma once
// A webhook receiver on loopback, as a careful customer would write one: it checks
// X-Heard-Signature (HMAC-SHA256 over "TIMESTAMP.BODY", computed here independently of the
// hub's code), refuses stale timestamps, and counts deliveries by Idempotency-Key. It can
// fail the first N deliveries, or hold replies until released (a hub killed mid-delivery).
#include <sodium.h>

#include <map>
#include <set>

#include "support/fake_hub.hpp"

namespace heard::test {

struct ReceivedWebhook {
  std::string key;  // Idempotency-Key
  std::string body;
  bool signature_ok = false;
  int status = 0;  // what the receiver answered
};

// The value of header `name` (case-insensitive) in a request head; empty when absent.
inline std::string header_value(const std::string& head, std::string name) {
  std::string lower = head;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = lower.find("\r\n" + name + ":");
  if (at == std::string::npos) return {};
  const auto start = head.find_first_not_of(' ', at + 3 + name.size());
  return head.substr(start, head.find("\r\n", start) - start);
}

inline bool signature_valid(const std::string& secret, const std::string& header, const std::string& body,
                            long long now_s) {
  const auto comma = header.find(",v1=");
  if (!header.starts_with("t=") || comma == std::string::npos) return false;
  const std::string t = header.substr(2, comma - 2);
  const long long stamp = std::atoll(t.c_str());
  if (stamp < now_s - 300 || stamp > now_s + 300) return false;  // a replay, or a clock far off
  const std::string text = t + "." + body;
  // The state API: crypto_auth_hmacsha256() itself takes only 32-byte keys.
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return header.substr(comma + 4) == hex;
}

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::string secret, int fail_first = 0)
      : secret_(std::move(secret)),
        fail_first_(fail_first),
        server_([this](const FakeRequest& r) { return answer(r); }) {}

  ~WebhookReceiver() { release(); }

  std::string url() const { return server_.url() + "/hooks/heard"; }

  std::vector<ReceivedWebhook> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  // Accepted (2xx) deliveries per idempotency key.
  std::map<std::string, int> accepted() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, int> out;
    for (const auto& r : received_)
      if (r.status == 200) ++out[r.key];
    return out;
  }
  bool wait_for_accepted(std::size_t distinct, std::chrono::milliseconds timeout) const {
    return eventually_locked([&] { return accepted_unlocked() >= distinct; }, timeout);
  }

  // From now on, replies wait until release(): the sender is then mid-delivery.
  void hold() {
    std::lock_guard lock(mutex_);
    holding_ = true;
  }
  // Lets every held reply go, and returns once they have all been answered.
  void release() {
    std::unique_lock lock(mutex_);
    holding_ = false;
    changed_.notify_all();
    changed_.wait(lock, [&] { return waiting_ == 0; });
  }
  int held() const {
    std::lock_guard lock(mutex_);
    return waiting_;
  }
  bool wait_for_held(int n, std::chrono::milliseconds timeout) const {
    return eventually_locked([&] { return waiting_ >= n; }, timeout);
  }
  void fail_next(int n) {
    std::lock_guard lock(mutex_);
    fail_first_ = n;
  }

 private:
  template <typename Predicate>
  bool eventually_locked(Predicate p, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, p);
  }
  std::size_t accepted_unlocked() const {
    std::set<std::string> keys;
    for (const auto& r : received_)
      if (r.status == 200) keys.insert(r.key);
    return keys.size();
  }

  FakeReply answer(const FakeRequest& r) {
    ReceivedWebhook got{header_value(r.head, "Idempotency-Key"), r.body, false, 0};
    const long long now_s =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    got.signature_ok = signature_valid(secret_, header_value(r.head, "X-Heard-Signature"), r.body, now_s);
    std::unique_lock lock(mutex_);
    if (holding_) {
      ++waiting_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return !holding_; });
      --waiting_;
      changed_.notify_all();
    }
    if (!got.signature_ok) got.status = 401;
    else if (fail_first_ > 0) {
      --fail_first_;
      got.status = 503;
    } else {
      got.status = 200;
    }
    received_.push_back(got);
    changed_.notify_all();
    return {got.status, got.status == 200 ? "{\"ok\":true}" : "{\"error\":\"not now\"}"};
  }

  std::string secret_;
  int fail_first_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<ReceivedWebhook> received_;
  bool holding_ = false;
  int waiting_ = 0;
  FakeHub server_;  // last: its threads call answer() and stop before the rest goes
};

}  // namespace heard::test
