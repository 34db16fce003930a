#pragma once
// Whether the kiosk's screen is on, from the opening hours. Outside them the screen sleeps
// (blank, backlight off, no frames drawn) until the next opening; a touch wakes it for a
// while to say when feedback opens. A customer still answering at closing time, or staff
// logged in, keeps it awake until they are done.
#include <optional>

#include "core/clock.hpp"
#include "core/opening_hours.hpp"

namespace heard::ui {

class ScreenSleep {
 public:
  enum class State {
    awake,   // open (or busy past closing): the normal kiosk
    asleep,  // closed: nothing drawn, backlight off
    woken,   // closed, touched a moment ago: the "we're closed" notice
  };

  explicit ScreenSleep(OpeningHours hours = {}, Millis wake_for_ms = 30'000);

  // Re-evaluates at `now`; `busy` is a customer mid-survey or staff logged in.
  State update(Now now, bool busy);
  // A finger came down. While closed, shows the notice (again) for the wake time; returns
  // true when the screen was asleep, so this touch only wakes it and acts on nothing.
  bool touched(Now now);

  State state() const { return state_; }
  // When update() must run next to change state by itself, on the steady clock: the next
  // opening or closing, or the end of the notice (or midnight while it shows, when its
  // wording changes). Nothing while the hours never change. The hours are wall-clock
  // instants: after a wall-clock step the next update() follows the new time.
  std::optional<Millis> next_deadline(Now now) const;
  // While closed: when the shop opens next (for the notice), on the wall clock.
  std::optional<Millis> opens_at(Now now) const;

 private:
  bool open(Now now) const { return !hours_.configured() || hours_.is_open(now.wall); }

  OpeningHours hours_;
  Millis wake_for_ms_;
  State state_ = State::awake;
  Millis woken_until_ = 0;  // steady clock
};

}  // namespace heard::ui
