// The customer flow and the screen's sleep while NTP steps the wall clock (core/clock.hpp):
// timers run on steady time, so a step back does not freeze taps and a step forward does not
// cut a customer off; what is stamped, and the opening hours, follow the new wall time.
#include <catch2/catch.hpp>

#include "core/opening_hours.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"
#include "support/time_zone.hpp"
#include "ui/flow.hpp"
#include "ui/screen_sleep.hpp"

using namespace heard;
using namespace heard::ui;

namespace {
constexpr Millis day = 24LL * 3'600'000;
const Millis wall0 = 1'795'961'109'123;  // 2026-11-30
}  // namespace

TEST_CASE("A wall-clock step mid-answer neither drops taps nor resets the customer", "[ui][time]") {
  const Millis step = GENERATE(-3 * day, 3 * day, -1, 3'600'000);
  test::TempDir dir;
  store::ResponseStore store(dir / "heard.db");
  Now now{wall0, 5'000'000};
  Flow flow(test::survey(), store, "k", "1", now);
  const auto tap = [&](IntentType type, int number = 0) {
    now.wall += 1'000;
    now.steady += 1'000;
    return flow.apply({type, {}, number, flow.state().generation}, now);
  };
  REQUIRE(tap(IntentType::rate, 2));
  const Millis created = flow.state().saved.created_at;
  const auto idle_at = flow.next_deadline();
  now.wall += step;  // NTP: only the wall clock moves
  flow.tick(now);
  CHECK(flow.state().screen != Screen::welcome);
  CHECK_FALSE(flow.state().still_there);
  CHECK(flow.next_deadline() == idle_at);  // the idle timer did not move with the wall clock
  CHECK(tap(IntentType::toggle_chip));     // the tap guard still lets a finger through
  CHECK(tap(IntentType::done));
  CHECK(flow.state().screen != Screen::welcome);
  CHECK(store.find(flow.state().saved.id)->created_at == created);
}

TEST_CASE("The screen's sleep follows the opening hours at the new wall time", "[ui][time]") {
  test::TimeZone tz("Europe/Madrid");
  OpeningHours hours;
  for (int weekday = 0; weekday < 7; ++weekday) hours.set_day(weekday, "08:00-20:00");
  ScreenSleep sleep(hours);
  const Millis monday_21h = *parse_iso8601("2026-11-30T20:00:00Z");  // 21:00 in Madrid
  Now now{monday_21h, 1'000'000};
  CHECK(sleep.update(now, false) == ScreenSleep::State::asleep);
  now.wall -= 3 * 3'600'000;  // stepped back to 18:00: open
  CHECK(sleep.update(now, false) == ScreenSleep::State::awake);
  // The next change is closing at 20:00, two hours of steady time from here.
  CHECK(sleep.next_deadline(now) == now.steady + 2 * 3'600'000);
}
