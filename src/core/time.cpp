#include "core/time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace heard {

namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm,
// the one std::chrono uses), so parsing never depends on the process time zone.
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool read_digits(std::string_view& s, std::size_t n, int& out) {
  if (s.size() < n) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  s.remove_prefix(n);
  return true;
}

bool eat(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// The whole second `at` falls in (rounded down, also before 1970).
std::time_t seconds_of(Millis at) { return static_cast<std::time_t>(at >= 0 ? at / 1000 : (at - 999) / 1000); }

std::tm utc_tm(Millis at) {
  const std::time_t secs = seconds_of(at);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

}  // namespace

std::tm local_tm(Millis at) {
  const std::time_t secs = seconds_of(at);
  std::tm tm{};
  localtime_r(&secs, &tm);
  return tm;
}

int local_utc_offset_min(Millis at) { return static_cast<int>(local_tm(at).tm_gmtoff / 60); }

Millis from_local_wall(Millis wall_as_utc) {
  const std::time_t secs = seconds_of(wall_as_utc);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  tm.tm_isdst = -1;  // whatever the rules say at that reading
  const Millis ms = wall_as_utc - static_cast<Millis>(secs) * 1000;
  return static_cast<Millis>(std::mktime(&tm)) * 1000 + ms;
}

Millis next_local_midnight(Millis at) {
  std::tm tm = local_tm(at);
  ++tm.tm_mday;  // mktime carries it into the next month or year
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;  // whatever the rules say on that day
  return static_cast<Millis>(std::mktime(&tm)) * 1000;
}

std::string format_iso8601(Millis at) {
  const std::tm tm = utc_tm(at);
  const int ms = static_cast<int>(((at % 1000) + 1000) % 1000);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

std::string format_compact_utc(Millis at) {
  const std::tm tm = utc_tm(at);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<Millis> parse_iso8601(std::string_view s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (!read_digits(s, 4, year) || !eat(s, '-') || !read_digits(s, 2, month) || !eat(s, '-') || !read_digits(s, 2, day))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (!s.empty() && (s.front() == 'T' || s.front() == ' ')) {
    s.remove_prefix(1);
    if (!read_digits(s, 2, hour) || !eat(s, ':') || !read_digits(s, 2, minute)) return std::nullopt;
    if (eat(s, ':')) {
      if (!read_digits(s, 2, second)) return std::nullopt;
      if (eat(s, '.') || eat(s, ',')) {
        int scale = 100, digits = 0;
        while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
          millis += (s.front() - '0') * scale;
          scale /= 10;
          s.remove_prefix(1);
          ++digits;
        }
        if (digits == 0) return std::nullopt;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  }
  int offset_min = 0;
  if (eat(s, 'Z') || eat(s, 'z')) {
  } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    const int sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
    int oh = 0, om = 0;
    if (!read_digits(s, 2, oh)) return std::nullopt;
    eat(s, ':');
    if (!read_digits(s, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_min = sign * (oh * 60 + om);
  }
  if (!s.empty()) return std::nullopt;
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_min * 60;
  return secs * 1000 + millis;
}

}  // namespace heard
