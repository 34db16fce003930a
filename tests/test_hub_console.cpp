// The console's API against a real heard-hub on loopback: signing in, sessions and CSRF,
// what each role may see and do, follow-ups with their audit trail, and the kiosks' pull of
// follow-up events (protocol 1.1).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "core/response_json.hpp"
#include "core/uuid.hpp"
#include "store/database.hpp"
#include "support/console_fixture.hpp"
#include "support/sample.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

// An urgent complaint with contact details from `kiosk`, an hour ago; returns its id.
std::string upload_case(const ConsoleChain& chain, const std::string& kiosk, const std::string& token,
                        const std::string& comment = "Waited 25 minutes at the counter") {
  Response r = sample_complaint(system_now_ms() - 3'600'000);
  r.id = make_uuid_v7();
  r.kiosk_id = kiosk;
  r.comment = comment;
  const auto reply = http("POST", chain.url() + "/v1/kiosks/" + kiosk + "/feedback", token, to_json_line(r) + "\n");
  REQUIRE(reply.status == 200);
  REQUIRE(json::parse(reply.body)["accepted"] == json::array({r.id}));
  return r.id;
}

std::vector<std::string> ids_of(const json& list) {
  std::vector<std::string> out;
  for (const auto& x : list) out.push_back(x["id"]);
  return out;
}

std::int64_t audit_count(const std::filesystem::path& db, const std::string& action) {
  return hub_query_int(db, "SELECT count(*) FROM hub_audit WHERE action = '" + action + "'");  // the tests' own words
}

}  // namespace

TEST_CASE("Console sign-in sets a strict session cookie and answers every failure alike", "[hub][console]") {
  TempDir dir;
  ConsoleChain chain(dir);
  auto ana = chain.client();
  const auto ok = ana.sign_in("ana");
  REQUIRE(ok.status == 200);
  CHECK(ok.body["role"] == "admin");
  CHECK_THAT(ok.headers, Catch::Contains("HttpOnly") && Catch::Contains("SameSite=Strict"));
  CHECK_THAT(ok.headers, !Catch::Contains("Secure"));  // plain HTTP on loopback; under TLS it is set
  CHECK_THAT(ok.headers, Catch::Contains("Content-Security-Policy: default-src 'none'; script-src 'self'"));
  CHECK(ana.get("/api/me").body["name"] == "ana");

  auto stranger = chain.client();
  const auto wrong_password = stranger.sign_in("ana", "not the password");
  const auto no_such_person = stranger.sign_in("nobody", "not the password");
  CHECK(wrong_password.status == 401);
  CHECK(no_such_person.status == 401);
  CHECK(wrong_password.body == no_such_person.body);
  CHECK(audit_count(chain.db(), "sign_in") == 1);
  CHECK(audit_count(chain.db(), "sign_in_failed") == 2);

  SECTION("a disabled person cannot sign in and their sessions end") {
    REQUIRE(run_hub(dir, {"user", "disable", "ana", "--db", chain.db().string()}).exit_code == 0);
    CHECK(ana.get("/api/me").status == 401);
    CHECK(chain.client().sign_in("ana").status == 401);
  }
  SECTION("a new password ends the old sessions") {
    REQUIRE(run_hub(dir, {"user", "passwd", "ana", "--db", chain.db().string()}, "another long password\n").exit_code ==
            0);
    CHECK(ana.get("/api/me").status == 401);
    CHECK(chain.client().sign_in("ana").status == 401);
    CHECK(chain.client().sign_in("ana", "another long password").status == 200);
  }
}

TEST_CASE("Console sign-in failures are limited per name and per address", "[hub][console]") {
  TempDir dir;
  ConsoleChain chain(dir);
  auto c = chain.client();
  for (int i = 0; i < 5; ++i) REQUIRE(c.sign_in("maria", "guess " + std::to_string(i)).status == 401);
  const auto limited = c.sign_in("maria");  // the right password, too late
  CHECK(limited.status == 429);
  CHECK_THAT(limited.headers, Catch::Contains("Retry-After:"));
  CHECK(c.sign_in("ana").status == 200);  // other names still sign in from here

  for (int i = 0; i < 15; ++i) REQUIRE(c.sign_in("made-up-" + std::to_string(i), "guess").status == 401);
  CHECK(c.sign_in("victor").status == 429);  // 20 failures from this address
  CHECK(audit_count(chain.db(), "sign_in_refused") == 2);
}

