// Issue 17: a survey that only breaks on the kiosk is rolled back by the kiosk. Published
// from the console, it passes the hub's validator, but its new words need characters the
// kiosk's fonts do not have (ImGui would draw each as "?"). The kiosk checks the font files'
// character maps before it applies a survey, stays on the one it runs, and its heartbeat
// carries the failure to the console's fleet page, per kiosk. Real heard-hub, real
// `heardctl sync`, real headless heard-kiosk.
#include <catch2/catch.hpp>

#ifdef HEARD_KIOSK_TEST_PATH

#include "core/fleet_config.hpp"
#include "support/console_fixture.hpp"
#include "support/fleet_surveys.hpp"
#include "support/sync_fixture.hpp"
#include "sync/config_folder.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

// heard.conf for the console chain's kiosk north-1, syncing to `hub`.
std::filesystem::path north_config(const TempDir& dir, const ConsoleChain& chain) {
  write_private_file(dir / "north.token", chain.north_token + "\n");
  const auto file = dir / "north.conf";
  std::ofstream(file) << "kiosk_id = \"north-1\"\n\n[sync]\nhub_url = \"" << chain.url() << "\"\ntoken_file = \""
                      << (dir / "north.token").string() << "\"\nconnect_timeout_s = 2\n";
  return file;
}

Run sync_once(const TempDir& dir, const std::filesystem::path& config, const std::filesystem::path& db) {
  return run_heardctl(dir, {"--config", config.string(), "--db", db.string(), "sync", "--once"});
}

// The kiosk's screen as north-1 (its responses are north-1's), without a sync worker of its
// own: the test syncs with heardctl, one step at a time.
Run run_kiosk(const TempDir& dir, const std::filesystem::path& db, const std::string& script) {
  write_private_file(dir / "kiosk.script", script);
  std::ofstream(dir / "screen.conf") << "kiosk_id = \"north-1\"\n";
  return run_program(dir, {"/usr/bin/env", "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR,
                           "HEARD_CONFIG=" + (dir / "screen.conf").string(), HEARD_KIOSK_TEST_PATH, "--headless",
                           "--size", "800x480", "--db", db.string(), "--script", (dir / "kiosk.script").string()});
}

json kiosk_row(ConsoleClient& ana, const std::string& id) {
  const auto fleet = ana.get("/api/fleet");
  REQUIRE(fleet.status == 200);
  for (const auto& k : fleet.body["kiosks"])
    if (k["id"] == id) return k;
  FAIL("no kiosk " << id << " on the fleet page: " << fleet.body.dump());
  return {};
}

}  // namespace

TEST_CASE("a survey whose words the kiosk's fonts cannot draw is left by the kiosk and shown failed in the console",
          "[fleet][kiosk][glyphs][hub]") {
  TempDir dir;
  ConsoleChain chain(dir);
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);
  const auto db = dir / "heard.db";
  const auto config = north_config(dir, chain);

  // A kiosk running its local survey...
  const Run first = run_kiosk(dir, db, "expect-survey 1\n");
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  // ...is sent hub-1, which adds a category every font has: it runs it.
  const auto published = ana.post("/api/fleet/publish", {{"survey", survey_with_category("parking", "Parking")}});
  REQUIRE(published.status == 200);
  Run sync = sync_once(dir, config, db);
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);
  Run kiosk = run_kiosk(dir, db, "expect-survey hub-1\ntap \"Bad\"\nexpect \"Parking\"\n");
  INFO(kiosk.err);
  REQUIRE(kiosk.exit_code == 0);

  // hub-2: the sushi counter's category, labelled in Japanese: valid everywhere but on the screen.
  const auto broken = ana.post("/api/fleet/publish", {{"survey", survey_with_category("sushi", "寿司カウンター")}});
  REQUIRE(broken.status == 200);
  sync = sync_once(dir, config, db);
  REQUIRE(sync.exit_code == 0);
  CHECK(sync.err.find("survey hub-2 from the hub staged") != std::string::npos);
  kiosk = run_kiosk(dir, db,
                    "advance 3\nexpect-survey hub-1\ntap \"Bad\"\nexpect \"Parking\"\n"
                    "expect-not \"寿司\"\n");
  INFO(kiosk.err);
  REQUIRE(kiosk.exit_code == 0);
  CHECK(kiosk.err.find("survey hub-2 from the hub failed here; hub-1 stays: the kiosk's font") != std::string::npos);
  const auto folder = sync::ConfigFolder::beside(db);
  CHECK(folder.running().version == "hub-1");
  CHECK(folder.running().error.find("has no glyph for U+5BFF, U+53F8, U+30AB, U+30A6, U+30F3 and 2 more") !=
        std::string::npos);
  CHECK(folder.running().error.find("first used in category \"sushi\" (de)") != std::string::npos);
  REQUIRE(folder.good());
  CHECK(folder.good()->etag == "\"hub-1\"");

  // The next heartbeat tells the hub; the console shows it on north-1's row, south-1 untouched.
  sync = sync_once(dir, config, db);
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);
  const json north = kiosk_row(ana, "north-1");
  CHECK(north["wanted"] == "hub-2");
  CHECK(north["running"] == "hub-1");
  REQUIRE(north["error"].is_string());
  CHECK(north["error"].get<std::string>().find("has no glyph for U+5BFF") != std::string::npos);
  CHECK(kiosk_row(ana, "south-1")["error"].is_null());
  // And the kiosk does not download hub-2 again, nor try it at every Welcome.
  sync = sync_once(dir, config, db);
  CHECK(sync.err.find("staged") == std::string::npos);

  SECTION("a fixed hub-3 is applied, and the failure clears") {
    const auto fixed = ana.post("/api/fleet/publish", {{"survey", survey_with_category("sushi", "Sushi counter")}});
    REQUIRE(fixed.status == 200);
    REQUIRE(sync_once(dir, config, db).exit_code == 0);
    kiosk = run_kiosk(dir, db, "advance 3\nexpect-survey hub-3\ntap \"Bad\"\nexpect \"Sushi counter\"\n");
    INFO(kiosk.err);
    REQUIRE(kiosk.exit_code == 0);
    REQUIRE(sync_once(dir, config, db).exit_code == 0);
    const json row = kiosk_row(ana, "north-1");
    CHECK(row["running"] == "hub-3");
    CHECK(row["error"].is_null());
  }
}

#endif
