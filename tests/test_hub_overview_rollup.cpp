// The overview reads whole days from the hub_daily_ratings rollup and the partial days at
// either end of the period from responses. Whatever the period's edges and the kiosks'
// offsets, its figures must equal a plain GROUP BY over every response.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "hub/sqlite_hub_storage.hpp"
#include "store/database.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

constexpr Millis hour = 3'600'000;
constexpr Millis start = 1795476600000;  // 2026-11-23 23:30 UTC

hub::HubConfig two_sites() {
  hub::HubConfig config;
  config.sites = {{"north", "North", "Europe/Madrid", {"k-north"}}, {"south", "South", "Europe/Lisbon", {"k-south"}}};
  return config;
}

// 240 responses, one every 61 minutes over ten days, alternating kiosks, offsets and ratings.
void store_ten_days(hub::SqliteHubStorage& storage) {
  std::vector<hub::FeedbackEntry> batch;
  for (int i = 0; i < 240; ++i) {
    Response r = sample_response(1 + i % 5, start + i * 61 * 60'000LL);
    r.kiosk_id = i % 2 ? "k-north" : "k-south";
    r.utc_offset_min = i % 3 == 0 ? -300 : 60;
    batch.push_back({r.id, r, ""});
    if (batch.size() == 100 || i == 239) {
      storage.store_feedback(r.kiosk_id, {}, batch);  // the hub's kiosk check is the route's, not storage's
      batch.clear();
    }
  }
}

// The same figures as the overview, the slow way.
json naive_sites(store::Database& db, Millis from, Millis until) {
  store::Statement s(db,
                     "SELECT k.site_id, count(*), sum(r.rating >= 4), sum(r.rating) FROM responses r "
                     "JOIN hub_kiosks k ON k.id = r.kiosk_id WHERE r.complete = 1 AND r.created_at >= ? "
                     "AND r.created_at < ? GROUP BY k.site_id");
  s.bind(1, from).bind(2, until);
  json out = json::object();
  while (s.step()) out[s.column_text(0)] = {s.column_int64(1), s.column_int64(2), s.column_int64(3)};
  return out;
}

json naive_trend(store::Database& db, Millis from, Millis until) {
  store::Statement s(db,
                     "SELECT date(created_at / 1000 + utc_offset_min * 60, 'unixepoch') AS day, count(*), "
                     "sum(rating) FROM responses WHERE complete = 1 AND created_at >= ? AND created_at < ? "
                     "GROUP BY day ORDER BY day");
  s.bind(1, from).bind(2, until);
  json out = json::array();
  while (s.step()) out.push_back({s.column_text(0), s.column_int64(1), s.column_int64(2)});
  return out;
}

}  // namespace

TEST_CASE("The overview's rollup gives the same figures as counting every response", "[hub][overview][sqlite]") {
  TempDir dir;
  hub::SqliteHubStorage storage(dir / "hub.db");
  storage.apply_config(two_sites());
  store_ten_days(storage);
  store::Database db(dir / "hub.db");
  hub::User admin;
  admin.role = hub::Role::admin;

  // Whole days, partial days at both ends, a period inside one day, an empty one.
  const std::vector<std::pair<Millis, Millis>> periods = {{start - 24 * hour, start + 12 * 24 * hour},
                                                          {start + 7 * hour + 123, start + 6 * 24 * hour + 5 * hour},
                                                          {start + 25 * hour, start + 31 * hour},
                                                          {start + 3 * 24 * hour, start + 3 * 24 * hour},
                                                          {start + 30 * hour, start + 5 * 24 * hour + 30 * hour}};
  for (const auto& [from, until] : periods) {
    INFO("period " << from << " .. " << until);
    const json overview = storage.overview(admin, from, until, until);
    const json expected = naive_sites(db, from, until);
    for (const auto& site : overview["sites"]) {
      const std::string id = site["id"];
      const json want = expected.contains(id) ? expected[id] : json{0, 0, 0};
      CHECK(site["responses"] == want[0]);
      if (want[0] == 0) continue;
      const double n = want[0].get<double>();
      CHECK(site["csat"].get<double>() == Approx(100.0 * want[1].get<double>() / n));
      CHECK(site["average"].get<double>() == Approx(want[2].get<double>() / n));
    }
    const json trend = naive_trend(db, from, until);
    REQUIRE(overview["trend"].size() == trend.size());
    for (std::size_t i = 0; i < trend.size(); ++i) {
      CHECK(overview["trend"][i]["day"] == trend[i][0]);
      CHECK(overview["trend"][i]["responses"] == trend[i][1]);
      CHECK(overview["trend"][i]["average"].get<double>() ==
            Approx(trend[i][2].get<double>() / trend[i][1].get<double>()));
    }
  }
  // And the rollup holds every response once.
  CHECK(db.query_int("SELECT sum(r1 + r2 + r3 + r4 + r5) FROM hub_daily_ratings") == 240);
}

TEST_CASE("Comments stored in a batch are found by the console's text search", "[hub][overview][sqlite]") {
  TempDir dir;
  hub::SqliteHubStorage storage(dir / "hub.db");
  storage.apply_config(two_sites());
  std::vector<hub::FeedbackEntry> batch;
  for (int i = 0; i < 3; ++i) {
    Response r = sample_complaint(start + i * hour);
    r.kiosk_id = "k-north";
    r.comment = i == 1 ? "" : "cold coffee number " + std::to_string(i);
    batch.push_back({r.id, r, ""});
  }
  storage.store_feedback("k-north", {}, batch);
  storage.store_feedback("k-north", {}, batch);  // all duplicates now: nothing indexed twice
  hub::User admin;
  admin.role = hub::Role::admin;
  const json found = storage.responses(admin, {{"text", "coffee"}}, 10);
  CHECK(found["responses"].size() == 2);
  store::Database db(dir / "hub.db");
  CHECK(db.query_int("SELECT count(*) FROM responses_fts WHERE responses_fts MATCH 'number'") == 2);
}
