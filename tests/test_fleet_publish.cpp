// Issue 17, the hub's half: a survey is published once at the hub (the whole chain, a site or
// one kiosk as a canary), checked with the kiosk's own validator, kept with every version,
// rolled back in one step, and served on GET /v1/kiosks/{id}/config with an ETag, 304 for
// If-None-Match, and only to that kiosk's token. All against the real heard-hub over HTTP.
#include <catch2/catch.hpp>

#include "core/config_error.hpp"
#include "core/fleet_config.hpp"
#include "store/database.hpp"
#include "support/fleet_surveys.hpp"
#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;

namespace {

Run hub_command(const TempDir& dir, const HubProcess& hub, std::vector<std::string> args) {
  std::vector<std::string> argv = {HEARD_HUB_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--db", hub.db().string()});
  return run_program(dir, argv);
}

std::string publish(const TempDir& dir, const HubProcess& hub, const std::string& survey_text,
                    std::vector<std::string> scope = {}) {
  static int n = 0;
  const auto file = write_text(dir / ("survey-" + std::to_string(++n) + ".json"), survey_text);
  std::vector<std::string> args = {"survey", "publish"};
  args.insert(args.end(), scope.begin(), scope.end());
  args.push_back(file.string());
  const Run r = hub_command(dir, hub, args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find('\n'));
}

HttpReply get_config(const HubProcess& hub, const std::string& kiosk, const std::string& token,
                     const std::string& if_none_match = "") {
  std::vector<std::string> headers;
  if (!if_none_match.empty()) headers.push_back("If-None-Match: " + if_none_match);
  return http("GET", hub.url() + "/v1/kiosks/" + kiosk + "/config", token, "", headers);
}

// The version a kiosk is served now ("" for a 304 with nothing published).
std::string served_version(const HubProcess& hub, const std::string& kiosk, const std::string& token) {
  const auto reply = get_config(hub, kiosk, token);
  if (reply.status != 200) return "";
  return parse_fleet_config(reply.body, "reply").version;
}

}  // namespace

TEST_CASE("a survey published at the hub is served with an ETag, and 304 to a kiosk that runs it", "[fleet][hub]") {
  TempDir dir;
  HubProcess hub(dir);
  // Nothing published: the kiosk keeps what it runs (304, not 404, which would mean "no such endpoint").
  CHECK(get_config(hub, kiosk_id, kiosk_token).status == 304);

  const std::string version = publish(dir, hub, survey_with_category("parking", "Parking"));
  CHECK(version == "hub-1");
  const auto reply = get_config(hub, kiosk_id, kiosk_token);
  REQUIRE(reply.status == 200);
  CHECK(reply.headers.find("ETag: \"hub-1\"") != std::string::npos);
  const FleetConfig config = parse_fleet_config(reply.body, "reply");
  CHECK(config.version == "hub-1");
  CHECK(config.kiosk_id == kiosk_id);
  CHECK(knows_category(config.survey, "parking"));
  CHECK(reply.body.size() < max_fleet_config_bytes);

  CHECK(get_config(hub, kiosk_id, kiosk_token, "\"hub-1\"").status == 304);
  CHECK(get_config(hub, kiosk_id, kiosk_token, "\"hub-0\", W/\"hub-1\"").status == 304);
  CHECK(get_config(hub, kiosk_id, kiosk_token, "\"hub-0\"").status == 200);

  SECTION("only with that kiosk's token") {
    CHECK(get_config(hub, kiosk_id, "").status == 401);
    CHECK(get_config(hub, kiosk_id, "not-a-token-at-all-0000").status == 401);
    CHECK(get_config(hub, kiosk_id, other_kiosk_token).status == 403);
    CHECK(get_config(hub, kiosk_id, admin_token).status == 403);
  }
}

TEST_CASE("a broken survey is refused at publish with file:line:key, as the kiosk says it", "[fleet][hub]") {
  TempDir dir;
  HubProcess hub(dir);
  auto survey = shipped_survey();
  survey["categories"][1]["label"].erase("es");
  const auto file = write_text(dir / "survey.json", survey.dump(2));
  const Run r = hub_command(dir, hub, {"survey", "publish", file.string()});
  CHECK(r.exit_code == 78);
  // The same words a kiosk starting with this file prints.
  std::string kiosk_words;
  try {
    load_survey(file);
  } catch (const ConfigError& e) {
    kiosk_words = e.what();
  }
  REQUIRE_FALSE(kiosk_words.empty());
  CHECK(r.err.find(kiosk_words) != std::string::npos);
  CHECK(r.err.find("survey.json:") != std::string::npos);
  CHECK(r.err.find("categories[1].label.es") != std::string::npos);
  CHECK(get_config(hub, kiosk_id, kiosk_token).status == 304);  // nothing was published

  SECTION("translations that are not text, or for a language the survey does not have") {
    const auto good = write_text(dir / "good.json", shipped_survey().dump(2));
    const auto t = write_text(dir / "t.json", "{\n  \"es\": {\"welcome.title\": \"Hola\"},\n  \"it\": {}\n}\n");
    const Run bad = hub_command(dir, hub, {"survey", "publish", good.string(), "--translations", t.string()});
    CHECK(bad.exit_code == 78);
    CHECK(bad.err.find("t.json:3: it: not one of the survey's languages") != std::string::npos);
  }
  SECTION("a survey larger than a kiosk downloads") {
    auto big = shipped_survey();
    big["padding"] = std::string(max_fleet_config_bytes, 'x');
    const auto f = write_text(dir / "big.json", big.dump());
    const Run bad = hub_command(dir, hub, {"survey", "publish", f.string()});
    CHECK(bad.exit_code == 78);
    CHECK(bad.err.find("larger than 2 MiB") != std::string::npos);
  }
}

TEST_CASE("a canary to one kiosk, then everyone, then one step back", "[fleet][hub]") {
  TempDir dir;
  HubProcess hub(dir);
  CHECK(publish(dir, hub, survey_with_category("parking", "Parking")) == "hub-1");
  CHECK(publish(dir, hub, survey_with_category("toilets", "Toilets"), {"--kiosk", kiosk_id}) == "hub-2");
  CHECK(served_version(hub, kiosk_id, kiosk_token) == "hub-2");              // the canary
  CHECK(served_version(hub, other_kiosk_id, other_kiosk_token) == "hub-1");  // everyone else
  CHECK(publish(dir, hub, survey_with_category("toilets", "Toilets")) == "hub-3");
  CHECK(served_version(hub, kiosk_id, kiosk_token) == "hub-3");
  CHECK(served_version(hub, other_kiosk_id, other_kiosk_token) == "hub-3");

  const Run back = hub_command(dir, hub, {"survey", "rollback"});
  INFO(back.err);
  CHECK(back.exit_code == 0);
  CHECK(back.err.find("rolled back hub-3 for the whole chain") != std::string::npos);
  CHECK(served_version(hub, other_kiosk_id, other_kiosk_token) == "hub-1");
  CHECK(served_version(hub, kiosk_id, kiosk_token) == "hub-2");  // its canary is still live

  CHECK(hub_command(dir, hub, {"survey", "rollback", "--kiosk", kiosk_id}).exit_code == 0);
  CHECK(served_version(hub, kiosk_id, kiosk_token) == "hub-1");

  // Every version is kept, and the list says which are live.
  const Run list = hub_command(dir, hub, {"survey", "list"});
  CHECK(list.exit_code == 0);
  for (const char* v : {"hub-1", "hub-2", "hub-3"}) CHECK(list.out.find(v) != std::string::npos);
  CHECK(list.out.find("rolled back") != std::string::npos);

  SECTION("the chain's only publication cannot be rolled back: there is nothing to go back to") {
    const Run last = hub_command(dir, hub, {"survey", "rollback"});
    CHECK(last.exit_code == 1);
    CHECK(last.err.find("nothing earlier") != std::string::npos);
    CHECK(served_version(hub, kiosk_id, kiosk_token) == "hub-1");
  }
  SECTION("an unknown site or kiosk is refused") {
    const auto f = write_text(dir / "s.json", shipped_survey().dump(2));
    const Run r = hub_command(dir, hub, {"survey", "publish", "--site", "nowhere", f.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("no site 'nowhere'") != std::string::npos);
  }
}

TEST_CASE("a kiosk's heartbeat tells the hub which survey it runs and why one failed", "[fleet][hub]") {
  TempDir dir;
  HubProcess hub(dir);
  const std::string beat = R"({"at":"2026-12-01T10:00:00Z","app_version":"1.0.0","outbox":0,)"
                           R"("oldest_unsynced_at":null,"last_error":null,"survey_version":"hub-4",)"
                           R"("config_error":"hub-5 could not be loaded: assets/i18n/it.json cannot be read"})";
  REQUIRE(http("POST", hub.url() + "/v1/kiosks/" + kiosk_id + "/heartbeat", kiosk_token, beat,
               {"Content-Type: application/json"})
              .status == 204);
  CHECK(hub_query_text(hub.db(), "SELECT survey_version FROM hub_kiosk_surveys WHERE kiosk_id = '" + kiosk_id + "'") ==
        std::optional<std::string>("hub-4"));
  CHECK(hub_query_text(hub.db(), "SELECT config_error FROM hub_kiosk_surveys")->find("it.json") != std::string::npos);
  // An old kiosk's heartbeat, without the fields, is as welcome as before.
  CHECK(http("POST", hub.url() + "/v1/kiosks/" + other_kiosk_id + "/heartbeat", other_kiosk_token,
             R"({"at":"2026-12-01T10:00:00Z","app_version":"0.9","outbox":0})")
            .status == 204);
}
