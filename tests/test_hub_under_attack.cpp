// The proof issue 14 asks for: the real heard-hub on loopback under every attack that took
// the cpp-httplib hub down, all at once, for 30 s — header bombs, slowloris on the head and on
// the body, 500 idle connections, a lying Content-Length without a token. Meanwhile a kiosk's
// batches must each be answered within 1 s and the hub's memory must stay under 100 MB; then
// SIGTERM, with the attack still going, must end the hub within 5 s.
//
// The attackers come from their own loopback addresses (127.0.0.2 and up), the kiosk from
// 127.0.0.1, as on a network: per-address limits are part of the defence.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "core/response_json.hpp"
#include "support/raw_connection.hpp"
#include "support/sample.hpp"
#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto attack_time = 30s;
#if defined(HEARD_SANITIZED)
// The sanitizers' own shadow memory (and ASan's quarantine): the 100 MB bound is for the
// shipped build; here the test checks everything else.
constexpr long max_rss_kb = 600 * 1024;
#else
constexpr long max_rss_kb = 100 * 1024;
#endif

// The hub's resident memory, now and at its peak, in kB (/proc/PID/status).
long memory_kb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  return -1;
}

std::string attacker_address(int n) { return "127.0.0." + std::to_string(2 + n); }

// One kind of misbehaving client: how it opens its connection and what it does on each tick.
struct Behaviour {
  std::string name;
  std::string address;
  std::function<std::string()> opening;          // sent at once on connecting
  std::function<std::string(int tick)> trickle;  // sent on every tick afterwards ("" for nothing)
};

struct AttackConnection {
  const Behaviour* behaviour;
  std::unique_ptr<RawConnection> socket;
  int ticks = 0;  // each connection keeps its own pace
};

// Keeps every attacking connection busy, and re-opens each one the hub closes, until stopped.
class Attack {
 public:
  Attack(int port, std::vector<std::pair<Behaviour, int>> plan) : port_(port) {
    for (auto& [behaviour, count] : plan) behaviours_.push_back({std::move(behaviour), count});
  }

  void run_until(const std::atomic<bool>& stop) {
    std::vector<AttackConnection> connections;
    for (const auto& [behaviour, count] : behaviours_)
      for (int i = 0; i < count; ++i) connections.push_back({&behaviour, open(behaviour)});
    while (!stop.load()) {
      for (auto& c : connections) {
        const bool gone = c.socket->closed_by_peer() || c.socket->send(c.behaviour->trickle(++c.ticks)) < 0;
        if (gone) {
          count_closure(c.behaviour->name);
          c.socket = open(*c.behaviour);
        }
      }
      std::this_thread::sleep_for(100ms);  // the attack's own pace, not a wait for the hub
    }
  }

  // How many connections of each kind the hub has closed so far.
  std::map<std::string, int> closed_by_hub() {
    std::lock_guard lock(mutex_);
    return closed_by_hub_;
  }

 private:
  void count_closure(const std::string& name) {
    std::lock_guard lock(mutex_);
    ++closed_by_hub_[name];
  }

  std::unique_ptr<RawConnection> open(const Behaviour& b) {
    auto socket = std::make_unique<RawConnection>(port_, b.address);
    socket->send(b.opening());
    return socket;
  }

  int port_;
  std::vector<std::pair<Behaviour, int>> behaviours_;
  std::mutex mutex_;
  std::map<std::string, int> closed_by_hub_;
};

std::string post_head(const std::string& token, const std::string& length) {
  std::string head =
      "POST /v1/kiosks/" + kiosk_id + "/feedback HTTP/1.1\r\nHost: hub\r\nContent-Length: " + length + "\r\n";
  if (!token.empty()) head += "Authorization: Bearer " + token + "\r\n";
  return head + "\r\n";
}

std::vector<std::pair<Behaviour, int>> attack_plan() {
  // Every tick: 64 KiB more of "X-n: vvv..." header lines, never ending the head.
  auto header_lines = [n = std::make_shared<int>(0)](int) {
    std::string lines;
    while (lines.size() < 64 * 1024) lines += "X-" + std::to_string((*n)++) + ": " + std::string(200, 'v') + "\r\n";
    return lines;
  };
  // One byte a second (every tenth tick of each connection: a counter shared by all of a
  // kind's connections would skip some of them for good, and they would time out as idle).
  auto one_byte_a_second = [](int tick) { return tick % 10 == 0 ? std::string("x") : ""; };
  const auto nothing = [](int) { return std::string(); };
  std::vector<std::pair<Behaviour, int>> plan = {
      {{"header bomb", attacker_address(0), [] { return std::string("GET /healthz HTTP/1.1\r\nHost: hub\r\n"); },
        header_lines},
       4},
      {{"slow head", attacker_address(1), [] { return std::string("GET /healthz HTTP/1.1\r\nX-Slow: "); },
        one_byte_a_second},
       8},
      {{"slow body", attacker_address(2), [] { return post_head(kiosk_token, "500000"); }, one_byte_a_second}, 8},
      {{"lying length", attacker_address(3), [] { return post_head("", "3000000") + "{\"id\":"; }, one_byte_a_second},
       8},
  };
  // 500 idle connections, 25 from each of 20 addresses (under the hub's 32 per address).
  for (int a = 0; a < 20; ++a)
    plan.push_back({{"idle", attacker_address(10 + a), [] { return std::string(); }, nothing}, 25});
  return plan;
}

