#pragma once
// Staff mode's session: getting in (the hidden gesture, then a PIN, with the lockout after
// wrong ones) and getting out (log out, or idle_logout_ms without a touch). Its own state
// machine; StaffMode asks it whether a member is in and when it must next look again.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "store/staff_store.hpp"
#include "ui/staff_text.hpp"

namespace heard::ui {

struct SessionState {
  std::string pin;          // digits typed so far (drawn as dots)
  std::string member;       // who is logged in; empty on the PIN pad
  StaffText message;        // the last PIN problem
  bool no_pins = false;     // nobody has a PIN yet: staff mode stays locked
  Millis locked_until = 0;  // wrong-PIN lockout, on the steady clock (core/clock.hpp)
};

class StaffSession {
 public:
  static constexpr Millis hold_ms = 3'000;  // the hidden gesture
  static constexpr Millis idle_logout_ms = 120'000;

  explicit StaffSession(store::StaffStore& staff) : staff_(staff) {}

  const SessionState& state() const { return s_; }
  bool logged_in() const { return !s_.member.empty(); }

  // The pointer as the customer screens see it, while staff mode is shut: held down inside
  // the corner (`corner` px square) of the Welcome screen for hold_ms opens the PIN pad.
  void watch_gesture(bool down, float x, float y, float corner, bool on_welcome, Now now);
  bool gesture_done(Now now) const { return hold_since_ && now.steady - *hold_since_ >= hold_ms; }
  std::optional<Millis> gesture_deadline() const {
    return hold_since_ ? std::optional(*hold_since_ + hold_ms) : std::nullopt;
  }

  // A fresh session on the PIN pad (nothing of the last member's is left).
  void open_pin_pad(Now now);
  // The PIN pad's keys. enter() is true when it logged a member in.
  void digit(const std::string& digit, Now now);
  void clear() { s_.pin.clear(); }
  bool enter(Now now);
  // Any touch in staff mode keeps the session open.
  void touched(Now now) { last_activity_ = now.steady; }
  bool idle(Now now) const { return now.steady - last_activity_ >= idle_logout_ms; }
  // Ends the lockout once served; true when that changed what the PIN pad says.
  bool lockout_served(Now now);
  // `why` goes into the audit log ("logout", "auto_logout") when a member was in.
  void logout(const char* why, Now now);
  // Steady clock: the idle logout, or the end of the lockout if sooner.
  Millis next_deadline() const;

 private:
  bool locked(Now now) const { return s_.locked_until > now.steady || s_.no_pins; }

  store::StaffStore& staff_;
  SessionState s_;
  std::optional<Millis> hold_since_;  // steady clock
  Millis last_activity_ = 0;          // steady clock
};

}  // namespace heard::ui
