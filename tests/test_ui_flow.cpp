// The customer flow as a state machine, on a real ResponseStore in a temporary folder.
#include <catch2/catch.hpp>

#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"
#include "ui/flow.hpp"
#include "ui/keyboard.hpp"

using namespace heard;
using namespace heard::ui;
using store::Stage;

namespace {

// A kiosk's flow with its own database and a hand-driven clock.
struct FlowFixture {
  test::TempDir dir;
  store::ResponseStore store{dir / "heard.db"};
  Millis now = 1'795'961'109'000;
  Flow flow{test::survey(), store, "store-12-exit", "0.1.0", now};

  // A deliberate tap: half a second after the last one, on the screen as it is now.
  bool act(IntentType type, std::string value = {}, int number = 0) {
    now += 500;
    return flow.apply({type, std::move(value), number, flow.state().generation}, now);
  }
  void type(const std::string& text) {
    for (char c : text) act(IntentType::type_text, std::string(1, c));
  }
  const FlowState& s() const { return flow.state(); }
  Response saved() { return *store.find(s().saved.id); }
  Stage stage() { return *store.stage_of(s().saved.id); }
};

}  // namespace

TEST_CASE("One tap on a face saves a response at once, made by this kiosk at this moment", "[ui][flow]") {
  FlowFixture f;
  REQUIRE(f.act(IntentType::rate, {}, 2));
  const Response r = f.saved();
  CHECK(r.rating == 2);
  CHECK(r.kind == Kind::complaint);
  CHECK(r.kiosk_id == "store-12-exit");
  CHECK(r.created_at == f.now);
  CHECK(r.utc_offset_min == local_utc_offset_min(f.now));
  CHECK(r.language == "en");
  CHECK(r.survey_version == test::survey().survey_version);
  CHECK(is_uuid(r.id));
  CHECK(f.stage() == Stage::in_progress);
  CHECK(f.s().screen == Screen::chips);
  CHECK(f.store.stats().total == 1);
}

TEST_CASE("Each confirmed step updates the same response, and Send completes it", "[ui][flow]") {
  FlowFixture f;
  f.act(IntentType::rate, {}, 1);
  const std::string id = f.s().saved.id;
  f.act(IntentType::toggle_chip, "wait_time");
  CHECK(f.saved().categories.empty());  // not confirmed yet
  f.act(IntentType::next);
  CHECK(f.saved().categories == std::vector<std::string>{"wait_time"});
  CHECK(f.s().screen == Screen::comment);
  f.type("Slow");
  f.act(IntentType::next);
  CHECK(f.saved().comment == "Slow");
  f.act(IntentType::choose_resolution, "discount");
  f.act(IntentType::done);
  CHECK(f.s().screen == Screen::review);
  CHECK(f.saved().desired_resolution == "discount");
  CHECK(f.stage() == Stage::in_progress);
  f.act(IntentType::send);
  CHECK(f.s().screen == Screen::thank_you);
  CHECK(f.stage() == Stage::complete);
  CHECK(f.s().saved.id == id);
  CHECK(f.store.stats().total == 1);
  CHECK_FALSE(f.saved().urgent);
}

TEST_CASE("Walking away keeps what was confirmed and discards what was only typed", "[ui][flow]") {
  FlowFixture f;
  const auto& survey = test::survey();
  f.act(IntentType::rate, {}, 1);
  f.act(IntentType::toggle_chip, "price");
  f.act(IntentType::next);
  f.type("half typed");
  const std::string id = f.s().saved.id;

  SECTION("the idle time brings \"Still there?\", whose countdown ends in a reset") {
    REQUIRE(f.flow.next_deadline() == f.now + survey.idle_timeout_seconds * 1000);
    f.now += survey.idle_timeout_seconds * 1000;
    f.flow.tick(f.now);
    REQUIRE(f.s().still_there);
    CHECK(f.s().still_there_left == survey.still_there_seconds);
    CHECK(f.flow.next_deadline() == f.now + 1000);
    CHECK_FALSE(f.act(IntentType::next));  // only the overlay can be touched
    f.now += survey.still_there_seconds * 1000;
    f.flow.tick(f.now);
    CHECK(f.s().screen == Screen::welcome);
    CHECK_FALSE(f.s().response_open());
    CHECK(f.s().draft.comment.empty());
    const Response r = *f.store.find(id);
    CHECK(r.categories == std::vector<std::string>{"price"});
    CHECK(r.comment.empty());
    CHECK(f.store.stage_of(id) == Stage::complete);
    // An empty welcome screen waits for nobody; it only checks the disk a minute later.
    CHECK(f.flow.next_deadline() == f.now + Flow::probe_idle_ms);
  }
  SECTION("\"I'm still here\" keeps everything on screen") {
    f.now += survey.idle_timeout_seconds * 1000;
    f.flow.tick(f.now);
    REQUIRE(f.act(IntentType::still_here));
    CHECK_FALSE(f.s().still_there);
    CHECK(f.s().draft.comment == "half typed");
    CHECK(f.s().screen == Screen::comment);
  }
}

