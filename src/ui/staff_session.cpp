#include "ui/staff_session.hpp"

#include <algorithm>

namespace heard::ui {

namespace {
constexpr std::size_t max_pin_digits = 12;
}  // namespace

void StaffSession::watch_gesture(bool down, float x, float y, float corner, bool on_welcome, Now now) {
  const bool in_corner = down && on_welcome && x >= 0 && y >= 0 && x <= corner && y <= corner;
  if (!in_corner) hold_since_.reset();
  else if (!hold_since_) hold_since_ = now.steady;
}

void StaffSession::open_pin_pad(Now now) {
  hold_since_.reset();
  s_ = {};
  last_activity_ = now.steady;
  try {
    s_.no_pins = !staff_.has_pins();
    if (auto until = staff_.locked_until(now.wall)) s_.locked_until = now.steady_when(*until);
  } catch (const store::StorageUnavailableError& e) {
    s_.message = storage_message(e, "staffmode.pin.storage_pins");
    return;
  }
  staff_.audit_or_log("unknown", "staff_mode_opened", now.wall);
}

void StaffSession::digit(const std::string& digit, Now now) {
  if (!locked(now) && s_.pin.size() < max_pin_digits) s_.pin += digit;
}

bool StaffSession::enter(Now now) {
  if (locked(now) || s_.pin.empty()) return false;
  store::Login login;
  try {
    login = staff_.login(s_.pin, now.wall);
  } catch (const store::StorageUnavailableError& e) {
    s_.pin.clear();
    s_.message = storage_message(e, "staffmode.pin.storage_check");
    return false;
  }
  s_.pin.clear();
  switch (login.outcome) {
    case store::Login::Outcome::ok:
      s_.member = login.name;
      s_.message = {};
      s_.locked_until = 0;
      return true;
    case store::Login::Outcome::wrong_pin:
      s_.message = {"staffmode.pin.wrong", {}, {}, login.tries_left};
      break;
    case store::Login::Outcome::locked:
      s_.locked_until = now.steady_when(login.locked_until);
      s_.message = {};
      break;
    case store::Login::Outcome::no_pins:
      s_.no_pins = true;
      break;
  }
  return false;
}

bool StaffSession::lockout_served(Now now) {
  if (!s_.locked_until || now.steady < s_.locked_until) return false;
  s_.locked_until = 0;
  staff_.lockout_served(now.wall);
  s_.message = {};
  return true;
}

void StaffSession::logout(const char* why, Now now) {
  if (logged_in()) staff_.audit_or_log(s_.member, why, now.wall);
  s_ = {};
}

Millis StaffSession::next_deadline() const {
  Millis next = last_activity_ + idle_logout_ms;
  if (s_.locked_until) next = std::min(next, s_.locked_until);
  return next;
}

}  // namespace heard::ui