TEST_CASE("The console API needs a live session, and its CSRF token for every change", "[hub][console]") {
  TempDir dir;
  ConsoleChain chain(dir);
  const auto id = upload_case(chain, "north-1", chain.north_token);
  auto nobody = chain.client();
  CHECK(nobody.get("/api/overview").status == 401);
  CHECK(nobody.get("/api/cases").status == 401);
  CHECK(nobody.post("/api/cases/" + id + "/events", {{"status", "resolved"}}).status == 401);

  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);
  ana.forget_csrf();
  CHECK(ana.post("/api/cases/" + id + "/events", {{"status", "resolved"}}).status == 403);
  CHECK(ana.post("/api/cases/" + id + "/reveal").status == 403);
  ana.set_csrf(std::string(64, '0'));
  CHECK(ana.post("/api/cases/" + id + "/events", {{"status", "resolved"}}).status == 403);
  CHECK(audit_count(chain.db(), "followup") == 0);

  auto again = chain.client();
  REQUIRE(again.sign_in("ana").status == 200);
  CHECK(again.post("/api/signout").status == 200);
  CHECK(again.get("/api/me").status == 401);

  SECTION("an expired session is refused") {
    auto late = chain.client();
    REQUIRE(late.sign_in("victor").status == 200);
    { hub_exec(chain.db(), "UPDATE hub_sessions SET expires_at = 1"); }
    CHECK(late.get("/api/me").status == 401);
  }
}

TEST_CASE("A manager sees and follows up only their own sites", "[hub][console]") {
  TempDir dir;
  ConsoleChain chain(dir);
  const auto north = upload_case(chain, "north-1", chain.north_token);
  const auto south = upload_case(chain, "south-1", chain.south_token);
  auto maria = chain.client();
  REQUIRE(maria.sign_in("maria").status == 200);

  const auto overview = maria.get("/api/overview?days=7");
  REQUIRE(overview.status == 200);
  CHECK(ids_of(overview.body["sites"]) == std::vector<std::string>{"north"});
  CHECK(ids_of(overview.body["kiosks"]) == std::vector<std::string>{"north-1"});
  CHECK(ids_of(maria.get("/api/cases").body["cases"]) == std::vector<std::string>{north});
  CHECK(maria.get("/api/cases/" + south).status == 404);
  CHECK(maria.post("/api/cases/" + south + "/events", {{"status", "resolved"}}).status == 404);
  CHECK(maria.post("/api/cases/" + south + "/reveal").status == 404);
  CHECK(maria.get("/api/responses?site=south").body["responses"].empty());
  CHECK(maria.get("/api/audit").status == 403);

  CHECK(maria.post("/api/cases/" + north + "/events", {{"status", "contacted"}, {"note", "left a message"}}).status ==
        200);
  CHECK(maria.get("/api/cases/" + north).body["case"]["status"] == "contacted");
}

TEST_CASE("A viewer reads every site but changes nothing and reveals no contact", "[hub][console]") {
  TempDir dir;
  ConsoleChain chain(dir);
  const auto north = upload_case(chain, "north-1", chain.north_token);
  auto victor = chain.client();
  REQUIRE(victor.sign_in("victor").status == 200);
  CHECK(victor.get("/api/overview").body["sites"].size() == 2);
  CHECK(victor.get("/api/cases/" + north).status == 200);
  CHECK(victor.post("/api/cases/" + north + "/events", {{"status", "resolved"}}).status == 403);
  CHECK(victor.post("/api/cases/" + north + "/reveal").status == 403);
  CHECK(victor.get("/api/cases/" + north).body["case"]["status"] == "new");
}

