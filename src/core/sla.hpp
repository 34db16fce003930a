#pragma once
// The promise made to a customer who asked to be contacted: a response within the site's
// SLA hours. Deadlines are instants (UTC milliseconds), so a DST change or a kiosk moving
// time zone never shortens or lengthens a promise; only showing the deadline uses local time.
#include <string>

#include "core/time.hpp"

namespace heard {

enum class SlaState { on_time, due_soon, overdue };

struct SlaClock {
  Millis deadline = 0;
  Millis left_ms = 0;  // negative once overdue
  SlaState state = SlaState::on_time;
};

// "Due soon" once less than a quarter of the promised time is left, or less than an hour
// (whichever warns earlier): early enough to still keep the promise.
SlaClock sla_clock(Millis created_at, int sla_hours, Millis now);

// "on_time", "due_soon", "overdue": keys for translated labels.
const char* to_string(SlaState state);

// "3 h 05 min", "45 min", "2 d 4 h": how long, rounded down to the minute, never negative.
std::string format_duration(Millis ms);

// Wall-clock time of `at` in the kiosk's time zone (TZ) at that instant: "Mon 14:05".
std::string format_local_day_time(Millis at);

// The same, with the date once `at` is more than six days before `now`: "2026-09-14 14:05".
std::string format_local_when(Millis at, Millis now);

}  // namespace heard
