#pragma once
// When to try again after a failure: exponential backoff with "full jitter" (a random wait
// between zero and a ceiling that doubles per failure, up to a cap), so a fleet of kiosks
// coming back after a hub outage does not hammer it in lock-step. Pure: no clock, no I/O.
#include <chrono>
#include <cstdint>
#include <random>

namespace heard::sync {

using std::chrono::milliseconds;

class Backoff {
 public:
  Backoff(milliseconds min, milliseconds max, std::uint64_t seed);

  // The ceiling for the n-th consecutive failure (n >= 1): min * 2^(n-1), capped at max.
  milliseconds ceiling(int failures) const;
  // Records one more failure and returns how long to wait: uniform in [0, ceiling].
  milliseconds next_delay();
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  milliseconds min_;
  milliseconds max_;
  int failures_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace heard::sync