TEST_CASE("Following up at head office: assign, resolve, reveal, all audited, and the kiosk pulls the events",
          "[hub][console]") {
  TempDir dir;
  ConsoleChain chain(dir);
  const auto id = upload_case(chain, "north-1", chain.north_token);
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);

  const auto listed = ana.get("/api/cases").body["cases"];
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["contact_masked"] == "••• ••• 00");
  CHECK(listed[0].dump().find("600 000") == std::string::npos);  // no contact until revealed

  CHECK(ana.post("/api/cases/" + id + "/events", {{"status", "assigned"}, {"to", "maria"}}).status == 200);
  CHECK(ana.post("/api/cases/" + id + "/events", {{"status", "closed"}}).status == 400);
  CHECK(ana.post("/api/cases/" + id + "/events", {{"status", 3}}).status == 400);
  CHECK(ana.post("/api/cases/" + id + "/events", {{"status", "note"}, {"note", {1, 2}}}).status == 400);
  CHECK(ana.request("POST", "/api/cases/" + id + "/events", "[not json").status == 400);
  const auto revealed = ana.post("/api/cases/" + id + "/reveal");
  REQUIRE(revealed.status == 200);
  CHECK(revealed.body["contact"]["phone"] == "+34 600 000 000");
  const auto resolved = ana.post("/api/cases/" + id + "/events", {{"status", "resolved"}, {"note", "refunded"}});
  REQUIRE(resolved.status == 200);
  CHECK(resolved.body["case"]["status"] == "resolved");
  CHECK(resolved.body["case"]["assigned_to"] == "maria");
  CHECK(resolved.body["case"]["history"].size() == 2);
  CHECK(ana.get("/api/cases").body["cases"].empty());

  const auto audit = ana.get("/api/audit").body["entries"];
  std::vector<std::string> actions;
  for (const auto& e : audit) actions.push_back(e["action"]);
  CHECK(actions == std::vector<std::string>{"followup", "reveal_contact", "followup", "sign_in", "kiosk_add",
                                            "kiosk_add", "user_add", "user_add", "user_add"});

  // Protocol 1.1: the kiosk that sent the response pulls both events, then nothing new.
  const std::string events_url = chain.url() + "/v1/kiosks/north-1/events";
  auto pulled = http("GET", events_url, chain.north_token);
  REQUIRE(pulled.status == 200);
  auto page = json::parse(pulled.body);
  REQUIRE(page["events"].size() == 2);
  CHECK(page["events"][0]["status"] == "assigned");
  CHECK(page["events"][0]["to"] == "maria");
  CHECK(page["events"][1]["status"] == "resolved");
  CHECK(page["events"][1]["by"] == "ana");
  CHECK(page["events"][1]["response_id"] == id);
  CHECK(page["more"] == false);
  const auto next = http("GET", events_url + "?after=" + page["cursor"].get<std::string>(), chain.north_token);
  CHECK(json::parse(next.body)["events"].empty());
  const auto paged = json::parse(http("GET", events_url + "?limit=1", chain.north_token).body);
  CHECK(paged["events"].size() == 1);
  CHECK(paged["more"] == true);
  CHECK(http("GET", events_url, chain.south_token).status == 403);
  CHECK(http("GET", events_url, "").status == 401);
  CHECK(json::parse(http("GET", chain.url() + "/v1/kiosks/south-1/events", chain.south_token).body)["events"].empty());
}

TEST_CASE("The console's responses list filters, searches comments and pages by keyset", "[hub][console]") {
  TempDir dir;
  ConsoleChain chain(dir);
  for (int i = 0; i < 5; ++i) upload_case(chain, "north-1", chain.north_token, "comment " + std::to_string(i));
  upload_case(chain, "south-1", chain.south_token);
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);
  std::set<std::string> seen;
  std::string next;
  int pages = 0;
  do {
    const auto page = ana.get("/api/responses?site=north&limit=2" + (next.empty() ? "" : "&before=" + next)).body;
    for (const auto& r : page["responses"]) {
      CHECK(r["site"] == "north");
      seen.insert(r["id"]);
    }
    next = page["next"].is_null() ? "" : page["next"].get<std::string>();
    ++pages;
  } while (!next.empty() && pages < 10);
  CHECK(seen.size() == 5);
  CHECK(pages == 3);
  CHECK(ana.get("/api/responses?rating=5").body["responses"].empty());
  CHECK(ana.get("/api/responses?q=comment%203").body["responses"].size() == 1);
  CHECK(ana.get("/api/responses?q=COMM").body["responses"].size() == 5);  // a prefix, any case
  CHECK(ana.get("/api/responses?q=comment&site=south").body["responses"].empty());
  CHECK(ana.get("/api/responses?q=%22%29%20OR%20*").status == 200);  // FTS5 syntax is only text
  CHECK(ana.get("/api/responses?kind=complaint").body["responses"].size() == 6);
}

