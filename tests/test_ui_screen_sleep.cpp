// ui::ScreenSleep: the screen sleeps outside opening hours, wakes for a while when touched,
// and never cuts off a customer or staff at closing time.
#include <catch2/catch.hpp>

#include "support/sample.hpp"
#include "support/time_zone.hpp"
#include "ui/closed_screen.hpp"
#include "ui/screen_sleep.hpp"

using namespace heard;
using heard::test::TimeZone;
using State = heard::ui::ScreenSleep::State;
using When = heard::ui::OpeningDay::When;

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

TEST_CASE("the closed notice is drawn again at midnight, when its \"tomorrow\" becomes \"today\"", "[ui][sleep]") {
  TimeZone tz("Europe/Madrid");
  ui::ScreenSleep sleep(eight_to_eight(), 30'000);
  const Millis before_midnight = utc("2026-11-30T22:59:50Z");  // 23:59:50 in Madrid
  REQUIRE(sleep.update(before_midnight, false) == State::asleep);
  REQUIRE(sleep.touched(before_midnight));
  const Millis opens = *sleep.opens_at(before_midnight);
  REQUIRE(ui::opening_day(before_midnight, opens).when == When::tomorrow);
  // The notice shows for 30 s, but the date changes after 10: a frame is due then.
  const Millis midnight = utc("2026-11-30T23:00:00Z");
  REQUIRE(*sleep.next_deadline(before_midnight) == midnight);
  REQUIRE(sleep.update(midnight, false) == State::woken);
  CHECK(ui::opening_day(midnight, opens).when == When::today);
  CHECK(*sleep.next_deadline(midnight) == before_midnight + 30'000);
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

TEST_CASE("the notice says which day feedback opens: today, tomorrow or the weekday", "[ui][sleep]") {
  TimeZone tz("Europe/Madrid");  // UTC+1 in winter
  OpeningHours h;
  for (int day = 0; day < 6; ++day) h.set_day(day, "08:00-20:00");
  h.set_day(6, "closed");  // Sunday
  auto opening = [&](const char* now) {
    const auto opens = h.next_change(utc(now));
    REQUIRE(opens);
    REQUIRE_FALSE(h.is_open(utc(now)));
    return ui::opening_day(utc(now), *opens);
  };
  // Monday 2026-11-30, 06:00 local: opens later today.
  CHECK(opening("2026-11-30T05:00Z").when == When::today);
  // Monday evening: Tuesday is tomorrow.
  CHECK(opening("2026-11-30T20:00Z").when == When::tomorrow);
  // Saturday 2026-12-05 evening, Sunday closed: Monday, by name.
  const auto saturday = opening("2026-12-05T19:30Z");
  CHECK(saturday.when == When::weekday);
  CHECK(saturday.weekday == 0);
  // Sunday 00:30 local is still Saturday in UTC: the local day decides, so Monday is tomorrow.
  CHECK(opening("2026-12-05T23:30Z").when == When::tomorrow);
  // Sunday at noon.
  CHECK(opening("2026-12-06T11:00Z").when == When::tomorrow);
  // Saturday before opening: today.
  CHECK(opening("2026-12-05T06:59Z").when == When::today);
}

TEST_CASE("the closed notice names the day in each language", "[ui][sleep][i18n]") {
  TimeZone tz("Europe/Madrid");
  const auto& survey = test::survey();
  const auto tr = ui::Translations::load(HEARD_ASSETS_DIR "/i18n", survey.languages);
  const Millis saturday_night = utc("2026-12-05T20:00Z"), monday = utc("2026-12-07T07:00Z");
  CHECK(ui::closed_notice(tr, "en", saturday_night, monday) == "We're closed — feedback opens Monday at 08:00.");
  CHECK(ui::closed_notice(tr, "es", saturday_night, monday) ==
        "Estamos cerrados — puede dejar su opinión a partir del lunes a las 08:00.");
  CHECK(ui::closed_notice(tr, "fr", saturday_night, monday) ==
        "Nous sommes fermés — vos avis sont les bienvenus dès lundi à 08:00.");
  CHECK(ui::closed_notice(tr, "de", saturday_night, monday) ==
        "Wir haben geschlossen — Feedback ist ab Montag, 08:00 Uhr möglich.");
  const Millis sunday = utc("2026-12-06T12:00Z");
  CHECK(ui::closed_notice(tr, "en", sunday, monday) == "We're closed — feedback opens tomorrow at 08:00.");
  CHECK(ui::closed_notice(tr, "de", sunday, monday) ==
        "Wir haben geschlossen — Feedback ist ab morgen, 08:00 Uhr möglich.");
  const Millis early_monday = utc("2026-12-07T05:00Z");
  CHECK(ui::closed_notice(tr, "fr", early_monday, monday) ==
        "Nous sommes fermés — vos avis sont les bienvenus à partir de 08:00.");
  // Every day closed: no opening to name.
  CHECK(ui::closed_notice(tr, "es", sunday, std::nullopt) == "Estamos cerrados");
  CHECK(tr.missed().empty());
}