TEST_CASE("Contact details left unconfirmed are never kept", "[ui][flow]") {
  FlowFixture f;
  f.act(IntentType::rate, {}, 1);
  f.act(IntentType::done);  // straight to the review
  f.act(IntentType::edit_step, {}, static_cast<int>(Screen::contact));
  f.act(IntentType::edit_field, {}, static_cast<int>(ContactField::phone));
  f.type("+34 600 000 000");
  f.now += 60'000;
  f.flow.tick(f.now);
  f.now += 60'000;
  f.flow.tick(f.now);
  CHECK(f.s().screen == Screen::welcome);
  const auto stats = f.store.stats();
  CHECK(stats.total == 1);
  CHECK(stats.in_progress == 0);
  CHECK(heard::test::waiting_responses(f.store, 10).front().contact.empty());
}

TEST_CASE("Taps on a screen that is gone, or just after a change, do nothing", "[ui][flow]") {
  FlowFixture f;
  f.act(IntentType::rate, {}, 1);
  const auto drawn_on_welcome = f.s().generation - 1;

  SECTION("a second tap on a face drawn on the welcome screen") {
    CHECK_FALSE(f.flow.apply({IntentType::rate, {}, 1, drawn_on_welcome}, f.now + 1000));
  }
  SECTION("a tap on the new screen within the guard time") {
    CHECK_FALSE(f.flow.apply({IntentType::next, {}, 0, f.s().generation}, f.now + Flow::tap_guard_ms - 1));
    CHECK(f.s().screen == Screen::chips);
    CHECK(f.flow.apply({IntentType::next, {}, 0, f.s().generation}, f.now + Flow::tap_guard_ms));
    CHECK(f.s().screen == Screen::comment);
  }
  CHECK(f.store.stats().total == 1);
}

TEST_CASE("A call back waits for a way to call, then is urgent", "[ui][flow]") {
  FlowFixture f;
  f.act(IntentType::rate, {}, 1);
  f.act(IntentType::next);
  f.act(IntentType::next);
  REQUIRE(f.s().screen == Screen::resolution);
  f.act(IntentType::choose_resolution, "call_back");

  SECTION("Next moves on without saving the call back yet") {
    f.act(IntentType::next);
    CHECK(f.s().screen == Screen::staff);
    CHECK(f.saved().desired_resolution.empty());
    CHECK(f.s().draft.desired_resolution == "call_back");
  }
  SECTION("Done asks for contact details first") {
    f.act(IntentType::done);
    CHECK(f.s().screen == Screen::contact);
    REQUIRE(f.s().errors.size() == 1);
    CHECK(f.s().errors[0].code == "contact_needed");
    f.act(IntentType::edit_field, {}, static_cast<int>(ContactField::phone));
    f.type("612 345 678");
    f.act(IntentType::edit_field, {}, static_cast<int>(ContactField::none));
    f.act(IntentType::done);
    CHECK(f.s().screen == Screen::contact);  // no consent yet
    CHECK(f.s().errors.at(0).code == "consent_required");
    f.act(IntentType::toggle_consent);
    f.act(IntentType::done);
    CHECK(f.s().screen == Screen::review);
    const Response r = f.saved();
    CHECK(r.desired_resolution == "call_back");
    CHECK(r.contact.phone == "612 345 678");
    CHECK(r.consent.given);
    CHECK(r.consent.text_version == test::survey().consent_text_version);
    CHECK(r.urgent);
  }
}

