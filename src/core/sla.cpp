#include "core/sla.hpp"

#include <algorithm>
#include <cstdio>

namespace heard {

SlaClock sla_clock(Millis created_at, int sla_hours, Millis now) {
  constexpr Millis hour = 3'600'000;
  SlaClock c;
  const Millis window = static_cast<Millis>(std::max(sla_hours, 0)) * hour;
  c.deadline = created_at + window;
  c.left_ms = c.deadline - now;
  const Millis warning = std::max(window / 4, std::min(window, hour));
  if (c.left_ms < 0) c.state = SlaState::overdue;
  else if (c.left_ms <= warning) c.state = SlaState::due_soon;
  else c.state = SlaState::on_time;
  return c;
}

const char* to_string(SlaState state) {
  switch (state) {
    case SlaState::on_time:
      return "on_time";
    case SlaState::due_soon:
      return "due_soon";
    case SlaState::overdue:
      return "overdue";
  }
  return "on_time";
}

std::string format_duration(Millis ms) {
  const long long minutes = std::max<Millis>(ms, 0) / 60'000;
  const long long days = minutes / (24 * 60), hours = minutes / 60 % 24, mins = minutes % 60;
  char buf[48];
  if (days > 0) std::snprintf(buf, sizeof buf, "%lld d %lld h", days, hours);
  else if (hours > 0) std::snprintf(buf, sizeof buf, "%lld h %02lld min", hours, mins);
  else std::snprintf(buf, sizeof buf, "%lld min", mins);
  return buf;
}

std::string format_local_day_time(Millis at) {
  static constexpr const char* days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
  const Millis local = at + static_cast<Millis>(local_utc_offset_min(at)) * 60'000;
  const Millis minute_of_epoch = local >= 0 ? local / 60'000 : (local - 59'999) / 60'000;
  const Millis day = minute_of_epoch >= 0 ? minute_of_epoch / 1440 : (minute_of_epoch - 1439) / 1440;
  const Millis in_day = minute_of_epoch - day * 1440;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d", days[((day % 7) + 7) % 7], static_cast<int>(in_day / 60),
                static_cast<int>(in_day % 60));
  return buf;
}

std::string format_local_when(Millis at, Millis now) {
  if (now - at <= 6LL * 24 * 3'600'000) return format_local_day_time(at);
  const Millis local = at + static_cast<Millis>(local_utc_offset_min(at)) * 60'000;
  // format_iso8601 of the local instant gives the local wall clock: "2026-09-14T14:05:..."
  const std::string iso = format_iso8601(local);
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

}  // namespace heard
