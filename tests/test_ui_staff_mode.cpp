// Staff mode's state machine without a window: the hidden gesture and idle logout; and the
// daily purge, the kiosk's housekeeping job while it waits for customers.
#include <catch2/catch.hpp>

#include "core/survey.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"
#include "ui/privacy_purge.hpp"
#include "ui/staff_mode.hpp"

using namespace heard;
using namespace heard::ui;

namespace {
const Millis t0 = 1'790'000'000'000;
constexpr Millis day = 24LL * 3'600'000;
}  // namespace

TEST_CASE("Only a 3-second hold in the Welcome screen's corner opens the PIN pad", "[staff][ui]") {
  test::TempDir dir;
  store::ResponseStore store(dir / "heard.db");
  const SurveyConfig survey = load_survey(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  StaffMode staff(store, survey);
  staff.tick(t0);

  SECTION("a hold of 3 s in the corner") {
    staff.watch_gesture(true, 10, 10, 90, true, t0);
    staff.tick(t0 + 2'999);
    CHECK_FALSE(staff.active());
    CHECK(staff.next_deadline() == t0 + 3'000);
    staff.watch_gesture(true, 12, 11, 90, true, t0 + 3'000);
    staff.tick(t0 + 3'000);
    CHECK(staff.state().screen == StaffScreen::pin);
    CHECK(staff.session().no_pins);
  }
  SECTION("lifting the finger, leaving the corner or another screen starts again") {
    staff.watch_gesture(true, 10, 10, 90, true, t0);
    staff.watch_gesture(false, 10, 10, 90, true, t0 + 1'000);
    staff.watch_gesture(true, 10, 10, 90, true, t0 + 1'500);
    staff.tick(t0 + 3'500);
    CHECK_FALSE(staff.active());
    staff.watch_gesture(true, 200, 10, 90, true, t0 + 3'600);
    staff.tick(t0 + 9'000);
    CHECK_FALSE(staff.active());
    staff.watch_gesture(true, 10, 10, 90, false, t0 + 9'000);
    staff.tick(t0 + 20'000);
    CHECK_FALSE(staff.active());
  }
  SECTION("two idle minutes after opening close it again") {
    staff.watch_gesture(true, 10, 10, 90, true, t0);
    staff.tick(t0 + 3'000);
    staff.watch_gesture(false, 10, 10, 90, true, t0 + 3'100);
    staff.apply({StaffAction::digit, "1"}, t0 + 10'000);
    staff.tick(t0 + 10'000 + StaffMode::idle_logout_ms - 1);
    CHECK(staff.active());
    staff.tick(t0 + 10'000 + StaffMode::idle_logout_ms);
    CHECK_FALSE(staff.active());
  }
}

TEST_CASE("The kiosk purges contact details at start and then daily", "[staff][ui][purge]") {
  test::TempDir dir;
  store::ResponseStore store(dir / "heard.db");
  const SurveyConfig survey = load_survey(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  const Response old = test::filled_response(t0 - 400 * day);
  const Response later = test::filled_response(t0 - 364 * day);
  store.save(old);
  store.save(later);
  PrivacyPurge purge(store, survey);
  purge.tick(t0);
  CHECK(store.find(old.id)->contact.empty());
  CHECK_FALSE(store.find(later.id)->contact.empty());
  CHECK(purge.next_deadline() == t0 + day);
  purge.tick(t0 + day - 1);
  CHECK_FALSE(store.find(later.id)->contact.empty());
  purge.tick(t0 + day);
  CHECK(store.find(later.id)->contact.empty());
}
