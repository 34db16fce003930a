#pragma once
// Flags on a response that may not be a customer's own honest answer. They never drop
// anything: a flagged response is saved, synced and exported like the rest (with its flags),
// and insights count it apart. HappyOrNot's answer to staff pressing "very happy" is a
// minimum time between presses; we keep every press and say which ones look wrong.
#include <deque>
#include <string_view>

#include "core/time.hpp"

namespace heard::flags {

// More than the survey's burst_max_same_ratings identical ratings within burst_seconds.
inline constexpr std::string_view burst = "burst";
// Completed while staff mode was open, or within staff_window_ms of it closing.
inline constexpr std::string_view staff_present = "staff_present";
inline constexpr Millis staff_window_ms = 60'000;

// Identical ratings in a sliding window of steady time (durations never follow the wall clock).
class BurstWatch {
 public:
  BurstWatch(int max_same, Millis window_ms) : max_same_(max_same), window_ms_(window_ms) {}
  // Records a rating tapped at `steady`; true when it is one more than max_same identical
  // ratings within the window (this one included).
  bool rated(int rating, Millis steady);

 private:
  struct Tap {
    Millis at;
    int rating;
  };
  int max_same_;
  Millis window_ms_;
  std::deque<Tap> recent_;
};

}  // namespace heard::flags
