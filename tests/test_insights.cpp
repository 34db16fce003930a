// The dashboard's figures: counted in the period only, hours and weekdays in each
// response's local time, complaint categories against the previous period, recurring words
// without stop-words.
#include <catch2/catch.hpp>

#include "store/insights.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::store;

namespace {
constexpr Millis hour = 3'600'000, day = 24 * hour;

Response at(const char* iso, int rating, int offset_min, std::vector<std::string> categories, std::string comment) {
  Response r = test::filled_response(*parse_iso8601(iso), rating);
  r.utc_offset_min = offset_min;
  r.categories = std::move(categories);
  r.comment = std::move(comment);
  if (r.kind != Kind::complaint) {
    r.desired_resolution.clear();
    r.contact = {};
    r.consent = {};
    r.urgent = false;
  }
  return r;
}
}  // namespace

TEST_CASE("Insights count a period, in local time, with categories against the period before", "[insights]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  // The week of Monday 2026-11-16; the week before is the comparison.
  store.save(at("2026-11-16T08:30:00Z", 1, 60, {"wait_time"}, "The queue was far too long"));         // Mon 09:30 local
  store.save(at("2026-11-16T23:30:00Z", 2, 60, {"wait_time", "price"}, "Long queue and the price"));  // Tue 00:30
  store.save(at("2026-11-20T17:00:00Z", 5, -300, {"friendly_staff"}, "Lovely people"));  // Fri 12:00 (UTC-5)
  store.save(at("2026-11-22T12:00:00Z", 4, 0, {}, ""));                                  // Sun 12:00
  store.save(at("2026-11-10T10:00:00Z", 1, 0, {"price"}, "Too expensive"));              // before
  store.save(at("2026-11-11T10:00:00Z", 2, 0, {"cleanliness"}, "Dirty floor"));          // before
  store.save(at("2026-11-23T00:00:00Z", 1, 0, {"price"}, "after the period"));           // after

  const StopWords stop{{"es", {"the", "and", "was", "too", "far"}}};  // sample_response says "es"
  const Millis from = *parse_iso8601("2026-11-16"), to = from + 7 * day;
  const Insights in = compute_insights(connection_of(store), from, to, stop);

  CHECK(in.responses == 4);
  CHECK(in.by_rating == std::array<std::int64_t, 5>{1, 1, 0, 1, 1});
  CHECK(in.average == Approx(3.0));
  CHECK(in.csat_percent == Approx(50.0));
  CHECK(in.heat[0][9] == 1);   // Monday 09:30 at UTC+1
  CHECK(in.heat[1][0] == 1);   // Tuesday 00:30 at UTC+1, although Monday in UTC
  CHECK(in.heat[4][12] == 1);  // Friday noon at UTC-5
  CHECK(in.heat[6][12] == 1);  // Sunday
  REQUIRE(in.categories.size() == 3);
  CHECK(in.categories[0].category == "wait_time");
  CHECK(in.categories[0].count == 2);
  CHECK(in.categories[0].previous == 0);
  CHECK(in.categories[1].category == "price");
  CHECK(in.categories[1].count == 1);
  CHECK(in.categories[1].previous == 1);
  CHECK(in.categories[2].category == "cleanliness");  // gone this week: listed last
  CHECK(in.categories[2].count == 0);
  REQUIRE(in.recent.size() == 3);
  CHECK(in.recent[0].text == "Lovely people");
  REQUIRE(in.top_words.size() >= 2);
  CHECK(in.top_words[0] == std::pair<std::string, int>{"long", 2});  // ties in alphabetical order
  CHECK(in.top_words[1] == std::pair<std::string, int>{"queue", 2});
  for (const auto& [word, n] : in.top_words) CHECK(word != "the");
}

TEST_CASE("Comment words are lower-case letters, accents kept, short words dropped", "[insights]") {
  CHECK(comment_words("Waited 25 MINUTES, at the till!") ==
        std::vector<std::string>{"waited", "minutes", "the", "till"});
  CHECK(comment_words("Esperé más de media hora") == std::vector<std::string>{"esperé", "más", "media", "hora"});
  CHECK(comment_words("").empty());
}
