// Opening hours decide when the kiosk's screen sleeps: in local wall-clock time, so a shop
// opening at 10:00 opens at 10:00 on the day the clocks change too.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "core/opening_hours.hpp"
#include "support/time_zone.hpp"

using namespace heard;
using heard::test::TimeZone;

namespace {

Millis utc(const char* iso) { return *parse_iso8601(iso); }

OpeningHours every_day(const char* hours) {
  OpeningHours h;
  for (int day = 0; day < 7; ++day) h.set_day(day, hours);
  return h;
}

}  // namespace

TEST_CASE("Opening hours read HH:MM-HH:MM or closed and say what they expected", "[opening_hours]") {
  OpeningHours h;
  CHECK_NOTHROW(h.set_day(0, "08:00-20:00"));
  CHECK_NOTHROW(h.set_day(1, "closed"));
  CHECK_NOTHROW(h.set_day(2, "00:00-24:00"));
  CHECK_NOTHROW(h.set_day(3, "18:00-02:00"));
  CHECK(h.configured());

  for (const char* bad : {"8-20", "08:00", "08:00-", "-20:00", "24:00-08:00", "08:60-20:00", "08:00-25:00",
                          "8:00-20:00", "08:00 - 20:00", "Closed", ""})
    CHECK_THROWS_WITH(h.set_day(0, bad), std::string("expected \"HH:MM-HH:MM\" or \"closed\" (got \"") + bad + "\")");
  CHECK_THROWS_WITH(h.set_day(0, "09:00-09:00"), "opening and closing time are the same (got \"09:00-09:00\")");
  CHECK_THROWS_AS(h.set_day(7, "closed"), std::invalid_argument);

  CHECK(weekday_from_name("mon") == 0);
  CHECK(weekday_from_name("sun") == 6);
  CHECK(weekday_from_name("Monday") == -1);
}

TEST_CASE("Without opening hours the kiosk never sleeps", "[opening_hours]") {
  const OpeningHours h;
  CHECK_FALSE(h.configured());
  CHECK(h.is_open(utc("2026-11-29T03:00:00Z")));
  CHECK_FALSE(h.next_change(utc("2026-11-29T03:00:00Z")).has_value());
  CHECK_FALSE(every_day("closed").next_change(utc("2026-11-29T03:00:00Z")).has_value());
  CHECK_FALSE(every_day("closed").is_open(utc("2026-11-29T12:00:00Z")));
  CHECK_FALSE(every_day("00:00-24:00").next_change(utc("2026-11-29T03:00:00Z")).has_value());
  CHECK(every_day("00:00-24:00").is_open(utc("2026-11-29T03:00:00Z")));
}

TEST_CASE("Opening hours follow the local wall clock of TZ", "[opening_hours]") {
  TimeZone tz("Europe/Berlin");  // UTC+1 in winter
  OpeningHours h = every_day("08:00-20:00");
  h.set_day(6, "closed");  // Sunday

  // Monday 2026-11-30
  CHECK_FALSE(h.is_open(utc("2026-11-30T06:59:59Z")));
  CHECK(h.is_open(utc("2026-11-30T07:00:00Z")));
  CHECK(h.is_open(utc("2026-11-30T18:59:59Z")));
  CHECK_FALSE(h.is_open(utc("2026-11-30T19:00:00Z")));
  CHECK(h.next_change(utc("2026-11-30T06:00:00.500Z")) == utc("2026-11-30T07:00:00Z"));
  CHECK(h.next_change(utc("2026-11-30T07:00:00Z")) == utc("2026-11-30T19:00:00Z"));
  // Saturday evening closes, Sunday stays closed, Monday opens.
  CHECK(h.next_change(utc("2026-12-05T19:00:00Z")) == utc("2026-12-07T07:00:00Z"));
}

TEST_CASE("A span past midnight keeps the screen on into the next day", "[opening_hours]") {
  TimeZone tz("Europe/Berlin");
  OpeningHours h;
  h.set_day(4, "18:00-02:00");  // Friday night
  h.set_day(5, "closed");       // Saturday: only Friday's late hours

  // Friday 2026-12-04, 17:59 and 18:00 local; Saturday 01:59 and 02:00 local.
  CHECK_FALSE(h.is_open(utc("2026-12-04T16:59:00Z")));
  CHECK(h.is_open(utc("2026-12-04T17:00:00Z")));
  CHECK(h.is_open(utc("2026-12-05T00:59:00Z")));
  CHECK_FALSE(h.is_open(utc("2026-12-05T01:00:00Z")));
  CHECK(h.next_change(utc("2026-12-04T17:00:00Z")) == utc("2026-12-05T01:00:00Z"));
  // Thursday night is not open: the span belongs to Friday only.
  CHECK_FALSE(h.is_open(utc("2026-12-03T23:30:00Z")));
  // Days without a span fall back to "closed"; the next opening is the following Friday.
  CHECK(h.next_change(utc("2026-12-05T01:00:00Z")) == utc("2026-12-11T17:00:00Z"));
}

TEST_CASE("Opening hours stay on the wall clock across DST changes in Europe/Berlin", "[opening_hours]") {
  TimeZone tz("Europe/Berlin");
  OpeningHours h = every_day("10:00-18:00");

  SECTION("spring forward: Sunday 2026-03-29, 02:00 CET becomes 03:00 CEST") {
    // 10:00 local is 09:00 UTC on Saturday and 08:00 UTC on Sunday.
    CHECK(h.next_change(utc("2026-03-28T16:30:00Z")) == utc("2026-03-28T17:00:00Z"));
    CHECK(h.next_change(utc("2026-03-28T17:00:00Z")) == utc("2026-03-29T08:00:00Z"));
    CHECK(h.next_change(utc("2026-03-29T08:00:00Z")) == utc("2026-03-29T16:00:00Z"));
    CHECK_FALSE(h.is_open(utc("2026-03-29T07:59:00Z")));
    CHECK(h.is_open(utc("2026-03-29T08:00:00Z")));
  }

  SECTION("fall back: Sunday 2026-10-25, 03:00 CEST becomes 02:00 CET") {
    CHECK(h.next_change(utc("2026-10-24T16:00:00Z")) == utc("2026-10-25T09:00:00Z"));
    CHECK(h.next_change(utc("2026-10-25T09:00:00Z")) == utc("2026-10-25T17:00:00Z"));
  }

  SECTION("a span past midnight across the missing hour closes at the wall-clock time") {
    OpeningHours late;
    late.set_day(5, "22:00-04:00");  // Saturday night into the DST Sunday
    late.set_day(6, "closed");
    // Opens 22:00 CET (21:00 UTC), closes 04:00 CEST (02:00 UTC): five hours, not six.
    CHECK(late.is_open(utc("2026-03-28T21:00:00Z")));
    CHECK(late.next_change(utc("2026-03-28T21:00:00Z")) == utc("2026-03-29T02:00:00Z"));
    CHECK(late.is_open(utc("2026-03-29T01:59:00Z")));
    CHECK_FALSE(late.is_open(utc("2026-03-29T02:00:00Z")));
  }
}
