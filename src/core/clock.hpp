#pragma once
// The two clocks, and the one rule for them.
//
// Wall time (UTC milliseconds since the epoch) is for instants: a response's created_at, the
// opening hours and the closed notice's wording, SLA due times, retention. NTP may step it
// either way at any moment (a board without a real-time clock boots in the past).
//
// Steady time (milliseconds since an arbitrary start, never going back) is for every
// duration: the tap guard, idle and "Still there?", thank-you, the storage probe, staff
// auto-logout, the hold gesture, notice timeouts, the watchdog, backoff.
//
// Code that needs time takes a Now (or a Clock) from its caller. Only SystemClock reads the
// system's clocks, so the headless driver and tests can step one without the other.
#include "core/time.hpp"

namespace heard {

struct Now {
  Millis wall = 0;
  Millis steady = 0;

  constexpr Now() = default;
  constexpr Now(Millis wall_ms, Millis steady_ms) : wall(wall_ms), steady(steady_ms) {}
  // A moment where both clocks read the same: unit tests that never step the wall clock.
  constexpr Now(Millis both) : wall(both), steady(both) {}  // NOLINT(google-explicit-constructor)

  // The steady reading at which the wall clock reaches `wall_at`, if nobody steps it: how a
  // wall-time deadline (the next opening) becomes a timer.
  constexpr Millis steady_when(Millis wall_at) const { return steady + (wall_at - wall); }
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Now now() const = 0;
};

// The device's clocks: std::chrono::system_clock and steady_clock.
class SystemClock final : public Clock {
 public:
  Now now() const override;
};

// A clock moved by hand (the headless driver, tests): advance() moves both readings, as
// time passing does; set_wall() moves only the wall clock, as NTP does.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Now start) : now_(start) {}
  Now now() const override { return now_; }
  void advance(Millis ms) {
    now_.wall += ms;
    now_.steady += ms;
  }
  void set_wall(Millis at) { now_.wall = at; }

 private:
  Now now_;
};

}  // namespace heard
