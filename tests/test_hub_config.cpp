// heard-hub's configuration file, its --check-config, kiosk tokens kept as digests only, the
// old --tokens file imported, the hub's migrations, and the ranking's arithmetic.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hub/hub_schema.hpp"
#include "hub/ranking.hpp"
#include "hub/sign_in_limiter.hpp"
#include "store/database.hpp"
#include "support/console_fixture.hpp"

using namespace heard;
using namespace heard::test;

namespace {

Run check(const TempDir& dir, const std::string& text) {
  std::ofstream(dir / "hub.toml") << text;
  return run_hub(dir, {"--check-config", "--config", (dir / "hub.toml").string()});
}

}  // namespace

TEST_CASE("heard-hub --check-config names the file, line and key of a mistake", "[hub][config]") {
  TempDir dir;
  const Run ok = check(dir, two_sites_config);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("configuration OK"));

  std::string bad_zone = two_sites_config;
  bad_zone.replace(bad_zone.find("Europe/Lisbon"), 13, "Mars/Olympus");
  const Run zone = check(dir, bad_zone);
  CHECK(zone.exit_code == 78);
  CHECK_THAT(zone.err, Catch::Contains("hub.toml:14: sites[1].time_zone: unknown time zone 'Mars/Olympus'"));

  const Run unknown =
      check(dir, two_sites_config + "\n[[sites]]\nid = \"east\"\nname = \"E\"\ntime_zone = \"UTC\"\ncolour = 1\n");
  CHECK(unknown.exit_code == 78);
  CHECK_THAT(unknown.err, Catch::Contains("hub.toml:21: sites[2].colour: unknown key"));

  const Run twice =
      check(dir, two_sites_config +
                     "\n[[sites]]\nid = \"east\"\nname = \"E\"\ntime_zone = \"UTC\"\nkiosks = [\"north-1\"]\n");
  CHECK(twice.exit_code == 78);
  CHECK_THAT(twice.err, Catch::Contains("sites[2].kiosks: kiosk 'north-1' is named twice"));

  const Run sla = check(dir, "[hub]\nsla_hours = 0\n");
  CHECK(sla.exit_code == 78);
  CHECK_THAT(sla.err, Catch::Contains("hub.toml:2: hub.sla_hours: expected a whole number from 1"));
  CHECK(check(dir, "[hub\n").exit_code == 78);
}

TEST_CASE("kiosk add prints a new token once, keeps only its digest, and revoke ends it", "[hub][config]") {
  TempDir dir;
  ConsoleChain chain(dir);
  const std::string token = chain.north_token;
  CHECK(token.size() == 64);
  CHECK_FALSE(hub_holds_text(chain.db(), token));
  const std::string url = chain.url() + "/v1/kiosks/north-1/heartbeat";
  const std::string beat = R"({"at":"2026-11-23T14:05:09.123Z","app_version":"1.0.0","outbox":0})";
  CHECK(http("POST", url, token, beat).status == 204);

  const Run unknown_site = run_hub(dir, {"kiosk", "add", "east-1", "--site", "east", "--db", chain.db().string(),
                                         "--config", chain.config().string()});
  CHECK(unknown_site.exit_code == 3);
  CHECK_THAT(unknown_site.err, Catch::Contains("no site 'east'"));
  CHECK(unknown_site.out.empty());

  REQUIRE(run_hub(dir, {"kiosk", "revoke", "north-1", "--db", chain.db().string()}).exit_code == 0);
  CHECK(http("POST", url, token, beat).status == 401);
  CHECK(run_hub(dir, {"kiosk", "revoke", "nowhere-9", "--db", chain.db().string()}).exit_code == 1);
  const std::string again = chain.add_kiosk("north-1", "north");
  CHECK(again != token);
  CHECK(http("POST", url, again, beat).status == 204);
}

TEST_CASE("The old --tokens file keeps working and is kept as digests", "[hub][config]") {
  TempDir dir;
  HubProcess hub(dir);
  CHECK(http("POST", hub.url() + "/v1/kiosks/" + kiosk_id + "/heartbeat", kiosk_token,
             R"({"at":"2026-11-23T14:05:09.123Z","app_version":"1.0.0","outbox":0})")
            .status == 204);
  CHECK(http("GET", hub.url() + "/v1/feedback.csv", admin_token).status == 200);
  CHECK_FALSE(hub_holds_text(hub.db(), kiosk_token));
}

TEST_CASE("user add refuses what would not work", "[hub][config]") {
  TempDir dir;
  ConsoleChain chain(dir);
  const std::string db = chain.db().string();
  CHECK(run_hub(dir, {"user", "add", "bea", "--role", "manager", "--db", db}, "long enough password\n").exit_code == 2);
  CHECK(run_hub(dir, {"user", "add", "bea", "--role", "boss", "--db", db}, "long enough password\n").exit_code == 2);
  CHECK(run_hub(dir, {"user", "add", "bea", "--role", "viewer", "--db", db}, "short\n").exit_code == 2);
  CHECK(run_hub(dir, {"user", "add", "ana", "--role", "viewer", "--db", db}, "long enough password\n").exit_code == 3);
  CHECK(
      run_hub(dir, {"user", "add", "bea", "--role", "manager", "--site", "west", "--db", db}, "long enough password\n")
          .exit_code == 3);
  CHECK(run_hub(dir, {"user", "passwd", "nobody", "--db", db}, "long enough password\n").exit_code == 1);
}

