#include "loadgen.hpp"

#include <curl/curl.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/response_json.hpp"
#include "core/uuid.hpp"

namespace heard::loadgen {

namespace {

using Steady = std::chrono::steady_clock;

std::string kiosk_name(const Options& o, int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "-k%05d", i);
  return o.run_id + buf;
}

// Derived from the kiosk id, so the tokens file and the kiosks agree without sharing state.
std::string kiosk_token(const Options& o, int i) { return "loadgen-token-" + kiosk_name(o, i) + "-0123456789abcdef"; }

struct Reply {
  long status = 0;  // 0: no HTTP answer at all
  std::string body;
};

class Http {
 public:
  Http() : h_(curl_easy_init()) {}
  ~Http() { curl_easy_cleanup(h_); }
  Http(const Http&) = delete;
  Http& operator=(const Http&) = delete;

  Reply request(const std::string& url, const std::string& token, const std::string* body,
                const std::string& idempotency_key = "") {
    curl_easy_reset(h_);
    curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + token).c_str());
    headers = curl_slist_append(headers, "Expect:");
    if (!idempotency_key.empty()) headers = curl_slist_append(headers, ("Idempotency-Key: " + idempotency_key).c_str());
    if (body) headers = curl_slist_append(headers, "Content-Type: application/x-ndjson");
    Reply reply;
    curl_easy_setopt(h_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h_, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
    curl_easy_setopt(h_, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(h_, CURLOPT_NOSIGNAL, 1L);
    if (body) {
      curl_easy_setopt(h_, CURLOPT_POST, 1L);
      curl_easy_setopt(h_, CURLOPT_POSTFIELDS, body->data());
      curl_easy_setopt(h_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }
    curl_easy_setopt(h_, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(
        h_, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* out) {
          static_cast<std::string*>(out)->append(data, size * n);
          return size * n;
        });
    if (curl_easy_perform(h_) == CURLE_OK) curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(headers);
    return reply;
  }

 private:
  CURL* h_;
};

// One simulated kiosk: its backlog in upload order (urgent first, as a kiosk's outbox).
struct Kiosk {
  int index = 0;
  std::string id, token;
  std::vector<std::string> lines;
  std::size_t next = 0;  // first record not yet acknowledged
  int batch_no = 0;      // part of the Idempotency-Key: the same batch keeps its key
  std::size_t hub = 0;   // the hub it talks to now
  bool greeted = false;  // heartbeat and event pull done
  Steady::time_point not_before{};
};

std::vector<std::string> backlog_of(const Options& o, const std::string& kiosk, int index) {
  std::vector<Response> rs;
  const Millis start = 1'790'000'000'000LL + static_cast<Millis>(index) * 1000;  // Sept 2026 onwards
  for (int n = 0; n < o.backlog; ++n) {
    Response r;
    r.id = make_uuid_v7();
    r.kiosk_id = kiosk;
    r.created_at = start + static_cast<Millis>(n) * 61'000;
    r.utc_offset_min = 60;
    r.rating = 1 + (n * 7 + index) % 5;
    r.kind = kind_for_rating(r.rating, 2);
    r.language = "en";
    r.survey_version = "1";
    r.app_version = "loadgen";
    if (n % 3 == 0) r.comment = "queue at the counter was long, staff friendly";
    r.urgent = o.urgent_every > 0 && n % o.urgent_every == 0 && r.rating <= 2;
    rs.push_back(std::move(r));
  }
  std::stable_partition(rs.begin(), rs.end(), [](const Response& r) { return r.urgent; });
  std::vector<std::string> lines;
  for (const auto& r : rs) lines.push_back(to_json_line(r) + "\n");
  return lines;
}

class Run {
 public:
  explicit Run(const Options& o) : o_(o) {
    for (int i = 0; i < o.kiosks; ++i) {
      Kiosk k;
      k.index = i;
      k.id = kiosk_name(o, i);
      k.token = kiosk_token(o, i);
      k.lines = backlog_of(o, k.id, i);
      k.hub = static_cast<std::size_t>(i) % o.hubs.size();
      report_.sent += static_cast<std::int64_t>(k.lines.size());
      kiosks_.push_back(std::move(k));
    }
  }

  Report go() {
    const auto start = Steady::now();
    deadline_ = start + o_.deadline;
    std::vector<std::thread> workers;
    for (int t = 0; t < o_.threads; ++t) workers.emplace_back([this, t] { work(t); });
    for (auto& w : workers) w.join();
    report_.seconds = std::chrono::duration<double>(Steady::now() - start).count();
    report_.finished =
        std::all_of(kiosks_.begin(), kiosks_.end(), [](const Kiosk& k) { return k.next == k.lines.size(); });
    std::sort(latencies_.begin(), latencies_.end());
    if (!latencies_.empty()) {
      report_.p50_ms = latencies_[latencies_.size() / 2];
      report_.p99_ms = latencies_[std::min(latencies_.size() - 1, latencies_.size() * 99 / 100)];
    }
    count_in_hub();
    return report_;
  }

 private:
  // Thread t serves kiosks t, t+threads, ...: one request per kiosk per round.
  void work(int t) {
    Http http;
    for (;;) {
      bool pending = false, sent = false;
      for (std::size_t i = static_cast<std::size_t>(t); i < kiosks_.size(); i += static_cast<std::size_t>(o_.threads)) {
        if (Steady::now() >= deadline_) return;
        Kiosk& k = kiosks_[i];
        if (k.next == k.lines.size() && k.greeted) continue;
        pending = true;
        if (Steady::now() < k.not_before) continue;
        step(http, k);
        sent = true;
      }
      if (!pending) return;
      // Every kiosk of this thread is backing off after a failure: pace, do not spin.
      if (!sent) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  void failed(Kiosk& k, const Reply& reply) {
    if (++errors_ <= 5)  // the first few say why; the count says how often
      std::fprintf(stderr, "heard-loadgen: %s on %s: HTTP %ld %s\n", k.id.c_str(), o_.hubs[k.hub].c_str(), reply.status,
                   reply.body.substr(0, 200).c_str());
    k.hub = (k.hub + 1) % o_.hubs.size();  // the next hub; a kiosk behind a load balancer sees the same
    k.not_before = Steady::now() + std::chrono::milliseconds(100);
  }

  void step(Http& http, Kiosk& k) {
    const std::string base = o_.hubs[k.hub] + "/v1/kiosks/" + k.id;
    if (!k.greeted) {
      const std::string beat = R"({"at":"2026-11-23T14:05:09.123Z","app_version":"loadgen","outbox":)" +
                               std::to_string(k.lines.size()) + "}";
      const auto hb = http.request(base + "/heartbeat", k.token, &beat);
      const auto pull = http.request(base + "/events?after=0&limit=100", k.token, nullptr);
      if (hb.status != 204) return failed(k, hb);
      if (pull.status != 200) return failed(k, pull);
      k.greeted = true;
      return;
    }
    const std::size_t end = std::min(k.lines.size(), k.next + static_cast<std::size_t>(o_.batch));
    std::string body;
    for (std::size_t i = k.next; i < end; ++i) body += k.lines[i];
    const auto sent_at = Steady::now();
    const auto reply = http.request(base + "/feedback", k.token, &body, k.id + "-b" + std::to_string(k.batch_no));
    const double ms = std::chrono::duration<double, std::milli>(Steady::now() - sent_at).count();
    if (reply.status != 200) return failed(k, reply);
    const auto j = nlohmann::json::parse(reply.body, nullptr, false);
    if (!j.is_object() || !j["rejected"].empty()) return failed(k, reply);
    const auto acknowledged = static_cast<std::int64_t>(j["accepted"].size() + j["duplicates"].size());
    {
      std::lock_guard lock(mutex_);
      latencies_.push_back(ms);
      report_.acknowledged += acknowledged;
      ++report_.batches;
    }
    k.next = end;
    ++k.batch_no;
    const auto total = accepted_ += acknowledged;
    if (o_.kill_pid > 0 && total >= o_.kill_after && !killed_.exchange(true)) {
      std::fprintf(stderr, "heard-loadgen: SIGKILL to hub process %d after %lld records\n", o_.kill_pid,
                   static_cast<long long>(total));
      ::kill(o_.kill_pid, SIGKILL);
    }
    // Between batches: a heartbeat now and then, as a kiosk's sync loop does.
    if (k.batch_no % 2 == 0) {
      const std::string beat = R"({"at":"2026-11-23T14:05:09.123Z","app_version":"loadgen","outbox":)" +
                               std::to_string(k.lines.size() - k.next) + "}";
      if (http.request(base + "/heartbeat", k.token, &beat).status != 204) ++errors_;
    }
  }

  // Every hub is asked in turn until one answers: the count must be exact.
  void count_in_hub() {
    Http http;
    for (const auto& hub : o_.hubs) {
      const auto reply = http.request(hub + "/v1/feedback.ndjson", o_.admin_token, nullptr);
      if (reply.status != 200) continue;
      std::set<std::string> ids;
      std::size_t at = 0;
      const std::string marker = "\"kiosk_id\":\"" + o_.run_id + "-k";
      while (at < reply.body.size()) {
        auto end = reply.body.find('\n', at);
        if (end == std::string::npos) end = reply.body.size();
        const std::string_view line(reply.body.data() + at, end - at);
        if (line.find(marker) != std::string_view::npos) {
          ++report_.found;
          const auto j = nlohmann::json::parse(line, nullptr, false);
          if (j.is_object()) ids.insert(j.value("id", ""));
        }
        at = end + 1;
      }
      report_.found_distinct = static_cast<std::int64_t>(ids.size());
      return;
    }
    report_.found = report_.found_distinct = -1;  // no hub answered
  }

  const Options& o_;
  std::vector<Kiosk> kiosks_;
  Steady::time_point deadline_;
  std::mutex mutex_;
  std::vector<double> latencies_;
  Report report_;
  std::atomic<std::int64_t> errors_{0};
  std::atomic<std::int64_t> accepted_{0};
  std::atomic<bool> killed_{false};

 public:
  std::int64_t errors() const { return errors_; }
};

}  // namespace

std::string tokens_file(const Options& options) {
  std::string out = "# heard-loadgen's kiosks\n";
  for (int i = 0; i < options.kiosks; ++i) out += kiosk_name(options, i) + " " + kiosk_token(options, i) + "\n";
  return out;
}

Report run(const Options& options) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  Run r(options);
  Report report = r.go();
  report.errors = r.errors();
  return report;
}

std::string to_text(const Report& r) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "sent %lld records in %lld batches, %.1f s: %.0f records/s; batch latency p50 %.1f ms, p99 %.1f ms; "
                "%lld errors (retried); found in the hub %lld (%lld distinct): lost %lld, duplicated %lld%s",
                static_cast<long long>(r.sent), static_cast<long long>(r.batches), r.seconds,
                r.seconds > 0 ? static_cast<double>(r.acknowledged) / r.seconds : 0.0, r.p50_ms, r.p99_ms,
                static_cast<long long>(r.errors), static_cast<long long>(r.found),
                static_cast<long long>(r.found_distinct), static_cast<long long>(r.sent - r.found_distinct),
                static_cast<long long>(r.found - r.found_distinct),
                r.finished ? "" : " (NOT FINISHED by the deadline)");
  return buf;
}

}  // namespace heard::loadgen
