// A kiosk's retention purge reaches head office: a "purged" follow-up event makes the hub
// remove the same response's contact details, and only that kiosk's.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/response_json.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;

TEST_CASE("The hub removes the contact details of a response the kiosk purged", "[hub][purge]") {
  TempDir dir;
  HubProcess hub(dir);
  const std::string base = hub.url() + "/v1/kiosks/" + kiosk_id;
  const Response complaint = sample_complaint();
  REQUIRE_FALSE(complaint.contact.empty());
  REQUIRE(http("POST", base + "/feedback", kiosk_token, to_json_line(complaint) + "\n").status == 200);

  const std::string purged =
      R"({"id":"0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f99","response_id":")" + complaint.id +
      R"(","at":"2026-11-23T15:00:00Z","status":"purged","by":"retention","note":"response older than 365 days"})";
  const auto reply = http("POST", base + "/events", kiosk_token, purged + "\n");
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  CHECK(nlohmann::json::parse(reply.body)["accepted"].size() == 1);

  store::ResponseStore stored(hub_records(hub.db(), dir));
  const auto after = stored.find(complaint.id);
  REQUIRE(after);
  CHECK(after->contact.empty());
  CHECK(after->comment == complaint.comment);
  CHECK(after->rating == complaint.rating);
}
