// Issue 17's console: the hub's own checks behind the Surveys page. The browser checks a logo
// first, but the hub never trusts it: POST /api/fleet/publish refuses an oversized, non-PNG,
// too large or damaged logo itself (with a fault the console words in the person's language),
// only for an admin with the session's CSRF token, before decoding anything for anyone else.
// And the kiosk list's "last failure with its time": the first heartbeat that reported it,
// kept once the kiosk recovers. All against the real heard-hub over HTTP.
#include <catch2/catch.hpp>

#ifdef HEARD_TEST_PNG

#include <chrono>
#include <thread>

#include "core/logo.hpp"
#include "support/console_fixture.hpp"
#include "support/fleet_surveys.hpp"
#include "support/png_files.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

json publish_body(const std::string& logo_base64, const std::string& logo_file = "logo.png") {
  return {{"scope", "kiosk"},      {"target", "north-1"},     {"survey", shipped_survey().dump(2)},
          {"file", "survey.json"}, {"logo_png", logo_base64}, {"logo_file", logo_file}};
}

long heartbeat(const ConsoleChain& chain, const std::string& running, const std::string& error) {
  const json beat = {{"at", "2026-12-01T10:00:00Z"},
                     {"app_version", "1.0.0"},
                     {"outbox", 0},
                     {"survey_version", running},
                     {"config_error", error.empty() ? json(nullptr) : json(error)}};
  return http("POST", chain.url() + "/v1/kiosks/north-1/heartbeat", chain.north_token, beat.dump(),
              {"Content-Type: application/json"})
      .status;
}

json north_row(ConsoleClient& who) {
  const auto reply = who.get("/api/fleet");
  REQUIRE(reply.status == 200);
  for (const auto& k : reply.body["kiosks"])
    if (k["id"] == "north-1") return k;
  FAIL("north-1 is not listed");
  return {};
}

}  // namespace

TEST_CASE("the console's publish checks a logo's limits itself, whatever the browser did", "[hub][fleet][logo]") {
  TempDir dir;
  ConsoleChain chain(dir);
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);

  struct Case {
    std::string name, base64, file, fault, words;
  };
  const std::string disc = magenta_disc_png(64);
  const std::vector<Case> hostile = {
      {"over 256 KiB", base64_encode(noise_png(300)), "huge.png", "too_many_bytes",
       "huge.png: logo: the logo is 352 KiB; a logo may be at most 256 KiB"},
      // Judged by the text's length, before any decoding: never valid base64, still "too large".
      {"a megabyte of text", std::string(1u << 20, '!'), "huge.png", "too_many_bytes",
       "huge.png: logo: the logo is 768 KiB; a logo may be at most 256 KiB"},
      {"not a PNG", base64_encode("GIF89a\x01\x00\x01\x00"), "photo.gif", "not_png",
       "photo.gif: logo: the logo is not a PNG image; expected a PNG file"},
      {"an SVG named .png", base64_encode("<svg xmlns='http://www.w3.org/2000/svg'/>"), "logo.png", "not_png",
       "logo.png: logo: the logo is not a PNG image"},
      {"too many pixels", base64_encode(png_claiming(2000, 10)), "wide.png", "too_many_pixels",
       "wide.png: logo: the logo is 2000x10 pixels; a logo may be at most 1024x1024"},
      {"a decompression bomb", base64_encode(png_claiming(60000, 60000)), "bomb.png", "too_many_pixels",
       "bomb.png: logo: the logo is 60000x60000 pixels"},
      {"truncated", base64_encode(disc.substr(0, disc.size() / 2)), "cut.png", "damaged",
       "cut.png: logo: the logo's PNG data is damaged or truncated"},
      {"not base64", "<svg/>", "logo.png", "damaged", "logo.png: logo: the logo is not base64 text"},
      // Only the base name is named, never a path someone typed.
      {"a path for a name", base64_encode("GIF89a"), "../../etc/passwd.png", "not_png", "passwd.png: logo: "},
  };
  for (const auto& c : hostile) {
    INFO(c.name);
    const auto reply = ana.post("/api/fleet/publish", publish_body(c.base64, c.file));
    CHECK(reply.status == 422);
    CHECK(reply.body["error"].get<std::string>().starts_with(c.words));
    CHECK(reply.body["logo"]["fault"] == c.fault);
    CHECK(reply.body["logo"]["max_bytes"] == max_logo_bytes);
    CHECK(reply.body["logo"]["max_side"] == max_logo_side);
  }
  const auto wide = ana.post("/api/fleet/publish", publish_body(base64_encode(png_claiming(2000, 10))));
  CHECK(wide.body["logo"]["width"] == 2000);
  CHECK(wide.body["logo"]["height"] == 10);

  // Nothing of that was published: no version, nothing served to the kiosk.
  CHECK(ana.get("/api/fleet").body["publications"].empty());
  CHECK(http("GET", chain.url() + "/v1/kiosks/north-1/config", chain.north_token, "", {}).status == 304);

  SECTION("a good logo at the limits is published, marked, and served byte for byte") {
    const std::string png = magenta_disc_png(max_logo_side);
    REQUIRE(png.size() <= max_logo_bytes);
    const auto ok = ana.post("/api/fleet/publish", publish_body(base64_encode(png)));
    REQUIRE(ok.status == 200);
    CHECK(ok.body["published"]["logo"] == true);
    CHECK(ana.get("/api/fleet").body["publications"][0]["logo"] == true);
    const auto served = http("GET", chain.url() + "/v1/kiosks/north-1/config", chain.north_token, "", {});
    REQUIRE(served.status == 200);
    CHECK(json::parse(served.body)["branding"]["logo_png"] == base64_encode(png));
  }
}

