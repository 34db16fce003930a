#pragma once
// Time as the domain sees it: UTC milliseconds since the Unix epoch, plus the
// local UTC offset captured when a response is made (so reports by hour of day
// stay right after DST changes or a device moving time zone).
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace heard {

using Millis = std::int64_t;

// The wall clock now, for programs that only stamp instants (heardctl, the hub, the sync
// thread's status). Durations use the steady clock, and the kiosk's UI takes both from a
// Clock: see core/clock.hpp.
Millis system_now_ms();

// Offset of local time from UTC, in minutes, at the given instant (uses TZ).
int local_utc_offset_min(Millis at);

// The local wall clock (TZ) at `at`, as localtime_r gives it.
std::tm local_tm(Millis at);

// The instant of a local wall-clock reading (TZ), given as if it were UTC: "2027-03-28T01:59"
// parsed by parse_iso8601 becomes 00:59Z in Europe/Madrid. A reading that falls in a DST
// gap or overlap is resolved as mktime does.
Millis from_local_wall(Millis wall_as_utc);

// The next local midnight (TZ) after `at`: where the local date changes, DST included.
Millis next_local_midnight(Millis at);

// "2026-11-23T14:05:09.123Z"
std::string format_iso8601(Millis at);

// Accepts "2026-11-23", "2026-11-23T14:05", "2026-11-23T14:05:09",
// optional fraction, and "Z" or "+hh:mm"/"-hh:mm" (no zone means UTC).
std::optional<Millis> parse_iso8601(std::string_view text);

// "20261123T140509Z", safe inside file names.
std::string format_compact_utc(Millis at);

}  // namespace heard
