// heard-hub against a malicious or broken kiosk (issue 14, "Low"): reused record ids,
// events about other kiosks' responses, NUL bytes, a reused Idempotency-Key, the admin
// token uploading, impossible values; and the hub's own files.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include "core/response_json.hpp"
#include "core/uuid.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

std::string endpoint(const HubProcess& hub, const std::string& kiosk, const std::string& what) {
  return hub.url() + "/v1/kiosks/" + kiosk + "/" + what;
}

json post_ok(const HubProcess& hub, const std::string& kiosk, const std::string& token, const std::string& what,
             const std::string& body, const std::vector<std::string>& headers = {}) {
  const auto reply = http("POST", endpoint(hub, kiosk, what), token, body, headers);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return json::parse(reply.body);
}

json post_feedback(const HubProcess& hub, const Response& r, const std::string& kiosk = kiosk_id,
                   const std::string& token = kiosk_token) {
  return post_ok(hub, kiosk, token, "feedback", to_json_line(r) + "\n");
}

std::string only_rejection(const json& reply) {
  INFO(reply.dump());
  REQUIRE(reply["accepted"].empty());
  REQUIRE(reply["duplicates"].empty());
  REQUIRE(reply["rejected"].size() == 1);
  return reply["rejected"][0]["reason"].get<std::string>();
}

std::string event_line(const std::string& response_id, const std::string& id = make_uuid_v7()) {
  return json{{"id", id},       {"response_id", response_id}, {"at", "2026-11-23T15:00:00Z"},
              {"status", "contacted"}, {"by", "Marta"},      {"note", nullptr}}
             .dump() +
         "\n";
}

}  // namespace

TEST_CASE("A NUL byte inside a line makes the batch unreadable instead of cutting the line", "[hub][hardening]") {
  TempDir dir;
  HubProcess hub(dir);
  const Response r = sample_complaint();
  std::string line = to_json_line(r);
  line.insert(line.find("\"kiosk_id\""), std::string("\"x\":1,\0", 7));
  const auto reply = http("POST", endpoint(hub, kiosk_id, "feedback"), kiosk_token, line + "\n");
  CHECK(reply.status == 400);
  CHECK_THAT(reply.body, Catch::Contains("NUL"));
  CHECK(count_rows(hub.db(), "responses") == 0);
}

TEST_CASE("Out-of-range offsets, non-UUIDv7 ids and impossible dates are rejected", "[hub][hardening]") {
  TempDir dir;
  HubProcess hub(dir);
  const auto with = [](const std::string& key, const json& value) {
    json j = to_json(sample_complaint());
    j[key] = value;
    return j.dump() + "\n";
  };
  const std::vector<std::pair<std::string, std::string>> bad = {
      {with("utc_offset_min", 4294967356ULL), "utc_offset_min"},
      {with("utc_offset_min", 841), "utc_offset_min"},
      {with("utc_offset_min", -9223372036854775807LL), "utc_offset_min"},
      {with("id", "00000000-0000-0000-0000-000000000000"), "UUIDv7"},
      {with("id", "0190f3c2-7a1e-4c3e-9d1a-1b2c3d4e5f60"), "UUIDv7"},  // a v4 id
      {with("created_at", "2026-02-31T10:00:00Z"), "not a date"},
      {with("created_at", "2027-02-29T10:00:00Z"), "not a date"},
      {with("created_at", "9999-12-31T10:00:00Z"), "year"},
  };
  for (const auto& [body, complaint] : bad) {
    INFO(body);
    CHECK_THAT(only_rejection(post_ok(hub, kiosk_id, kiosk_token, "feedback", body)), Catch::Contains(complaint));
  }
  CHECK(post_ok(hub, kiosk_id, kiosk_token, "feedback", with("created_at", "2028-02-29T10:00:00Z"))["accepted"].size() ==
        1);
  CHECK(post_ok(hub, kiosk_id, kiosk_token, "feedback", with("utc_offset_min", -840))["accepted"].size() == 1);
  CHECK(count_rows(hub.db(), "responses") == 2);
}
