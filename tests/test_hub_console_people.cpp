// People from the console (admin only): listing, adding, changing a password, disabling;
// each change CSRF-checked and audited, and refused with 403 for a manager or a viewer.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "store/database.hpp"
#include "support/console_fixture.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

std::int64_t audited(const std::filesystem::path& db, const std::string& action, const std::string& target) {
  // Either backend (the test's own literals, no quotes in them).
  return hub_query_int(db, "SELECT count(*) FROM hub_audit WHERE action = '" + action + "' AND target = '" + target +
                               "' AND who = 'ana'");
}

json person(const json& people, const std::string& name) {
  for (const auto& p : people)
    if (p["name"] == name) return p;
  return nullptr;
}

const json new_manager = {
    {"name", "lucia"}, {"role", "manager"}, {"sites", {"south"}}, {"password", "a long enough password"}};

}  // namespace

TEST_CASE("An admin lists, adds, re-passwords and disables people from the console, each audited",
          "[hub][console][people]") {
  TempDir dir;
  ConsoleChain chain(dir);
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);

  const auto listed = ana.get("/api/people");
  REQUIRE(listed.status == 200);
  CHECK(listed.body["people"].size() == 3);
  CHECK(person(listed.body["people"], "maria")["sites"] == json::array({"north"}));
  CHECK(listed.body.dump().find("argon2") == std::string::npos);  // no password hashes

  const auto added = ana.post("/api/people", new_manager);
  REQUIRE(added.status == 200);
  CHECK(person(added.body["people"], "lucia")["role"] == "manager");
  CHECK(audited(chain.db(), "user_add", "lucia") == 1);
  auto lucia = chain.client();
  REQUIRE(lucia.sign_in("lucia", "a long enough password").status == 200);
  CHECK(lucia.get("/api/me").body["sites"] == json::array({"south"}));

  CHECK(ana.post("/api/people/password", {{"name", "lucia"}, {"password", "another long password"}}).status == 200);
  CHECK(audited(chain.db(), "user_passwd", "lucia") == 1);
  CHECK(lucia.get("/api/me").status == 401);  // the old session ended with the old password
  REQUIRE(lucia.sign_in("lucia", "another long password").status == 200);

  CHECK(ana.post("/api/people/disable", {{"name", "lucia"}}).status == 200);
  CHECK(audited(chain.db(), "user_disable", "lucia") == 1);
  CHECK(lucia.get("/api/me").status == 401);
  CHECK(chain.client().sign_in("lucia", "another long password").status == 401);
  CHECK(person(ana.get("/api/people").body["people"], "lucia")["disabled"] == true);

  SECTION("bad requests get clear errors and change nothing") {
    CHECK(ana.post("/api/people", new_manager).status == 409);  // the name is taken
    json no_site = new_manager;
    no_site["name"] = "pablo";
    no_site["sites"] = json::array();
    CHECK(ana.post("/api/people", no_site).status == 400);
    json unknown_site = no_site;
    unknown_site["sites"] = {"atlantis"};
    CHECK(ana.post("/api/people", unknown_site).status == 409);
    json short_password = new_manager;
    short_password["name"] = "pablo";
    short_password["password"] = "short";
    CHECK(ana.post("/api/people", short_password).status == 400);
    json bad_role = new_manager;
    bad_role["name"] = "pablo";
    bad_role["role"] = "owner";
    CHECK(ana.post("/api/people", bad_role).status == 400);
    CHECK(ana.post("/api/people/password", {{"name", "nobody"}, {"password", "a long enough password"}}).status == 404);
    CHECK(ana.post("/api/people/disable", {{"name", "ana"}}).status == 400);  // never lock yourself out
    CHECK(person(ana.get("/api/people").body["people"], "pablo").is_null());
  }
  SECTION("without the CSRF token nothing changes") {
    ana.forget_csrf();
    CHECK(ana.post("/api/people", json{{"name", "pablo"}, {"role", "viewer"}, {"password", "a long enough password"}})
              .status == 403);
    CHECK(ana.post("/api/people/disable", {{"name", "maria"}}).status == 403);
    CHECK(audited(chain.db(), "user_add", "pablo") == 0);
    CHECK(chain.client().sign_in("maria").status == 200);
  }
}

TEST_CASE("A manager or a viewer may not list or change people", "[hub][console][people]") {
  TempDir dir;
  ConsoleChain chain(dir);
  for (const std::string name : {"maria", "victor"}) {
    INFO(name);
    auto who = chain.client();
    REQUIRE(who.sign_in(name).status == 200);
    CHECK(who.get("/api/people").status == 403);
    json attempt = new_manager;
    attempt["name"] = "intruder-of-" + name;
    CHECK(who.post("/api/people", attempt).status == 403);
    CHECK(who.post("/api/people/password", {{"name", "ana"}, {"password", "taken over by me"}}).status == 403);
    CHECK(who.post("/api/people/disable", {{"name", "ana"}}).status == 403);
  }
  CHECK(chain.client().sign_in("ana").status == 200);  // password unchanged, not disabled
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);
  CHECK(ana.get("/api/people").body["people"].size() == 3);
}
