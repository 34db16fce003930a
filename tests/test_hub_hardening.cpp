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
  return json{{"id", id},
              {"response_id", response_id},
              {"at", "2026-11-23T15:00:00Z"},
              {"status", "contacted"},
              {"by", "Marta"},
              {"note", nullptr}}
             .dump() +
         "\n";
}

}  // namespace

TEST_CASE("A record id reused by another kiosk or for other content is 'id already used', not a duplicate",
          "[hub][hardening]") {
  TempDir dir;
  HubProcess hub(dir);
  const Response original = sample_complaint();
  CHECK(post_feedback(hub, original)["accepted"].size() == 1);
  CHECK(post_feedback(hub, original)["duplicates"].size() == 1);  // a lost acknowledgement: fine

  Response altered = original;
  altered.comment = "altered after the fact";
  CHECK_THAT(only_rejection(post_feedback(hub, altered)), Catch::Contains("id already used"));

  Response stolen = original;  // the other kiosk's own record, under an id that is taken
  stolen.kiosk_id = other_kiosk_id;
  CHECK_THAT(only_rejection(post_feedback(hub, stolen, other_kiosk_id, other_kiosk_token)),
             Catch::Contains("id already used"));

  store::ResponseStore stored(hub_records(hub.db(), dir));
  CHECK(stored.find(original.id) == original);
}

TEST_CASE("Events about another kiosk's responses, or about none, are rejected", "[hub][hardening]") {
  TempDir dir;
  HubProcess hub(dir);
  const Response mine = sample_complaint();
  Response theirs = sample_complaint();
  theirs.kiosk_id = other_kiosk_id;
  post_feedback(hub, mine);
  post_feedback(hub, theirs, other_kiosk_id, other_kiosk_token);

  CHECK(post_ok(hub, kiosk_id, kiosk_token, "events", event_line(mine.id))["accepted"].size() == 1);
  CHECK_THAT(only_rejection(post_ok(hub, kiosk_id, kiosk_token, "events", event_line(theirs.id))),
             Catch::Contains("response_id"));
  CHECK_THAT(only_rejection(post_ok(hub, kiosk_id, kiosk_token, "events", event_line(make_uuid_v7()))),
             Catch::Contains("response_id"));

  // An event id the other kiosk already used is not a "duplicate" for this one.
  const std::string id = make_uuid_v7();
  post_ok(hub, other_kiosk_id, other_kiosk_token, "events", event_line(theirs.id, id));
  CHECK_THAT(only_rejection(post_ok(hub, kiosk_id, kiosk_token, "events", event_line(mine.id, id))),
             Catch::Contains("id already used"));
  CHECK(count_rows(hub.db(), "hub_events") == 2);
}

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

TEST_CASE("An Idempotency-Key reused for a different body gets 422 and never replaces the first reply",
          "[hub][hardening]") {
  TempDir dir;
  HubProcess hub(dir);
  const std::string first_body = to_json_line(sample_complaint()) + "\n";
  const std::string other_body = to_json_line(sample_response(5)) + "\n";
  const std::vector<std::string> key = {"Idempotency-Key: batch-1"};
  const auto first = http("POST", endpoint(hub, kiosk_id, "feedback"), kiosk_token, first_body, key);
  REQUIRE(first.status == 200);
  const auto reused = http("POST", endpoint(hub, kiosk_id, "feedback"), kiosk_token, other_body, key);
  CHECK(reused.status == 422);
  CHECK_THAT(reused.body, Catch::Contains("Idempotency-Key"));
  const auto replayed = http("POST", endpoint(hub, kiosk_id, "feedback"), kiosk_token, first_body, key);
  CHECK(replayed.status == 200);
  CHECK(replayed.body == first.body);
  CHECK(count_rows(hub.db(), "responses") == 1);
}

