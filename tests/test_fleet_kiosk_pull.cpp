// Issue 17, the kiosk's half of the download: `heardctl sync --once` runs the same sync engine
// as the kiosk's worker. A publication is fetched with If-None-Match, checked as a local file
// would be and staged; hostile replies (oversized, truncated, not JSON, another kiosk's
// survey, 500s, a stalled body, a survey the kiosk's validator refuses, one that drops a
// category saved responses use) each give one clear log line and change nothing the kiosk
// runs; an old hub without the endpoint (404) leaves the local survey; the heartbeat says
// which survey runs and why the last one failed.
#include <catch2/catch.hpp>

#include "core/fleet_config.hpp"
#include "support/fake_hub.hpp"
#include "support/fleet_surveys.hpp"
#include "support/sample.hpp"
#include "support/sync_fixture.hpp"
#include "sync/config_folder.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

std::string publication(const std::string& version, const std::string& survey_text,
                        const std::string& kiosk = kiosk_id) {
  return fleet_config_json(version, kiosk, survey_text, {});
}

// Answers uploads and heartbeats as a hub does, and GET .../config with `config`.
FakeHub hub_answering_config(std::function<FakeReply(const FakeRequest&)> config) {
  return FakeHub([config = std::move(config)](const FakeRequest& r) {
    if (r.method == "GET" && r.path.ends_with("/config")) return config(r);
    return accept_all(r);
  });
}

FakeReply ok(const std::string& version, const std::string& body) {
  return {200, body, {"ETag: \"" + version + "\"", "Content-Type: application/json"}};
}

struct Kiosk {
  explicit Kiosk(const TempDir& dir) : dir(dir), db(dir / "heard.db"), folder(sync::ConfigFolder::beside(db)) {
    make_kiosk(db, 3);  // saved responses, with the shipped survey's categories
    // It runs hub-1, which it got earlier.
    folder.keep_as_good({"\"hub-1\"", publication("hub-1", shipped_survey().dump(2))});
    folder.set_running({"hub-1", "\"hub-1\"", "", ""});
  }
  Run sync_once(const FakeHub& hub) {
    const auto config = write_sync_config(dir, hub.url(), {{"low_speed_time_s", "1"}});
    return run_heardctl(dir, {"--config", config.string(), "--db", db.string(), "sync", "--once", "--max-time", "30"});
  }
  // Nothing changed: nothing staged, hub-1 is still the good one.
  void keeps_running_hub_1() const {
    CHECK_FALSE(folder.staged());
    REQUIRE(folder.good());
    CHECK(folder.good()->etag == "\"hub-1\"");
  }

  const TempDir& dir;
  std::filesystem::path db;
  sync::ConfigFolder folder;
};

std::string last_config_request(const FakeHub& hub) {
  std::string head;
  for (const auto& r : hub.requests())
    if (r.path.ends_with("/config")) head = r.head;
  return head;
}

std::string last_heartbeat(const FakeHub& hub) {
  std::string body;
  for (const auto& r : hub.requests())
    if (r.path.ends_with("/heartbeat")) body = r.body;
  return body;
}

}  // namespace

TEST_CASE("a kiosk fetches a new publication with If-None-Match and stages it", "[fleet][sync]") {
  TempDir dir;
  Kiosk kiosk(dir);
  const std::string hub_2 = publication("hub-2", survey_with_category("parking", "Parking"));
  auto hub = hub_answering_config([&](const FakeRequest& r) {
    if (r.head.find("If-None-Match: \"hub-2\"") != std::string::npos) return FakeReply{304, ""};
    return ok("hub-2", hub_2);
  });
  const Run first = kiosk.sync_once(hub);
  INFO(first.err);
  CHECK(first.exit_code == 0);
  CHECK(first.err.find("survey hub-2 from the hub staged") != std::string::npos);
  // It said what it runs, so an unchanged hub answers 304.
  REQUIRE(hub.count("/config") == 1);
  CHECK(last_config_request(hub).find("If-None-Match: \"hub-1\"") != std::string::npos);
  const auto staged = kiosk.folder.staged();
  REQUIRE(staged);
  CHECK(staged->etag == "\"hub-2\"");
  CHECK(staged->body == hub_2);
  // The heartbeat says what runs; the survey applies at the next Welcome screen, not here.
  const json beat = json::parse(last_heartbeat(hub));
  CHECK(beat["survey_version"] == "hub-1");
  CHECK(beat["config_error"].is_null());

  // Asked again with what is staged: nothing to download.
  const Run second = kiosk.sync_once(hub);
  CHECK(second.exit_code == 0);
  CHECK(last_config_request(hub).find("If-None-Match: \"hub-2\"") != std::string::npos);
  CHECK(second.err.find("staged") == std::string::npos);
}

