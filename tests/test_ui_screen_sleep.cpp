// ui::ScreenSleep: the screen sleeps outside opening hours, wakes for a while when touched,
// and never cuts off a customer or staff at closing time.
#include <catch2/catch.hpp>

#include "support/time_zone.hpp"
#include "ui/closed_screen.hpp"
#include "ui/screen_sleep.hpp"

using namespace heard;
using heard::test::TimeZone;
using State = heard::ui::ScreenSleep::State;

namespace {

Millis utc(const char* iso) { return *parse_iso8601(iso); }

OpeningHours eight_to_eight() {
  OpeningHours h;
  for (int day = 0; day < 7; ++day) h.set_day(day, "08:00-20:00");
  return h;
}

}  // namespace

TEST_CASE("without opening hours the screen never sleeps", "[ui][sleep]") {
  ui::ScreenSleep sleep;
  REQUIRE(sleep.update(utc("2026-11-30T03:00Z"), false) == State::awake);
  REQUIRE_FALSE(sleep.touched(utc("2026-11-30T03:00Z")));
  REQUIRE_FALSE(sleep.next_deadline(utc("2026-11-30T03:00Z")));
}

TEST_CASE("outside opening hours the screen sleeps until the next opening", "[ui][sleep]") {
  TimeZone tz("UTC");
  ui::ScreenSleep sleep(eight_to_eight(), 30'000);
  REQUIRE(sleep.update(utc("2026-11-30T12:00Z"), false) == State::awake);
  REQUIRE(*sleep.next_deadline(utc("2026-11-30T12:00Z")) == utc("2026-11-30T20:00Z"));
  REQUIRE(sleep.update(utc("2026-11-30T20:00Z"), false) == State::asleep);
  // Asleep, the only reason to wake by itself is the opening: no polling in between.
  REQUIRE(*sleep.next_deadline(utc("2026-11-30T20:00Z")) == utc("2026-12-01T08:00Z"));
  REQUIRE(*sleep.opens_at(utc("2026-11-30T23:00Z")) == utc("2026-12-01T08:00Z"));
  REQUIRE(sleep.update(utc("2026-12-01T08:00Z"), false) == State::awake);
  REQUIRE_FALSE(sleep.opens_at(utc("2026-12-01T08:00Z")));
}

TEST_CASE("a touch while closed shows the notice for a while, then the screen sleeps again", "[ui][sleep]") {
  TimeZone tz("UTC");
  ui::ScreenSleep sleep(eight_to_eight(), 30'000);
  const Millis night = utc("2026-11-30T22:00Z");
  REQUIRE(sleep.update(night, false) == State::asleep);
  REQUIRE(sleep.touched(night));  // this touch only wakes the screen
  REQUIRE(sleep.state() == State::woken);
  REQUIRE(*sleep.next_deadline(night) == night + 30'000);
  // Another touch on the notice acts normally (the staff gesture) and restarts the time.
  REQUIRE_FALSE(sleep.touched(night + 20'000));
  REQUIRE(sleep.update(night + 40'000, false) == State::woken);
  REQUIRE(sleep.update(night + 50'000, false) == State::asleep);
}

TEST_CASE("closing time waits for a customer or staff to finish", "[ui][sleep]") {
  TimeZone tz("UTC");
  ui::ScreenSleep sleep(eight_to_eight(), 30'000);
  REQUIRE(sleep.update(utc("2026-11-30T19:59Z"), true) == State::awake);
  REQUIRE(sleep.update(utc("2026-11-30T20:01Z"), true) == State::awake);
  REQUIRE(sleep.update(utc("2026-11-30T20:02Z"), false) == State::asleep);
  // Staff logged in from the notice keep it from sleeping under them.
  REQUIRE(sleep.touched(utc("2026-11-30T21:00Z")));
  REQUIRE(sleep.update(utc("2026-11-30T21:10Z"), true) == State::woken);
  REQUIRE(sleep.update(utc("2026-11-30T21:10:20Z"), false) == State::woken);
  REQUIRE(sleep.update(utc("2026-11-30T21:10:40Z"), false) == State::asleep);
}

TEST_CASE("the notice names the opening time in local wall-clock time", "[ui][sleep]") {
  TimeZone tz("Europe/Madrid");
  REQUIRE(ui::local_hh_mm(utc("2026-11-30T07:00Z")) == "08:00");
  REQUIRE(ui::local_hh_mm(utc("2026-07-01T06:30Z")) == "08:30");
}