TEST_CASE("The hub's schema migrates a file from before it counted versions", "[hub][config][sqlite]") {
  TempDir dir;
  const auto file = dir / "old-hub.db";
  {
    store::Database db(file);
    db.exec(
        "CREATE TABLE hub_events (id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, response_id TEXT NOT NULL, "
        "at INTEGER NOT NULL, status TEXT NOT NULL, by TEXT NOT NULL, note TEXT, received_at INTEGER NOT NULL)");
    db.exec("INSERT INTO hub_events VALUES ('e1', 'k', 'r', 1, 'resolved', 'x', NULL, 1)");
    // The kiosk's responses table, as the hub's storage migrates it first (store::migrate).
    db.exec(
        "CREATE TABLE responses (seq INTEGER PRIMARY KEY, id TEXT, kiosk_id TEXT, created_at INTEGER, "
        "utc_offset_min INTEGER, rating INTEGER, kind TEXT, comment TEXT, urgent INTEGER, contact_phone TEXT, "
        "contact_email TEXT, complete INTEGER, flags TEXT)");
    // 2026-11-23 23:30 UTC, at UTC+1: the next local day. Then an incomplete one, left out.
    db.exec(
        "INSERT INTO responses VALUES (1, 'r', 'k', 1795476600000, 60, 4, 'compliment', 'cold coffee', 0, NULL, "
        "NULL, 1, NULL), (2, 'r2', 'k', 1795476600000, 60, 1, 'complaint', NULL, 0, NULL, NULL, 0, NULL)");
    hub::migrate_hub(db);
    // Not a fixed number: other branches append steps, renumbered when they merge.
    const int latest = hub::hub_schema_version(db);
    CHECK(latest >= 4);
    CHECK(db.query_int("SELECT count(*) FROM hub_events WHERE to_person IS NULL") == 1);
    CHECK(db.query_int("SELECT count(*) FROM responses_fts WHERE responses_fts MATCH 'coffee'") == 1);
    // The overview's rollup is backfilled from what was stored before it existed.
    CHECK(db.query_text("SELECT day || ' ' || kiosk_id || ' ' || date(local_day * 86400, 'unixepoch') || ' ' || "
                        "r1 || r2 || r3 || r4 || r5 FROM hub_daily_ratings") == "20780 k 2026-11-24 00010");
    CHECK(db.query_int("SELECT count(*) FROM hub_daily_ratings") == 1);
    hub::migrate_hub(db);  // nothing left to do
    CHECK(hub::hub_schema_version(db) == latest);
  }
}

TEST_CASE("The ranking shrinks small samples towards the chain's average", "[hub][ranking]") {
  // Chain average 4.0, 200 responses per site on average.
  CHECK(hub::shrunk_score(4.0, 200, 5.0, 5) == Approx(4.0244).epsilon(0.001));
  CHECK(hub::shrunk_score(4.0, 200, 4.6, 500) == Approx(4.4286).epsilon(0.001));
  CHECK(hub::shrunk_score(4.0, 200, 0.0, 0) == 4.0);
  const nlohmann::json sites = {
      {{"id", "tiny"}, {"name", "Tiny"}, {"time_zone", "UTC"}, {"responses", 5}, {"happy", 5}, {"average", 5.0}},
      {{"id", "big"}, {"name", "Big"}, {"time_zone", "UTC"}, {"responses", 500}, {"happy", 400}, {"average", 4.2}},
      {{"id", "poor"}, {"name", "Poor"}, {"time_zone", "UTC"}, {"responses", 95}, {"happy", 20}, {"average", 2.5}}};
  const auto ranked = hub::rank_sites(sites, {{"poor", {3, 1}}}, nullptr);
  REQUIRE(ranked.size() == 3);
  CHECK(ranked[0]["id"] == "big");
  CHECK(ranked[1]["id"] == "tiny");
  CHECK(ranked[2]["id"] == "poor");
  CHECK(ranked[2]["overdue"] == 1);
  CHECK(hub::rank_sites(sites, nlohmann::json::object(), {"tiny"}).size() == 1);
}

TEST_CASE("Sign-in limits count failures in a window and forget them after it", "[hub][ranking]") {
  hub::SignInLimiter limiter;
  const auto t0 = hub::SignInLimiter::Clock::time_point{} + std::chrono::hours(1);
  std::chrono::seconds wait{0};
  for (int i = 0; i < 5; ++i) {
    REQUIRE(limiter.allowed("Ana", "10.0.0.1", t0, wait));
    limiter.failed("Ana", "10.0.0.1", t0);
  }
  CHECK_FALSE(limiter.allowed("ana", "10.0.0.2", t0, wait));  // names fold case
  CHECK(wait == std::chrono::minutes(15));
  CHECK(limiter.allowed("bea", "10.0.0.1", t0, wait));
  CHECK(limiter.allowed("ana", "10.0.0.2", t0 + std::chrono::minutes(15), wait));
}
