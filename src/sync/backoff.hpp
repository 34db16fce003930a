#pragma once
// When to try again after a failure: exponential backoff with "full jitter" (a random wait
// between zero and a ceiling that doubles per failure, up to a cap), so a fleet of kiosks
// coming back after a hub outage does not hammer it in lock-step. Pure: no clock, no I/O.
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

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

// A Retry-After header: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT",
// and the obsolete RFC 850 and asctime forms). `now_s` is the current Unix time in seconds.
// Returns nullopt for anything unreadable; a date in the past gives zero.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now_s);

}  // namespace heard::sync
