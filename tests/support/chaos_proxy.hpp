#pragma once
// A fault-injecting HTTP proxy for tests: sits in front of the hub on loopback and, per
// request, either forwards it or does one of the things real networks and hubs do. The
// sequence of faults is fixed by a seed (and an optional script played first), so a failing
// test run can be repeated exactly.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace heard::hub {

enum class Fault {
  none,        // forward as is
  drop,        // close the connection after reading only the request headers
  lost_ack,    // forward, let the hub commit, then reset the connection instead of answering
  stall,       // read the request, then say nothing until the client gives up
  status_400,  // scripts only: random faults never make records unreadable
  status_401,
  status_413,
  status_429,  // with "Retry-After: 1"
  status_500,
  status_503,       // with "Retry-After: 1"
  status_503_date,  // with Retry-After as an HTTP date one second ahead
};

// "ok", "drop", "lost-ack", "stall", "400", "401", "413", "429", "500", "503", "503-date".
Fault fault_from_string(std::string_view name);  // throws std::invalid_argument
std::string_view to_string(Fault fault);

struct ChaosOptions {
  std::uint64_t seed = 1;
  double rate = 0.0;          // share of requests (after the script) that get a random fault
  std::vector<Fault> script;  // played first, one per request
};

class ChaosProxy {
 public:
  ChaosProxy(ChaosOptions options, int upstream_port);
  ~ChaosProxy();

  int bind(const std::string& host, int port);  // returns the port
  void serve();                                 // until stop()
  void stop();

 private:
  Fault next_fault();
  void handle(int client);

  ChaosOptions options_;
  int upstream_port_;
  int listener_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  std::mutex mutex_;
  std::mt19937_64 rng_;
  std::size_t served_ = 0;
};

}  // namespace heard::hub
