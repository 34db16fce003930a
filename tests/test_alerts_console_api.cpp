// /api/alerts in the console: who sees which deliveries (a manager only their sites'), who may
// send a test (not a viewer) and change the rules (an admin), and the CSRF token on writes.
#include <catch2/catch.hpp>

#include "core/response_json.hpp"
#include "support/console_fixture.hpp"
#include "support/sample.hpp"
#include "support/webhook_receiver.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

const std::string secret = "whsec-console-0123456789";

std::string alerts_to(const std::string& url) {
  return "\n[alerts]\nconsole_url = \"https://hub.example.com\"\nretry_min_ms = 50\nretry_max_s = 1\n"
         "\n[[alerts.webhooks]]\nname = \"ops\"\nurl = \"" +
         url + "\"\nsecret = \"" + secret + "\"\n";
}

void upload_urgent(const ConsoleChain& chain, const std::string& kiosk, const std::string& token) {
  Response r = sample_complaint(system_now_ms());
  r.kiosk_id = kiosk;
  const auto reply = http("POST", chain.url() + "/v1/kiosks/" + kiosk + "/feedback", token, to_json_line(r) + "\n");
  REQUIRE(reply.status == 200);
}

std::size_t sent(ConsoleClient& admin) {
  std::size_t n = 0;
  const auto reply = admin.get("/api/alerts");
  for (const auto& d : reply.body["deliveries"]) n += d["state"] == "sent";
  return n;
}

}  // namespace

TEST_CASE("the console's alerts page: deliveries by site, tests and rules by role, CSRF", "[alerts][console]") {
  TempDir dir;
  WebhookReceiver receiver(secret);
  ConsoleChain chain(dir, {}, alerts_to(receiver.url()));
  upload_urgent(chain, "north-1", chain.north_token);
  upload_urgent(chain, "south-1", chain.south_token);
  REQUIRE(receiver.wait_for_accepted(2, 30s));

  auto ana = chain.client(), maria = chain.client(), victor = chain.client(), nobody = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);
  REQUIRE(maria.sign_in("maria").status == 200);
  REQUIRE(victor.sign_in("victor").status == 200);
  REQUIRE(eventually([&] { return sent(ana) == 2; }, 10s));

  CHECK(nobody.get("/api/alerts").status == 401);
  const auto all = ana.get("/api/alerts").body;
  CHECK(all["may_edit"] == true);
  CHECK(all["rules"]["urgent"] == true);
  REQUIRE(all["channels"].size() == 1);
  CHECK(all["channels"][0]["name"] == "webhook:ops");
  CHECK(all["channels"][0]["failing"] == false);
  const auto mine = maria.get("/api/alerts").body;
  REQUIRE(mine["deliveries"].size() == 1);  // north's only
  CHECK(mine["deliveries"][0]["site_id"] == "north");
  CHECK(mine["may_edit"] == false);
  CHECK(victor.get("/api/alerts").body["deliveries"].size() == 2);  // a viewer of every site

  SECTION("a test message: managers and admins, not viewers, only to a known channel") {
    CHECK(victor.post("/api/alerts/test", {{"channel", "webhook:ops"}}).status == 403);
    CHECK(maria.post("/api/alerts/test", {{"channel", "webhook:nowhere"}}).status == 404);
    maria.forget_csrf();
    CHECK(maria.post("/api/alerts/test", {{"channel", "webhook:ops"}}).status == 403);
    CHECK(ana.post("/api/alerts/test", {{"channel", "webhook:ops"}}).status == 202);
    REQUIRE(receiver.wait_for_accepted(3, 30s));
    const auto last = nlohmann::json::parse(receiver.received().back().body);
    CHECK(last["type"] == "alert.test");
  }

  SECTION("the rules: an admin changes them, with the CSRF token; they hold at once") {
    CHECK(maria.post("/api/alerts/rules", {{"urgent", false}}).status == 403);
    CHECK(victor.post("/api/alerts/rules", {{"urgent", false}}).status == 403);
    CHECK(ana.post("/api/alerts/rules", {{"urgent", "no"}}).status == 400);
    ana.forget_csrf();
    CHECK(ana.post("/api/alerts/rules", {{"urgent", false}}).status == 403);
    REQUIRE(ana.sign_in("ana").status == 200);
    const auto changed = ana.post("/api/alerts/rules", {{"urgent", false}});
    CHECK(changed.status == 200);
    CHECK(ana.get("/api/alerts").body["rules"]["urgent"] == false);
    upload_urgent(chain, "north-1", chain.north_token);
    // Once the rules have read past the new response, nothing more was queued for it.
    REQUIRE(eventually(
        [&] {
          return hub_query_int(chain.db(), "SELECT value FROM alert_cursors WHERE name = 'responses'") ==
                 hub_query_int(chain.db(), "SELECT max(seq) FROM responses");
        },
        20s));
    CHECK(ana.get("/api/alerts").body["deliveries"].size() == 2);
  }
}