TEST_CASE("Talking to a manager now is urgent without any contact details", "[ui][flow]") {
  FlowFixture f;
  f.act(IntentType::rate, {}, 2);
  f.act(IntentType::next);
  f.act(IntentType::next);
  f.act(IntentType::choose_resolution, "talk_to_manager_now");
  f.act(IntentType::done);
  f.act(IntentType::send);
  CHECK(f.s().screen == Screen::thank_you);
  CHECK(f.saved().urgent);
  CHECK(f.stage() == Stage::complete);
}

TEST_CASE("Wrong contact details stay on screen with an error code, unsaved", "[ui][flow]") {
  FlowFixture f;
  f.act(IntentType::rate, {}, 1);
  f.act(IntentType::done);
  f.act(IntentType::edit_step, {}, static_cast<int>(Screen::contact));
  f.act(IntentType::edit_field, {}, static_cast<int>(ContactField::email));
  f.type("ana@example");
  f.act(IntentType::toggle_consent);
  f.act(IntentType::done);
  CHECK(f.s().screen == Screen::contact);
  REQUIRE_FALSE(f.s().errors.empty());
  CHECK(f.s().errors[0].code == "invalid_email");
  CHECK(f.saved().contact.email.empty());
}

TEST_CASE("Compliments finish without a review and thank you returns to the faces", "[ui][flow]") {
  FlowFixture f;
  f.act(IntentType::rate, {}, 5);
  CHECK(f.flow.steps(Kind::compliment) == std::vector<Screen>{Screen::chips, Screen::comment, Screen::staff});
  f.act(IntentType::toggle_chip, "friendly_staff");
  f.act(IntentType::next);
  f.act(IntentType::next);
  f.act(IntentType::choose_staff, "ana");
  f.act(IntentType::done);
  CHECK(f.s().screen == Screen::thank_you);
  CHECK(f.saved().staff == "ana");
  CHECK(f.stage() == Stage::complete);
  REQUIRE(f.flow.next_deadline() == f.now + test::survey().thank_you_seconds * 1000);
  f.now = *f.flow.next_deadline();
  f.flow.tick(f.now);
  CHECK(f.s().screen == Screen::welcome);
  CHECK_FALSE(f.s().response_open());
}

TEST_CASE("Back to the faces keeps the same response; another face changes its rating", "[ui][flow]") {
  FlowFixture f;
  f.act(IntentType::rate, {}, 2);
  const std::string id = f.s().saved.id;
  f.act(IntentType::back);
  CHECK(f.s().screen == Screen::welcome);
  f.act(IntentType::rate, {}, 4);
  CHECK(f.s().saved.id == id);
  CHECK(f.saved().rating == 4);
  CHECK(f.saved().kind == Kind::compliment);
  CHECK(f.store.stats().total == 1);
}

TEST_CASE("The language chosen is the response's language", "[ui][flow]") {
  FlowFixture f;
  f.act(IntentType::language, "fr");
  f.act(IntentType::rate, {}, 3);
  CHECK(f.saved().language == "fr");
  CHECK_FALSE(f.act(IntentType::language, "xx"));
  f.act(IntentType::language, "de");
  f.act(IntentType::next);
  CHECK(f.saved().language == "de");
}

TEST_CASE("Keyboard text helpers handle accented letters", "[ui][keyboard]") {
  CHECK(to_upper("é") == "É");
  CHECK(to_upper("ñ") == "Ñ");
  CHECK(to_upper("œ") == "Œ");
  CHECK(to_upper("ß") == "ß");
  CHECK(to_upper("a") == "A");
  std::string text = "café";
  pop_code_point(text);
  CHECK(text == "caf");
  SECTION("each language has its layout and accents") {
    CHECK(keyboard_rows("fr", KeyboardMode::text, false)[1].keys.front() == "a");  // AZERTY
    CHECK(keyboard_rows("de", KeyboardMode::text, false)[1].keys[5] == "z");       // QWERTZ
    const auto es = keyboard_rows("es", KeyboardMode::text, false);
    CHECK(std::find(es[2].keys.begin(), es[2].keys.end(), "ñ") != es[2].keys.end());
    CHECK(keyboard_rows("es", KeyboardMode::phone, false).size() == 4);
  }
}

