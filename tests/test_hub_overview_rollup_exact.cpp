// The overview's figures come from the hub_daily_ratings rollup (whole days) and the raw rows
// of the partial days at either end. On both backends (this file runs again as "pg: ..."),
// they must equal a plain count of what was stored: after ingest, after the same batch comes
// again, and after retention removes the oldest months.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <ctime>
#include <map>

#include "hub/open_storage.hpp"
#include "hub/pg_hub_storage.hpp"
#include "store/database.hpp"
#include "support/hub_backend.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

constexpr Millis hour = 3'600'000;
constexpr Millis day = 24 * hour;
constexpr Millis jan = 1'767'225'600'000;  // 2026-01-01T00:00Z
constexpr Millis mar = 1'772'323'200'000;  // 2026-03-01T00:00Z

hub::HubConfig two_sites() {
  hub::HubConfig config;
  config.sites = {{"north", "North", "Europe/Madrid", {"k-north"}}, {"south", "South", "Europe/Lisbon", {"k-south"}}};
  return config;
}

// 300 responses, one every 7 h 13 min from 2026-01-01 (into March), alternating kiosks,
// offsets and ratings; one in 17 flagged (kept, but out of the overview's figures).
std::vector<Response> ninety_days() {
  std::vector<Response> out;
  for (int i = 0; i < 300; ++i) {
    Response r = sample_response(1 + i % 5, jan + 3 * hour + i * (7 * hour + 13 * 60'000LL));
    r.kiosk_id = i % 2 ? "k-north" : "k-south";
    r.utc_offset_min = i % 3 == 0 ? -300 : 60;
    if (i % 17 == 0) r.flags = {"burst"};
    out.push_back(r);
  }
  return out;
}

void store_all(hub::HubStorage& storage, const std::vector<Response>& responses) {
  for (const char* kiosk : {"k-north", "k-south"}) {
    std::vector<hub::FeedbackEntry> batch;
    for (const auto& r : responses)
      if (r.kiosk_id == kiosk) batch.push_back({r.id, r, ""});
    storage.store_feedback(kiosk, {}, batch);
  }
}

std::string local_day(const Response& r) {
  const std::time_t t = static_cast<std::time_t>(r.created_at / 1000 + r.utc_offset_min * 60);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

struct Tally {
  std::int64_t n = 0, happy = 0, total = 0;
  void add(int rating) { ++n, happy += rating >= 4, total += rating; }
};

// The overview of [from, until) against a count of `kept` made here, one response at a time.
void check_overview(hub::HubStorage& storage, const std::vector<Response>& kept, Millis from, Millis until) {
  INFO("period " << from << " .. " << until);
  std::map<std::string, Tally> sites, days;
  for (const auto& r : kept) {
    if (r.created_at < from || r.created_at >= until || !r.flags.empty()) continue;
    sites[r.kiosk_id == "k-north" ? "north" : "south"].add(r.rating);
    days[local_day(r)].add(r.rating);
  }
  hub::User admin;
  admin.role = hub::Role::admin;
  const json overview = storage.overview(admin, from, until, until);
  REQUIRE(overview["sites"].size() == 2);
  for (const auto& site : overview["sites"]) {
    const Tally want = sites[site["id"].get<std::string>()];
    INFO("site " << site["id"]);
    CHECK(site["responses"] == want.n);
    if (want.n == 0) continue;
    CHECK(site["csat"].get<double>() == Approx(100.0 * static_cast<double>(want.happy) / static_cast<double>(want.n)));
    CHECK(site["average"].get<double>() == Approx(static_cast<double>(want.total) / static_cast<double>(want.n)));
  }
  REQUIRE(overview["trend"].size() == days.size());
  std::size_t i = 0;
  for (const auto& [name, want] : days) {
    const json& got = overview["trend"][i++];
    CHECK(got["day"] == name);
    CHECK(got["responses"] == want.n);
    CHECK(got["average"].get<double>() == Approx(static_cast<double>(want.total) / static_cast<double>(want.n)));
  }
}

// Whole days, partial days at both ends, a period inside one day, an empty one, all of it.
void check_periods(hub::HubStorage& storage, const std::vector<Response>& kept) {
  check_overview(storage, kept, jan - day, jan + 100 * day);
  check_overview(storage, kept, jan + 7 * hour + 123, jan + 40 * day + 5 * hour);
  check_overview(storage, kept, jan + 25 * hour, jan + 31 * hour);
  check_overview(storage, kept, jan + 3 * day, jan + 3 * day);
  check_overview(storage, kept, mar - 3 * day - 2 * hour, mar + 10 * day + 17 * hour);
}

}  // namespace

TEST_CASE("The overview's rollup stays exact through duplicates and retention", "[hub][overview]") {
  TempDir dir;
  std::shared_ptr<TestPgDatabase> pg;
  const auto db = hub_database(dir / "hub.db", pg);
  auto storage = hub::open_hub_storage(db.string());
  storage->apply_config(two_sites());
  std::vector<Response> kept = ninety_days();
  store_all(*storage, kept);
  check_periods(*storage, kept);

  // The same records again (a kiosk retrying): duplicates, counted once.
  store_all(*storage, kept);
  check_periods(*storage, kept);

  // Retention removes January and February, whole: PostgreSQL drops their partitions,
  // SQLite deletes the rows.
  if (is_pg(db)) {
    CHECK(dynamic_cast<hub::PgHubStorage&>(*storage).drop_responses_before(mar) == 2);
  } else {
    store::Database raw(db);
    store::Statement s(raw, "DELETE FROM responses WHERE created_at < ?");
    s.bind(1, mar).run();
  }
  std::erase_if(kept, [](const Response& r) { return r.created_at < mar; });
  REQUIRE_FALSE(kept.empty());
  check_periods(*storage, kept);
}