TEST_CASE("The console's page and files come from the hub with a strict policy", "[hub][console]") {
  TempDir dir;
  ConsoleChain chain(dir);
  const auto page = http("GET", chain.url() + "/", "");
  CHECK(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("<script type=\"module\" src=\"/console/app.js\">"));
  CHECK_THAT(page.headers, Catch::Contains("Content-Security-Policy: default-src 'none'; script-src 'self'"));
  CHECK(http("GET", chain.url() + "/console/vendor/uPlot.esm.js", "").status == 200);
  const auto zipped = http("GET", chain.url() + "/console/vendor/uPlot.esm.js", "", "", {"Accept-Encoding: gzip, br"});
  CHECK_THAT(zipped.headers, Catch::Contains("Content-Encoding: gzip"));
  CHECK(zipped.body.size() < 60'000);
  CHECK(http("GET", chain.url() + "/console/../hub.db", "").status == 404);
  CHECK(http("GET", chain.url() + "/api/nothing", "").status == 401);
}

TEST_CASE("Under TLS the session cookie is Secure too", "[hub][console]") {
  TempDir dir;
  const auto cert = dir / "cert.pem", key = dir / "key.pem";
  REQUIRE(std::system(("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                       "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
                       key.string() + " -out " + cert.string() + " 2>/dev/null")
                          .c_str()) == 0);
  ConsoleChain chain(dir, {"--cert", cert.string(), "--key", key.string()});
  const Run signed_in =
      run_program(dir, {"/usr/bin/curl", "-s", "-i", "--cacert", cert.string(), "-H", "Content-Type: application/json",
                        "--data", R"({"name":"ana","password":")" + password_of + R"("})",
                        "https://127.0.0.1:" + std::to_string(chain.port()) + "/api/session"});
  CHECK_THAT(signed_in.out, Catch::Contains("HTTP/1.1 200"));
  CHECK_THAT(signed_in.out, Catch::Contains("HttpOnly; SameSite=Strict; Max-Age=43200; Secure"));
}

TEST_CASE("Downloads take an admin's own API token; others' and a disabled admin's are refused", "[hub][console]") {
  TempDir dir;
  ConsoleChain chain(dir);
  upload_case(chain, "north-1", chain.north_token);
  const std::string db = chain.db().string();
  const Run ana = run_hub(dir, {"user", "token", "ana", "--db", db});
  REQUIRE(ana.exit_code == 0);
  const std::string token = ana.out.substr(0, ana.out.find('\n'));
  CHECK(token.size() == 64);
  CHECK_FALSE(hub_holds_text(chain.db(), token));
  const auto csv = http("GET", chain.url() + "/v1/feedback.csv?kind=complaint", token);
  CHECK(csv.status == 200);
  CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') == 2);  // the header and one response

  const Run maria = run_hub(dir, {"user", "token", "maria", "--db", db});
  CHECK(http("GET", chain.url() + "/v1/feedback.csv", maria.out.substr(0, 64)).status == 403);
  CHECK(run_hub(dir, {"user", "token", "nobody", "--db", db}).exit_code == 1);
  REQUIRE(run_hub(dir, {"user", "disable", "ana", "--db", db}).exit_code == 0);
  CHECK(http("GET", chain.url() + "/v1/feedback.csv", token).status == 401);
  CHECK(audit_count(chain.db(), "api_token_add") == 2);
}