TEST_CASE("The sync worker hears of each response once, when it is complete", "[ui][flow]") {
  FlowFixture f;
  std::vector<Response> completed;
  f.flow.on_complete([&](const Response& r) { completed.push_back(r); });

  SECTION("after Send, with its urgency") {
    f.act(IntentType::rate, {}, 1);
    f.act(IntentType::next);
    f.act(IntentType::next);
    f.act(IntentType::choose_resolution, "talk_to_manager_now");
    f.act(IntentType::done);
    CHECK(completed.empty());  // still in progress on the review screen
    f.act(IntentType::send);
    REQUIRE(completed.size() == 1);
    CHECK(completed[0].id == f.s().saved.id);
    CHECK(completed[0].urgent);
    // The thank-you screen returning to Welcome does not announce it again.
    f.now += 60'000;
    f.flow.tick(f.now);
    CHECK(f.s().screen == Screen::welcome);
    CHECK(completed.size() == 1);
  }
  SECTION("after a customer walks away") {
    f.act(IntentType::rate, {}, 5);
    const std::string id = f.s().saved.id;
    f.now += 10 * 60'000;
    f.flow.tick(f.now);
    f.now += 10 * 60'000;
    f.flow.tick(f.now);
    CHECK(f.s().screen == Screen::welcome);
    REQUIRE(completed.size() == 1);
    CHECK(completed[0].id == id);
    CHECK_FALSE(completed[0].urgent);
  }
}

TEST_CASE("The keyboard keeps its keys whole: familiar rows, an alphabetical grid, or pages", "[ui][keyboard]") {
  auto all_keys = [](std::string_view lang, int columns, int rows) {
    const int pages = plan_keys(lang, KeyboardMode::text, false, 0, columns, rows).pages;
    std::vector<std::string> keys;
    for (int page = 0; page < pages; ++page)
      for (const auto& row : plan_keys(lang, KeyboardMode::text, false, page, columns, rows).rows) {
        CHECK(row.keys.size() <= static_cast<std::size_t>(columns));
        keys.insert(keys.end(), row.keys.begin(), row.keys.end());
      }
    return keys;
  };
  SECTION("QWERTY with its accent row when ten keys and four rows fit") {
    const KeyPlan plan = plan_keys("es", KeyboardMode::text, false, 0, 12, 4);
    CHECK(plan.familiar);
    CHECK(plan.pages == 1);
    CHECK(plan.rows[1].keys.front() == "q");
  }
  SECTION("seven a row on a portrait screen: a to z, then the language's accents") {
    const KeyPlan plan = plan_keys("fr", KeyboardMode::text, false, 0, 7, 6);
    CHECK_FALSE(plan.familiar);
    CHECK(plan.pages == 1);
    CHECK(plan.rows[0].keys == std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g"});
    const auto keys = all_keys("fr", 7, 6);
    for (const char* accent : {"é", "è", "à", "ç", "ù", "â", "ê", "î", "ô", "û", "ë", "ï"})
      CHECK(std::find(keys.begin(), keys.end(), accent) != keys.end());
  }
  SECTION("too little room: pages, each key on exactly one, the page key naming the next") {
    const KeyPlan first = plan_keys("es", KeyboardMode::text, false, 0, 9, 3);
    CHECK(first.pages == 2);
    CHECK(first.next_page == "é í ó…");  // a to z and á fill the first page
    CHECK(plan_keys("es", KeyboardMode::text, false, 1, 9, 3).next_page == "a b c…");
    CHECK(plan_keys("es", KeyboardMode::text, false, 2, 9, 3).rows[0].keys == first.rows[0].keys);  // wraps round
    const auto keys = all_keys("es", 9, 3);
    CHECK(keys.size() == 37);
    for (const char* k : {"a", "z", "ñ", "ü", "¿", "¡", ","}) CHECK(std::count(keys.begin(), keys.end(), k) == 1);
  }
  SECTION("nothing fits: no keys, so the screen can say so") {
    CHECK(plan_keys("en", KeyboardMode::text, false, 0, 2, 3).pages == 0);
    CHECK(plan_keys("en", KeyboardMode::text, false, 0, 9, 0).pages == 0);
  }
}
