#include "local_time.hpp"

#include <unicode/gregocal.h>
#include <unicode/timezone.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace heard::hub::alerts {

namespace {

std::unique_ptr<icu::Calendar> calendar_at(const std::string& zone, Millis at) {
  UErrorCode status = U_ZERO_ERROR;
  auto cal = std::make_unique<icu::GregorianCalendar>(icu::TimeZone::createTimeZone(zone.c_str()), status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU cannot make a calendar for time zone " + zone);
  cal->setTime(static_cast<UDate>(at), status);
  return cal;
}

int field(const icu::Calendar& cal, UCalendarDateFields f) {
  UErrorCode status = U_ZERO_ERROR;
  return cal.get(f, status);
}

}  // namespace

int local_minute_of_day(const std::string& zone, Millis at) {
  const auto cal = calendar_at(zone, at);
  return field(*cal, UCAL_HOUR_OF_DAY) * 60 + field(*cal, UCAL_MINUTE);
}

Millis next_local_minute(const std::string& zone, Millis at, int minute_of_day) {
  auto cal = calendar_at(zone, at);
  cal->set(UCAL_HOUR_OF_DAY, minute_of_day / 60);
  cal->set(UCAL_MINUTE, minute_of_day % 60);
  cal->set(UCAL_SECOND, 0);
  cal->set(UCAL_MILLISECOND, 0);
  UErrorCode status = U_ZERO_ERROR;
  auto when = static_cast<Millis>(cal->getTime(status));
  if (when <= at) {  // today's has passed: tomorrow's (a calendar day, not 24 hours, across DST)
    cal->add(UCAL_DATE, 1, status);
    cal->set(UCAL_HOUR_OF_DAY, minute_of_day / 60);
    cal->set(UCAL_MINUTE, minute_of_day % 60);
    when = static_cast<Millis>(cal->getTime(status));
  }
  if (U_FAILURE(status)) throw std::runtime_error("ICU cannot compute a local time in " + zone);
  return when;
}

Millis local_midnight(const std::string& zone, Millis at) {
  auto cal = calendar_at(zone, at);
  cal->set(UCAL_HOUR_OF_DAY, 0);
  cal->set(UCAL_MINUTE, 0);
  cal->set(UCAL_SECOND, 0);
  cal->set(UCAL_MILLISECOND, 0);
  UErrorCode status = U_ZERO_ERROR;
  return static_cast<Millis>(cal->getTime(status));
}

Millis add_local_days(const std::string& zone, Millis midnight, int days) {
  auto cal = calendar_at(zone, midnight);
  UErrorCode status = U_ZERO_ERROR;
  cal->add(UCAL_DATE, days, status);
  return static_cast<Millis>(cal->getTime(status));
}

int local_weekday(const std::string& zone, Millis at) {
  const int sunday_first = field(*calendar_at(zone, at), UCAL_DAY_OF_WEEK);  // 1 Sunday ... 7 Saturday
  return sunday_first == 1 ? 7 : sunday_first - 1;
}

std::string format_local_date(const std::string& zone, Millis at) { return format_local(zone, at).substr(0, 10); }

std::string format_local(const std::string& zone, Millis at) {
  const auto cal = calendar_at(zone, at);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", field(*cal, UCAL_YEAR), field(*cal, UCAL_MONTH) + 1,
                field(*cal, UCAL_DATE), field(*cal, UCAL_HOUR_OF_DAY), field(*cal, UCAL_MINUTE));
  return text;
}

bool known_zone(const std::string& zone) {
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(zone.c_str()));
  icu::UnicodeString id;
  tz->getID(id);
  return id != icu::UnicodeString("Etc/Unknown");
}

}  // namespace heard::hub::alerts
