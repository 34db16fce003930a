#include "core/opening_hours.hpp"

#include <stdexcept>

namespace heard {

namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr Millis kMinuteMs = 60'000;

// "HH:MM" with 00..23 hours, or "24:00" when `allow_24` (a span ending at midnight).
std::optional<int> parse_clock(std::string_view s, bool allow_24) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (const std::size_t i : {0u, 1u, 3u, 4u})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const int hour = (s[0] - '0') * 10 + (s[1] - '0');
  const int minute = (s[3] - '0') * 10 + (s[4] - '0');
  if (minute > 59) return std::nullopt;
  if (hour == 24 && minute == 0 && allow_24) return kMinutesPerDay;
  if (hour > 23) return std::nullopt;
  return hour * 60 + minute;
}

struct WallClock {
  int weekday;  // 0 = Monday
  int minute;   // minutes after local midnight
};

WallClock local_wall_clock(Millis at) {
  const std::tm tm = local_tm(at);
  return {(tm.tm_wday + 6) % 7, tm.tm_hour * 60 + tm.tm_min};
}

}  // namespace

void OpeningHours::set_day(int weekday, std::string_view hours) {
  if (weekday < 0 || weekday > 6) throw std::invalid_argument("weekday must be 0 (Monday) to 6 (Sunday)");
  if (hours == "closed") {
    days_[static_cast<std::size_t>(weekday)].reset();
    configured_ = true;
    return;
  }
  const std::string got = " (got \"" + std::string(hours) + "\")";
  const auto dash = hours.find('-');
  const auto open = dash == std::string_view::npos ? std::nullopt : parse_clock(hours.substr(0, dash), false);
  auto close = dash == std::string_view::npos ? std::nullopt : parse_clock(hours.substr(dash + 1), true);
  if (!open || !close) throw std::invalid_argument("expected \"HH:MM-HH:MM\" or \"closed\"" + got);
  if (*close == 0) close = kMinutesPerDay;  // "18:00-00:00" closes at midnight
  if (*open == *close) throw std::invalid_argument("opening and closing time are the same" + got);
  // A closing time earlier than the opening time runs past midnight into the next day.
  days_[static_cast<std::size_t>(weekday)] = Span{*open, *close};
  configured_ = true;
}

bool OpeningHours::configured() const { return configured_; }

bool OpeningHours::is_open(Millis at) const {
  if (!configured_) return true;
  const WallClock now = local_wall_clock(at);
  const auto& today = days_[static_cast<std::size_t>(now.weekday)];
  if (today) {
    const bool past_midnight = today->close_minute < today->open_minute;
    if (now.minute >= today->open_minute && (past_midnight || now.minute < today->close_minute)) return true;
  }
  const auto& yesterday = days_[static_cast<std::size_t>((now.weekday + 6) % 7)];
  return yesterday && yesterday->close_minute < yesterday->open_minute && now.minute < yesterday->close_minute;
}

std::optional<Millis> OpeningHours::next_change(Millis at) const {
  if (!configured_) return std::nullopt;
  // The state can only change where the local wall clock turns a minute, and every time zone
  // in use today has whole-minute offsets, so those are whole UTC minutes. Walking them one by
  // one (at most eight days: the weekly pattern plus a span running past midnight) needs no
  // special cases for DST days, where wall times repeat or do not exist at all.
  const bool open_now = is_open(at);
  Millis t = at - ((at % kMinuteMs) + kMinuteMs) % kMinuteMs + kMinuteMs;  // the next whole minute
  const Millis end = t + 8LL * kMinutesPerDay * kMinuteMs;
  for (; t <= end; t += kMinuteMs)
    if (is_open(t) != open_now) return t;
  return std::nullopt;
}

int weekday_from_name(std::string_view name) {
  static constexpr std::string_view names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (int i = 0; i < 7; ++i)
    if (names[i] == name) return i;
  return -1;
}

}  // namespace heard
