#pragma once
// Wall-clock readings in a named time zone (a site's or a person's), for what people
// experience locally: quiet hours, a digest's hour and its day. The hub serves stores in
// several zones at once, so it cannot set TZ (process-wide, and unsafe with threads); ICU's
// calendars take the zone per call and know its DST rules.
#include <string>

#include "core/time.hpp"

namespace heard::hub::alerts {

// Minutes since local midnight at `at` in `zone` (an IANA name like "Europe/Madrid").
int local_minute_of_day(const std::string& zone, Millis at);

// The first instant after `at` whose local reading in `zone` is `minute_of_day` (0-1439). On a
// day when DST skips that reading, the instant ICU resolves it to (the same wall distance).
Millis next_local_minute(const std::string& zone, Millis at, int minute_of_day);

// The start of the local day that holds `at`, and `days` calendar days from a local midnight
// (23 or 25 hours across a change of summer time).
Millis local_midnight(const std::string& zone, Millis at);
Millis add_local_days(const std::string& zone, Millis midnight, int days);
int local_weekday(const std::string& zone, Millis at);              // ISO: 1 Monday ... 7 Sunday
std::string format_local_date(const std::string& zone, Millis at);  // "2026-12-07"

// "2026-12-06 23:14" in `zone`: how a person reads a time in a summary.
std::string format_local(const std::string& zone, Millis at);

// True when ICU knows `zone` (it otherwise silently falls back to GMT).
bool known_zone(const std::string& zone);

}  // namespace heard::hub::alerts
