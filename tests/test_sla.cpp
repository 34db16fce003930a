// SLA timers for follow-ups: deadlines are instants, so a DST change or another time zone
// never moves the promise; only the wall-clock label follows the zone.
#include <catch2/catch.hpp>

#include "core/sla.hpp"
#include "support/time_zone.hpp"

using namespace heard;
using heard::test::TimeZone;

namespace {

constexpr Millis hour = 3'600'000;

}  // namespace

TEST_CASE("A follow-up is on time, then due soon in its last quarter, then overdue", "[sla]") {
  const Millis created = *parse_iso8601("2026-11-23T10:00:00Z");
  CHECK(sla_clock(created, 24, created).state == SlaState::on_time);
  CHECK(sla_clock(created, 24, created + 18 * hour - 1).state == SlaState::on_time);
  CHECK(sla_clock(created, 24, created + 18 * hour).state == SlaState::due_soon);
  CHECK(sla_clock(created, 24, created + 24 * hour).state == SlaState::due_soon);
  CHECK(sla_clock(created, 24, created + 24 * hour + 1).state == SlaState::overdue);
  CHECK(sla_clock(created, 24, created + 30 * hour).left_ms == -6 * hour);
  CHECK(sla_clock(created, 24, created).deadline == created + 24 * hour);

  SECTION("a short SLA still warns an hour ahead") {
    CHECK(sla_clock(created, 2, created + 59 * 60'000).state == SlaState::on_time);
    CHECK(sla_clock(created, 2, created + hour + 1).state == SlaState::due_soon);
  }
  SECTION("an SLA of zero hours is overdue at once") {
    CHECK(sla_clock(created, 0, created + 1).state == SlaState::overdue);
  }
}

TEST_CASE("An SLA spanning a DST change lasts exactly its hours, shown in local time", "[sla]") {
  SECTION("Europe/Berlin springs forward on 2026-03-29 at 02:00") {
    TimeZone tz("Europe/Berlin");
    const Millis created = *parse_iso8601("2026-03-28T12:00:00+01:00");  // Saturday noon, CET
    const SlaClock c = sla_clock(created, 24, created);
    CHECK(c.deadline - created == 24 * hour);
    CHECK(format_local_day_time(created) == "Sat 12:00");
    CHECK(format_local_day_time(c.deadline) == "Sun 13:00");  // 24 real hours later, now CEST
  }
  SECTION("America/New_York falls back on 2026-11-01 at 02:00") {
    TimeZone tz("America/New_York");
    const Millis created = *parse_iso8601("2026-10-31T12:00:00-04:00");  // EDT
    const SlaClock c = sla_clock(created, 24, created);
    CHECK(format_local_day_time(c.deadline) == "Sun 11:00");  // EST
  }
  SECTION("the same instant is the same deadline in every zone") {
    const Millis created = *parse_iso8601("2026-07-01T22:30:00Z");
    Millis deadline_utc = 0;
    {
      TimeZone tz("Asia/Kolkata");
      deadline_utc = sla_clock(created, 48, created).deadline;
      CHECK(format_local_day_time(deadline_utc) == "Sat 04:00");  // +05:30
    }
    {
      TimeZone tz("Pacific/Auckland");
      CHECK(sla_clock(created, 48, created).deadline == deadline_utc);
      CHECK(format_local_day_time(deadline_utc) == "Sat 10:30");  // NZST +12
    }
  }
}

TEST_CASE("Older moments show their local date, recent ones the weekday", "[sla]") {
  TimeZone tz("Europe/Madrid");
  const Millis now = *parse_iso8601("2026-11-23T12:00:00Z");
  CHECK(format_local_when(*parse_iso8601("2026-11-20T08:30:00Z"), now) == "Fri 09:30");
  CHECK(format_local_when(*parse_iso8601("2026-09-14T12:05:00Z"), now) == "2026-09-14 14:05");  // CEST then
}

TEST_CASE("Time left reads in days, hours and minutes, never negative", "[sla]") {
  CHECK(format_duration(0) == "0 min");
  CHECK(format_duration(45 * 60'000 + 59'999) == "45 min");
  CHECK(format_duration(3 * hour + 5 * 60'000) == "3 h 05 min");
  CHECK(format_duration(52 * hour) == "2 d 4 h");
  CHECK(format_duration(-5 * hour) == "0 min");
  CHECK(std::string(to_string(SlaState::due_soon)) == "due_soon");
}
