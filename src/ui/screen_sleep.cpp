#include "ui/screen_sleep.hpp"

#include <algorithm>
#include <utility>

namespace heard::ui {

ScreenSleep::ScreenSleep(OpeningHours hours, Millis wake_for_ms)
    : hours_(std::move(hours)), wake_for_ms_(wake_for_ms) {}

ScreenSleep::State ScreenSleep::update(Now now, bool busy) {
  if (open(now)) {
    state_ = State::awake;
  } else if (busy) {
    // Closing time never cuts off a customer or staff; the notice shows after them.
    if (state_ != State::awake) {
      state_ = State::woken;
      woken_until_ = std::max(woken_until_, now.steady + wake_for_ms_);
    }
  } else if (state_ == State::awake || (state_ == State::woken && now.steady >= woken_until_)) {
    state_ = State::asleep;
  }
  return state_;
}

bool ScreenSleep::touched(Now now) {
  if (state_ == State::awake) return false;
  const bool was_asleep = state_ == State::asleep;
  state_ = State::woken;
  woken_until_ = now.steady + wake_for_ms_;
  return was_asleep;
}

std::optional<Millis> ScreenSleep::next_deadline(Now now) const {
  std::optional<Millis> change;
  if (hours_.configured())
    if (const auto at = hours_.next_change(now.wall)) change = now.steady_when(*at);
  if (state_ != State::woken) return change;
  // The notice names the day feedback opens ("tomorrow", "today"), so it is drawn again when
  // the date changes under it.
  const Millis until = std::min(woken_until_, now.steady_when(next_local_midnight(now.wall)));
  return change ? std::min(*change, until) : until;
}

std::optional<Millis> ScreenSleep::opens_at(Now now) const {
  if (open(now)) return std::nullopt;
  return hours_.next_change(now.wall);
}

}  // namespace heard::ui