TEST_CASE("an old hub without the endpoint (404) leaves the local survey", "[fleet][sync]") {
  TempDir dir;
  const auto db = dir / "heard.db";
  make_kiosk(db, 1);
  FakeHub hub(accept_all);  // 404 to every GET
  const auto config = write_sync_config(dir, hub.url());
  const Run r = run_heardctl(dir, {"--config", config.string(), "--db", db.string(), "sync", "--once"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("the hub publishes no surveys (404); the local survey stays") != std::string::npos);
  const auto folder = sync::ConfigFolder::beside(db);
  CHECK_FALSE(folder.staged());
  CHECK_FALSE(folder.good());
}

TEST_CASE("hostile replies to the config pull: one clear log line, and the last good survey stays", "[fleet][sync]") {
  TempDir dir;
  Kiosk kiosk(dir);
  const std::string good_body = publication("hub-2", survey_with_category("parking", "Parking"));
  struct Case {
    const char* name;
    FakeReply reply;
    const char* log;
  };
  FakeReply stalled{200, ""};
  stalled.trickle_bytes = 1;
  stalled.trickle_pause = std::chrono::milliseconds(3000);
  stalled.announced_length = 100'000;
  const std::vector<Case> cases = {
      {"oversized", ok("hub-2", std::string(max_fleet_config_bytes + 10, ' ') + good_body),
       "larger than 2097152 bytes"},
      {"truncated", ok("hub-2", good_body.substr(0, good_body.size() / 2)), "the hub's survey: not a JSON object"},
      {"not JSON", ok("hub-2", "<html><body>Proxy error</body></html>"), "not a JSON object"},
      {"another kiosk's", ok("hub-2", publication("hub-2", shipped_survey().dump(2), other_kiosk_id)),
       "meant for kiosk 'store-7-entrance'"},
      {"a 500",
       {500, "{\"error\":\"database is locked\"}"},
       "the hub answered 500: {\"error\":\"database is locked\"}"},
      {"a stalled body", stalled, "the hub's survey not fetched"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto hub = hub_answering_config([&](const FakeRequest&) { return c.reply; });
      const Run r = kiosk.sync_once(hub);
      INFO(r.err);
      CHECK(r.exit_code == 0);  // the outbox went; the survey is best effort
      CHECK(r.err.find("sync: the hub's survey not fetched, the current one stays") != std::string::npos);
      CHECK(r.err.find(c.log) != std::string::npos);
      kiosk.keeps_running_hub_1();
      // Garbage is not remembered: the next heartbeat asks again, with what runs.
      CHECK(kiosk.folder.known_etags() == std::vector<std::string>{"\"hub-1\""});
    }
  }
}

TEST_CASE("a publication the kiosk must not run is refused, remembered and reported", "[fleet][sync]") {
  TempDir dir;
  Kiosk kiosk(dir);
  std::string body;
  std::string expected;
  SECTION("the kiosk's own validator refuses it") {
    auto s = shipped_survey();
    s["categories"][1]["label"].erase("es");
    body = publication("hub-2", s.dump(2));
    expected = "categories[1].label.es: missing text for configured language 'es'";
  }
  SECTION("it drops a category that saved responses use") {
    body = publication("hub-2", survey_without_category("wait_time", false));
    expected = "hub-2 drops category 'wait_time' that saved responses use";
  }
  auto hub = hub_answering_config([&](const FakeRequest& r) {
    if (r.head.find("\"hub-2\"") != std::string::npos) return FakeReply{304, ""};
    return ok("hub-2", body);
  });
  const Run r = kiosk.sync_once(hub);
  INFO(r.err);
  CHECK(r.err.find("sync: the hub's survey is refused, the current one stays: ") != std::string::npos);
  CHECK(r.err.find(expected) != std::string::npos);
  kiosk.keeps_running_hub_1();
  // Not fetched again while the hub offers the same, and head office hears why.
  const Run again = kiosk.sync_once(hub);
  CHECK(last_config_request(hub).find("If-None-Match: \"hub-1\", \"hub-2\"") != std::string::npos);
  const json beat = json::parse(last_heartbeat(hub));
  CHECK(beat["survey_version"] == "hub-1");
  CHECK(beat["config_error"].get<std::string>().find(expected) != std::string::npos);
}

TEST_CASE("a publication that lists a dropped category as retired is taken", "[fleet][sync]") {
  TempDir dir;
  Kiosk kiosk(dir);
  const std::string body = publication("hub-3", survey_without_category("wait_time", true));
  auto hub = hub_answering_config([&](const FakeRequest&) { return ok("hub-3", body); });
  CHECK(kiosk.sync_once(hub).exit_code == 0);
  REQUIRE(kiosk.folder.staged());
  CHECK(kiosk.folder.staged()->etag == "\"hub-3\"");
}