struct KioskFigures {
  int batches = 0;
  int failures = 0;
  long worst_ms = 0;
};

// A kiosk posting 20-record batches back to back, over libcurl like the real one.
void post_batches_until(const HubProcess& hub, const std::atomic<bool>& stop, KioskFigures& figures) {
  const std::string url = hub.url() + "/v1/kiosks/" + kiosk_id + "/feedback";
  while (!stop.load()) {
    std::string body;
    for (int i = 0; i < 20; ++i) body += to_json_line(sample_complaint()) + "\n";
    const auto start = Clock::now();
    const auto reply = http("POST", url, kiosk_token, body);
    const long ms =
        static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
    ++figures.batches;
    figures.worst_ms = std::max(figures.worst_ms, ms);
    if (reply.status != 200) ++figures.failures;
    std::this_thread::sleep_for(100ms);
  }
}

}  // namespace

TEST_CASE("The hub keeps serving kiosks under attack and stops on SIGTERM", "[hub][attack]") {
  allow_descriptors(4096);
  TempDir dir;
  HubProcess hub(dir);
  const pid_t pid = hub.child().pid();
  const long rss_before_kb = memory_kb(pid, "VmRSS");

  std::atomic<bool> stop_attack{false}, stop_kiosk{false};
  Attack attack(hub.port(), attack_plan());
  std::thread attacker([&] { attack.run_until(stop_attack); });
  KioskFigures kiosk;
  std::thread poster([&] { post_batches_until(hub, stop_kiosk, kiosk); });

  const auto end = Clock::now() + attack_time;
  long peak_rss_kb = 0;
  while (Clock::now() < end) {
    peak_rss_kb = std::max(peak_rss_kb, memory_kb(pid, "VmRSS"));
    std::this_thread::sleep_for(100ms);
  }
  stop_kiosk = true;
  poster.join();
  peak_rss_kb = std::max(peak_rss_kb, memory_kb(pid, "VmHWM"));
  auto closed = attack.closed_by_hub();  // before SIGTERM closes every connection

  // SIGTERM while the attack goes on.
  const auto term = Clock::now();
  hub.child().signal(SIGTERM);
  while (hub.child().running() && Clock::now() - term < 10s) std::this_thread::sleep_for(10ms);
  const long exit_ms =
      static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - term).count());
  const bool exited = !hub.child().running();
  stop_attack = true;
  attacker.join();

  std::string closures;
  for (const auto& [name, n] : closed) closures += name + "=" + std::to_string(n) + " ";
  INFO("RSS before " << rss_before_kb << " kB, peak " << peak_rss_kb << " kB; kiosk batches " << kiosk.batches
                     << ", worst reply " << kiosk.worst_ms << " ms, failures " << kiosk.failures << "; SIGTERM to exit "
                     << exit_ms << " ms; connections the hub closed: " << closures);
  WARN("attack figures: peak RSS " << peak_rss_kb << " kB, worst kiosk reply " << kiosk.worst_ms << " ms over "
                                   << kiosk.batches << " batches, SIGTERM to exit " << exit_ms << " ms");
  CHECK(kiosk.batches >= 10);
  CHECK(kiosk.failures == 0);
  CHECK(kiosk.worst_ms <= 1000);
  CHECK(peak_rss_kb <= max_rss_kb);
  CHECK(exited);
  CHECK(exit_ms <= 5000);
  CHECK(hub.child().wait() == 0);
  // The defences really acted: bombs refused, trickling heads and lying lengths cut off.
  CHECK(closed["header bomb"] >= 4);
  CHECK(closed["slow head"] >= 8);
  CHECK(closed["lying length"] >= 8);
  CHECK(closed["slow body"] == 0);  // within its 60 s: held, at no cost, not cut
  CHECK(count_rows(hub.db(), "responses") == kiosk.batches * 20);
}
