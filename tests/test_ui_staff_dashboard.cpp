// Staff mode past the PIN: the dashboard's queries run off the UI thread and honour the
// device's assets folder; what the hub refused can be sent again; the USB export offers the
// folder heard.conf names.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include "core/survey.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"
#include "ui/staff_mode.hpp"

using heard::store::Stream;
using heard::test::connection_of;

using namespace heard;
using namespace heard::ui;

namespace {

const Millis t0 = 1'790'000'000'000;

struct LoggedIn {
  test::TempDir dir;
  store::ResponseStore store{dir / "heard.db"};
  SurveyConfig survey = load_survey(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  StaffMode staff{store, survey};
  Millis now = t0;

  LoggedIn() {
    store::StaffStore(store).set_pin("Marta", "4821", t0);
    staff.tick(now);
    staff.watch_gesture(true, 5, 5, 90, true, now);
    now += StaffMode::hold_ms;
    staff.tick(now);
    for (const char* d : {"4", "8", "2", "1"}) staff.apply({StaffAction::digit, d}, now);
    staff.apply({StaffAction::enter_pin, {}}, now);
    REQUIRE(staff.session().member == "Marta");
  }
  // Ticks, as the kiosk's frames do, until the dashboard's thread has answered.
  void wait_for_dashboard() {
    for (int i = 0; i < 5000 && staff.insights().loading; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      staff.tick(now);
    }
    REQUIRE_FALSE(staff.insights().loading);
  }
};

}  // namespace

TEST_CASE("The dashboard loads on its own thread, then shows the numbers", "[staff][ui][insights]") {
  LoggedIn k;
  Response r = test::sample_response(1, t0 - 3'600'000);
  r.comment = "sticky tables again";
  k.store.save(r);
  k.staff.apply({StaffAction::show_insights, "7"}, k.now);
  CHECK(k.staff.state().screen == StaffScreen::insights);
  // The first frames after the tap: loading, and the kiosk asks to be woken to look again.
  if (k.staff.insights().loading) CHECK(k.staff.next_deadline() <= k.now + StaffMode::insights_poll_ms);
  k.wait_for_dashboard();
  REQUIRE(k.staff.insights().insights);
  CHECK(k.staff.insights().insights->responses == 1);
  CHECK(k.staff.insights().error.empty());

  SECTION("a quick change of period answers the newest question") {
    k.staff.apply({StaffAction::show_insights, "1"}, k.now);
    k.staff.apply({StaffAction::show_insights, "30"}, k.now);
    k.wait_for_dashboard();
    CHECK(k.staff.insights().days == 30);
    CHECK(k.staff.insights().insights->responses == 1);
  }
  SECTION("a result that arrives after logout is dropped") {
    k.staff.apply({StaffAction::show_insights, "30"}, k.now);
    k.staff.apply({StaffAction::logout, {}}, k.now);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    k.staff.tick(k.now);
    CHECK_FALSE(k.staff.insights().insights);
    CHECK_FALSE(k.staff.active());
  }
}

TEST_CASE("The dashboard's stop-words come from the device's assets folder", "[staff][ui][insights]") {
  LoggedIn k;
  test::TempDir assets;
  // "sticky" is a stop-word only in this device's own list.
  std::ofstream(assets / "stopwords.json") << R"({"en": ["sticky", "the", "again"]})";
  k.staff.configure({{}, assets.path(), {}});
  for (int i = 0; i < 2; ++i) {
    Response r = test::sample_response(1, t0 - 3'600'000 + i);
    r.comment = "sticky tables";
    k.store.save(r);
  }
  k.staff.apply({StaffAction::show_insights, "7"}, k.now);
  k.wait_for_dashboard();
  const auto& words = k.staff.insights().insights->top_words;
  CHECK(std::find_if(words.begin(), words.end(), [](const auto& w) { return w.first == "sticky"; }) == words.end());
  CHECK(std::find_if(words.begin(), words.end(), [](const auto& w) { return w.first == "tables"; }) != words.end());
}

TEST_CASE("The USB export offers the folder heard.conf names", "[staff][ui][usb]") {
  LoggedIn k;
  test::TempDir stick;
  k.staff.configure({stick.path(), {}, {}});
  k.staff.apply({StaffAction::show_export, {}}, k.now);
  REQUIRE_FALSE(k.staff.usb_export().folders.empty());
  CHECK(k.staff.usb_export().folders.front() == stick.path());
}

TEST_CASE("The USB export's outcome is kept as words for the staff language, counted", "[staff][ui][usb]") {
  LoggedIn k;
  k.store.save(test::sample_response(5, t0 - 60'000));
  test::TempDir stick;
  k.staff.configure({stick.path(), {}, {}});
  k.staff.apply({StaffAction::show_export, {}}, k.now);
  REQUIRE(k.staff.usb_export().folders.front() == stick.path());
  k.staff.apply({StaffAction::export_to, "0"}, k.now);
  CHECK(k.staff.usb_export().result.key == "staffmode.export.saved");
  CHECK(k.staff.usb_export().result.count == 1);
  CHECK_FALSE(k.staff.usb_export().failed);

  SECTION("a stick pulled out before the export says so") {
    std::filesystem::remove_all(stick.path());
    k.staff.apply({StaffAction::export_to, "0"}, k.now);
    CHECK(k.staff.usb_export().failed);
    CHECK(k.staff.usb_export().result.key == "staffmode.export.stick_gone");
  }
}

TEST_CASE("Staff send what the hub refused again from the sync panel", "[staff][ui][sync]") {
  LoggedIn k;
  const Response r = test::sample_response(2, t0 - 60'000);
  k.store.save(r);
  k.store.outbox().mark_rejected(Stream::responses, r.id, "unknown category");
  k.staff.apply({StaffAction::show_sync, {}}, k.now);
  REQUIRE(k.staff.sync_panel().rejected.size() == 1);
  k.staff.apply({StaffAction::resend_rejected, {}}, k.now);
  CHECK(k.staff.sync_panel().rejected.empty());
  CHECK(k.store.rejected_counts().total() == 0);
  CHECK(k.store.outbox().size(Stream::responses) == 1);
  CHECK(connection_of(k.store).query_int(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'resend_rejected' AND who = 'Marta'") == 1);
}
