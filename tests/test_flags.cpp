// Responses that may not be a customer's own honest answer are flagged, never dropped:
// bursts of the same rating and answers given with staff mode open. The flag travels in the
// protocol record, is stored, exported, and insights leave flagged responses out with a count.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/flags.hpp"
#include "core/response_json.hpp"
#include "core/survey.hpp"
#include "store/insights.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"
#include "ui/flow.hpp"

using heard::store::Stream;
using heard::test::connection_of;

using namespace heard;
using namespace heard::ui;

namespace {
const Millis t0 = 1'790'000'000'000;
}

TEST_CASE("More than N identical ratings within M seconds of steady time are a burst", "[flags]") {
  flags::BurstWatch watch(3, 15'000);
  CHECK_FALSE(watch.rated(5, 0));
  CHECK_FALSE(watch.rated(5, 1'000));
  CHECK_FALSE(watch.rated(1, 1'500));  // another rating does not count towards it
  CHECK_FALSE(watch.rated(5, 2'000));
  CHECK(watch.rated(5, 3'000));
  CHECK(watch.rated(5, 14'999));
  // The window slides: 15 s after the taps above, the same rating is fine again.
  CHECK_FALSE(watch.rated(5, 40'000));
}

TEST_CASE("The kiosk flags a burst and answers given with staff mode open, and keeps them", "[flags][ui]") {
  test::TempDir dir;
  store::ResponseStore store(dir / "heard.db");
  SurveyConfig survey = load_survey(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  survey.burst_max_same_ratings = 2;
  survey.burst_seconds = 60;
  Millis steady = t0;
  // The wall clock far from the steady one: the window is a duration, on steady time.
  const auto now = [&] { return Now{t0 - 5 * 24 * 3'600'000LL, steady}; };
  Flow flow(survey, store, "k", "1", now());
  const auto tap = [&](IntentType type, int number = 0) {
    steady += 1'000;
    return flow.apply({type, {}, number, flow.state().generation}, now());
  };
  for (int i = 0; i < 3; ++i) {
    REQUIRE(tap(IntentType::rate, 5));
    REQUIRE(tap(IntentType::done));
    REQUIRE(tap(IntentType::finish));
  }
  flow.staff_seen(now());
  steady += flags::staff_window_ms - 10'000;
  REQUIRE(tap(IntentType::rate, 3));
  REQUIRE(tap(IntentType::done));

  const auto all = heard::test::waiting_responses(store, 10);  // oldest first: none is urgent
  REQUIRE(all.size() == 4);
  CHECK(all[0].flags.empty());
  CHECK(all[1].flags.empty());
  CHECK(all[2].flags == std::vector<std::string>{"burst"});
  CHECK(all[3].flags == std::vector<std::string>{"staff_present"});
  CHECK(store.outbox().size(Stream::responses) == 4);  // flagged ones are sent like the rest
}

TEST_CASE("Flags travel in the protocol record, and records without them still parse", "[flags][protocol]") {
  Response r = test::sample_response(5);
  CHECK(to_json(r, ContactFields::omit).contains("flags") == false);  // unchanged bytes for old hubs
  r.flags = {"burst"};
  const auto j = to_json(r, ContactFields::omit);
  CHECK(j.at("flags") == nlohmann::json::array({"burst"}));
  CHECK(response_from_json(j).flags == r.flags);
  auto bad = j;
  bad["flags"] = "burst";
  CHECK_THROWS_WITH(response_from_json(bad), Catch::Contains("flags"));
}

TEST_CASE("Insights leave flagged responses out by default and say how many", "[flags][insights]") {
  test::TempDir dir;
  store::ResponseStore store(dir / "heard.db");
  for (int i = 0; i < 3; ++i) {
    Response r = test::sample_response(5, t0 + i * 1000);
    if (i > 0) r.flags = {"burst"};
    store.save(r);
  }
  store.save(test::sample_response(1, t0 + 5000));
  const auto in = store::compute_insights(connection_of(store), t0 - 1, t0 + 60'000, {});
  CHECK(in.responses == 2);
  CHECK(in.flagged_left_out == 2);
  CHECK(in.csat_percent == Approx(50));
  const auto all = store::compute_insights(connection_of(store), t0 - 1, t0 + 60'000, {}, 5, 10, true);
  CHECK(all.responses == 4);
  CHECK(all.flagged_left_out == 0);
}