TEST_CASE("The admin token uploads nothing", "[hub][hardening]") {
  TempDir dir;
  HubProcess hub(dir);
  Response r = sample_complaint();
  r.kiosk_id = "admin";
  CHECK(http("POST", endpoint(hub, "admin", "feedback"), admin_token, to_json_line(r)).status == 403);
  CHECK(http("POST", endpoint(hub, "admin", "events"), admin_token, event_line(r.id)).status == 403);
  CHECK(http("POST", endpoint(hub, "admin", "heartbeat"), admin_token, R"({"at":"2026-11-23T14:05:09Z"})").status ==
        403);
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
  CHECK(
      post_ok(hub, kiosk_id, kiosk_token, "feedback", with("created_at", "2028-02-29T10:00:00Z"))["accepted"].size() ==
      1);
  CHECK(post_ok(hub, kiosk_id, kiosk_token, "feedback", with("utc_offset_min", -840))["accepted"].size() == 1);
  CHECK(count_rows(hub.db(), "responses") == 2);
}

TEST_CASE("The hub database is created readable by its owner only", "[hub][hardening][sqlite]") {
  TempDir dir;
  const mode_t before = ::umask(022);  // a default shell's; the hub must not rely on a stricter one
  HubProcess hub(dir);
  ::umask(before);
  post_feedback(hub, sample_complaint());
  for (const auto& file : {hub.db(), std::filesystem::path(hub.db().string() + "-wal")}) {
    INFO(file);
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
}

TEST_CASE("A hub with an empty tokens file does not start, and says why", "[hub][hardening]") {
  TempDir dir;
  const auto tokens = dir / "tokens.txt";
  write_private_file(tokens, "# nobody yet\n\n");
  Child hub({HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", (dir / "hub.db").string(), "--tokens", tokens.string()},
            dir / "out", dir / "err");
  CHECK(hub.wait() == 5);
  CHECK_THAT(read_text(dir / "err"), Catch::Contains("tokens.txt") && Catch::Contains("no tokens"));
}

TEST_CASE("Plain HTTP beyond loopback needs --insecure-plain-http; loopback and TLS do not", "[hub][hardening]") {
  TempDir dir;
  const auto tokens = dir / "tokens.txt";
  write_private_file(tokens, "store-1 store-1-token-0123456789abcdef\n");
  {
    Child hub({HEARD_HUB_PATH, "--listen", "0.0.0.0:0", "--db", (dir / "hub.db").string(), "--tokens", tokens.string()},
              dir / "out", dir / "err");
    CHECK(hub.wait() == 2);
    CHECK_THAT(read_text(dir / "err"), Catch::Contains("0.0.0.0 is not loopback") && Catch::Contains("--cert"));
    CHECK_FALSE(std::filesystem::exists(dir / "hub.db"));  // refused before anything was made
  }
  Child hub({HEARD_HUB_PATH, "--listen", "0.0.0.0:0", "--insecure-plain-http", "--db", (dir / "hub.db").string(),
             "--tokens", tokens.string()},
            dir / "out", dir / "err", true);
  CHECK(hub.read_line(std::chrono::seconds(20)).starts_with("heard-hub: listening on 0.0.0.0:"));
  hub.signal(SIGTERM);
  CHECK(hub.wait() == 0);
}

TEST_CASE("The hub has no --chaos, and the tests' fault injector stays on loopback", "[hub][hardening]") {
  TempDir dir;
  const Run hub =
      run_program(dir, {HEARD_HUB_PATH, "--listen", "0.0.0.0:0", "--chaos", "1", "--db", (dir / "hub.db").string()});
  CHECK(hub.exit_code == 2);
  CHECK_THAT(hub.err, Catch::Contains("--chaos"));
  const Run proxy = run_program(dir, {HEARD_CHAOS_PROXY_PATH, "--upstream", "1", "--listen", "0.0.0.0:0"});
  CHECK(proxy.exit_code == 2);
  CHECK_THAT(proxy.err, Catch::Contains("0.0.0.0 is not loopback"));
}

TEST_CASE("A body in a Content-Encoding the protocol does not allow gets 415", "[hub][hardening]") {
  TempDir dir;
  HubProcess hub(dir);
  const std::string body = to_json_line(sample_complaint()) + "\n";
  for (const char* coding : {"zstd", "compress", "x-unknown", "br"}) {
    INFO(coding);
    CHECK(http("POST", endpoint(hub, kiosk_id, "feedback"), kiosk_token, body,
               {std::string("Content-Encoding: ") + coding})
              .status == 415);
  }
  CHECK(count_rows(hub.db(), "responses") == 0);
  CHECK(post_ok(hub, kiosk_id, kiosk_token, "feedback", body, {"Content-Encoding: identity"})["accepted"].size() == 1);
}
