// Alerts through a webhook, end to end on loopback: a real heard-hub with [alerts] in its
// hub.toml, a kiosk's upload holding an urgent complaint, and a receiver that checks the
// signature and fails the first deliveries. The alert arrives, signed, once per id.
#include <catch2/catch.hpp>

#include "support/alert_fixture.hpp"
#include "support/webhook_receiver.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

TEST_CASE("an urgent complaint reaches a signed webhook, retried until the receiver takes it", "[alerts][webhook]") {
  TempDir dir;
  WebhookReceiver receiver(webhook_secret, 3);  // 503 three times, then 200
  const auto config = write_hub_config(dir, webhook_alerts(receiver.url()));
  HubProcess hub(dir, {"--config", config.string()});

  Response urgent = sample_complaint(system_now_ms() - 5000);
  Response calm = sample_response(5, system_now_ms() - 4000);
  REQUIRE(upload(hub, {urgent, calm}) == 200);

  REQUIRE(receiver.wait_for_accepted(1, 30s));
  const auto got = receiver.received();
  INFO(hub.log());
  REQUIRE(got.size() == 4);
  for (const auto& r : got) {
    CHECK(r.signature_ok);
    CHECK(r.key == got[0].key);  // the same idempotency id on every attempt
    CHECK(r.body == got[0].body);
  }
  const auto body = nlohmann::json::parse(got.back().body);
  CHECK(body.at("id") == got[0].key);
  CHECK(body.at("type") == "alert.urgent");
  CHECK(body.at("url") == "https://hub.example.com/#case/" + urgent.id);
  CHECK(body.at("data").at("case_id") == urgent.id);
  CHECK(body.at("data").at("site_name") == "Madrid Centro");
  CHECK(body.at("data").at("rating") == 1);
  // No contact details and no free text a customer typed, in the alert or in the hub's log.
  for (const std::string& secret : {urgent.contact.name, urgent.contact.phone, urgent.comment}) {
    CHECK(got.back().body.find(secret) == std::string::npos);
    CHECK(hub.log().find(secret) == std::string::npos);
  }

  REQUIRE(eventually([&] { return !outbox_rows(hub.db()).empty() && outbox_rows(hub.db())[0].state == "sent"; }, 10s));
  const auto rows = outbox_rows(hub.db());
  REQUIRE(rows.size() == 1);  // the compliment alerts nobody
  CHECK(rows[0].id == got[0].key);
  CHECK(rows[0].attempts == 4);
  CHECK_THAT(hub.log(), Catch::Contains("HTTP 503"));  // each failure said, with its reason
}

TEST_CASE("a receiver that refuses the signature leaves the delivery failing with the reason", "[alerts][webhook]") {
  TempDir dir;
  WebhookReceiver receiver("a-different-secret-0123");
  const auto config = write_hub_config(dir, webhook_alerts(receiver.url()));
  HubProcess hub(dir, {"--config", config.string()});
  REQUIRE(upload(hub, {sample_complaint(system_now_ms())}) == 200);

  REQUIRE(eventually([&] { return receiver.received().size() >= 2; }, 30s));
  REQUIRE(eventually(
      [&] {
        const auto rows = outbox_rows(hub.db());
        return rows.size() == 1 && rows[0].state == "failing" && rows[0].attempts >= 2;
      },
      10s));
  CHECK_THAT(outbox_rows(hub.db())[0].last_error, Catch::Contains("HTTP 401"));
  CHECK(receiver.accepted().empty());
}

TEST_CASE("the slack format posts a text body with the case link", "[alerts][webhook]") {
  TempDir dir;
  WebhookReceiver receiver(webhook_secret);
  const auto config = write_hub_config(dir, webhook_alerts(receiver.url()) + "format = \"slack\"\n");
  HubProcess hub(dir, {"--config", config.string()});
  const Response urgent = sample_complaint(system_now_ms());
  REQUIRE(upload(hub, {urgent}) == 200);
  REQUIRE(receiver.wait_for_accepted(1, 30s));
  const auto body = nlohmann::json::parse(receiver.received()[0].body);
  REQUIRE(body.size() == 1);
  CHECK_THAT(body.at("text").get<std::string>(),
             Catch::Contains("Madrid Centro") && Catch::Contains("https://hub.example.com/#case/" + urgent.id));
}