TEST_CASE("only an admin with the session's CSRF token publishes a logo", "[hub][fleet][logo]") {
  TempDir dir;
  ConsoleChain chain(dir);
  const json good = publish_body(base64_encode(magenta_disc_png(32)));
  const json bomb = publish_body(base64_encode(png_claiming(60000, 60000)));

  auto nobody = chain.client();
  CHECK(nobody.post("/api/fleet/publish", good).status == 401);

  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);
  ana.forget_csrf();
  const auto no_csrf = ana.post("/api/fleet/publish", good);
  CHECK(no_csrf.status == 403);
  CHECK(no_csrf.body["error"].get<std::string>().find("CSRF") != std::string::npos);

  for (const char* name : {"maria", "victor"}) {
    INFO(name);
    auto person = chain.client();
    REQUIRE(person.sign_in(name).status == 200);
    CHECK(person.get("/api/fleet").body["may_publish"] == false);
    const auto refused = person.post("/api/fleet/publish", good);
    CHECK(refused.status == 403);
    CHECK(refused.body["error"] == "only an admin publishes or rolls back surveys");
    // The role is checked before the logo is even looked at: no fault is reported to them.
    const auto hostile = person.post("/api/fleet/publish", bomb);
    CHECK(hostile.status == 403);
    CHECK_FALSE(hostile.body.contains("logo"));
    CHECK(person.post("/api/fleet/rollback", {{"scope", "kiosk"}, {"target", "north-1"}}).status == 403);
  }

  auto admin = chain.client();
  REQUIRE(admin.sign_in("ana").status == 200);
  CHECK(admin.get("/api/fleet").body["publications"].empty());
  REQUIRE(admin.post("/api/fleet/publish", good).status == 200);
  const auto audit = admin.get("/api/audit");
  REQUIRE(audit.status == 200);
  int publishes = 0;
  for (const auto& entry : audit.body["entries"])
    if (entry["action"] == "survey_publish") {
      ++publishes;
      CHECK(entry["who"] == "ana");
    }
  CHECK(publishes == 1);
}

TEST_CASE("a kiosk's last failure is kept with the time it was first reported", "[hub][fleet]") {
  TempDir dir;
  ConsoleChain chain(dir);
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);
  CHECK(north_row(ana)["last_failure"].is_null());

  const std::string why = "survey hub-2 from the hub failed here; hub-1 stays: assets/i18n/it.json: cannot be read";
  REQUIRE(heartbeat(chain, "hub-1", why) == 204);
  const json first = north_row(ana);
  CHECK(first["error"] == why);
  CHECK(first["last_failure"] == why);
  const std::int64_t failed_at = first["failed_at"];
  CHECK(failed_at == first["reported_at"]);

  // The kiosk says it again at every heartbeat: the failure's time stays the first one's,
  // while the heartbeat's moves on (beats until the hub's clock has moved, at most 10 s).
  json again;
  for (int i = 0; i < 1000; ++i) {
    REQUIRE(heartbeat(chain, "hub-1", why) == 204);
    again = north_row(ana);
    if (again["reported_at"].get<std::int64_t>() > failed_at) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(again["reported_at"].get<std::int64_t>() > failed_at);
  CHECK(again["failed_at"] == failed_at);

  // Recovered: no current error, the last failure still there with its time.
  REQUIRE(heartbeat(chain, "hub-2", "") == 204);
  const json fixed = north_row(ana);
  CHECK(fixed["error"].is_null());
  CHECK(fixed["running"] == "hub-2");
  CHECK(fixed["last_failure"] == why);
  CHECK(fixed["failed_at"] == failed_at);

  // A new failure replaces it, with its own time.
  REQUIRE(heartbeat(chain, "hub-2", "hub-3: font missing") == 204);
  const json next = north_row(ana);
  CHECK(next["last_failure"] == "hub-3: font missing");
  CHECK(next["failed_at"] == next["reported_at"]);
  CHECK(next["failed_at"].get<std::int64_t>() >= again["reported_at"].get<std::int64_t>());
}

#endif
