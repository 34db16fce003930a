// heard-hub as a real process on loopback, spoken to over plain HTTP: tokens, validation,
// deduplication, idempotent replays, limits, hostile input, heartbeats and downloads.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/response_json.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/sync_fixture.hpp"
#include "sync/batch.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

std::string feedback_url(const HubProcess& hub, const std::string& kiosk = kiosk_id) {
  return hub.url() + "/v1/kiosks/" + kiosk + "/feedback";
}

std::string ndjson(const std::vector<Response>& rs) {
  std::string out;
  for (const auto& r : rs) out += to_json_line(r) + "\n";
  return out;
}

json post_ok(const HubProcess& hub, const std::string& body, const std::vector<std::string>& headers = {}) {
  const auto reply = http("POST", feedback_url(hub), kiosk_token, body, headers);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return json::parse(reply.body);
}

}  // namespace

TEST_CASE("The hub answers health checks", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  const auto reply = http("GET", hub.url() + "/healthz", "");
  CHECK(reply.status == 200);
  CHECK(reply.body == "ok\n");
}

TEST_CASE("The hub refuses missing, unknown and other kiosks' tokens", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  const std::string body = ndjson({sample_complaint()});
  CHECK(http("POST", feedback_url(hub), "", body).status == 401);
  CHECK(http("POST", feedback_url(hub), "not-a-token-at-all-0000", body).status == 401);
  CHECK(http("POST", feedback_url(hub, "store-99"), kiosk_token, body).status == 403);
  CHECK(http("POST", feedback_url(hub), admin_token, body).status == 403);  // managers download, kiosks upload
  CHECK(http("GET", hub.url() + "/v1/feedback.csv", kiosk_token).status == 403);
  CHECK(http("GET", hub.url() + "/v1/feedback.csv", "").status == 401);
}

TEST_CASE("The hub stores valid records and reports each id in exactly one list", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  Response good = sample_complaint();
  Response bad_rating = sample_response(3);
  bad_rating.rating = 9;
  Response other_kiosk = sample_response(5);
  other_kiosk.kiosk_id = "store-99";
  json wrong_type = to_json(sample_response(4));
  wrong_type["urgent"] = "yes";
  json with_extras = to_json(sample_response(5));
  with_extras["future_field"] = {{"nested", true}};
  const std::string body =
      ndjson({good, bad_rating, other_kiosk}) + wrong_type.dump() + "\n" + with_extras.dump() + "\n";

  const json reply = post_ok(hub, body);
  CHECK(reply["accepted"] == json::array({good.id, with_extras["id"]}));
  CHECK(reply["duplicates"] == json::array());
  REQUIRE(reply["rejected"].size() == 3);
  CHECK(reply["rejected"][0]["id"] == bad_rating.id);
  CHECK_THAT(reply["rejected"][0]["reason"].get<std::string>(), Catch::Contains("rating"));
  CHECK_THAT(reply["rejected"][1]["reason"].get<std::string>(), Catch::Contains("does not match"));
  CHECK_THAT(reply["rejected"][2]["reason"].get<std::string>(), Catch::Contains("urgent"));

  store::ResponseStore stored(hub_records(hub.db(), dir));
  CHECK(stored.find(good.id) == good);
  CHECK_FALSE(stored.find(bad_rating.id));
  CHECK_FALSE(stored.find(other_kiosk.id));
}

TEST_CASE("The hub never stores an id twice and reports repeats as duplicates", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  const Response a = sample_complaint(), b = sample_response(4);
  post_ok(hub, ndjson({a}));
  Response changed = a;
  changed.comment = "a different text under the same id";
  const json reply = post_ok(hub, ndjson({a, changed, b, b}));
  CHECK(reply["accepted"] == json::array({b.id}));
  CHECK(reply["duplicates"] == json::array({a.id}));  // the same record again
  REQUIRE(reply["rejected"].size() == 0);             // `changed` is the second copy of a.id in the batch
  store::ResponseStore stored(hub_records(hub.db(), dir));
  CHECK(stored.find(a.id) == a);  // the first copy stays
  CHECK(connection_of(stored).query_int("SELECT COUNT(*) FROM responses") == 2);
}

TEST_CASE("The same Idempotency-Key with the same body replays the first answer", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  const std::string body = ndjson({sample_complaint(), sample_response(5)});
  const auto first = http("POST", feedback_url(hub), kiosk_token, body, {"Idempotency-Key: batch-1"});
  const auto again = http("POST", feedback_url(hub), kiosk_token, body, {"Idempotency-Key: batch-1"});
  const auto other_key = http("POST", feedback_url(hub), kiosk_token, body, {"Idempotency-Key: batch-2"});
  REQUIRE(first.status == 200);
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  CHECK(json::parse(first.body)["accepted"].size() == 2);
  CHECK(json::parse(other_key.body)["duplicates"].size() == 2);  // no replay: processed, all repeats
}

TEST_CASE("The hub accepts gzip bodies", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  std::vector<Response> rs;
  for (int i = 0; i < 50; ++i) rs.push_back(sample_complaint());
  const json reply = post_ok(hub, sync::gzip(ndjson(rs)), {"Content-Encoding: gzip"});
  CHECK(reply["accepted"].size() == 50);
}

TEST_CASE("The hub answers 413 to bodies over its limit, compressed or not", "[hub]") {
  TempDir dir;
  HubProcess hub(dir, {"--max-body", "65536"});
  std::vector<Response> rs;
  for (int i = 0; i < 400; ++i) rs.push_back(sample_complaint());
  const std::string big = ndjson(rs);
  REQUIRE(big.size() > 65536);
  CHECK(http("POST", feedback_url(hub), kiosk_token, big).status == 413);
  CHECK(http("POST", feedback_url(hub), kiosk_token, sync::gzip(big), {"Content-Encoding: gzip"}).status == 413);
  // A gzip bomb: 50 MB of zeros compress to ~50 KB; the hub stops expanding at its limit.
  CHECK(
      http("POST", feedback_url(hub), kiosk_token, sync::gzip(std::string(50'000'000, '0')), {"Content-Encoding: gzip"})
          .status == 413);
  CHECK(http("POST", feedback_url(hub), kiosk_token, big, {"Transfer-Encoding: chunked"}).status == 413);
  CHECK(http("GET", hub.url() + "/healthz", "").status == 200);
}

TEST_CASE("The hub answers 413 to more than 500 records in one batch", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  std::vector<Response> rs;
  for (int i = 0; i < 501; ++i) rs.push_back(sample_response(5));
  CHECK(http("POST", feedback_url(hub), kiosk_token, ndjson(rs)).status == 413);
}

TEST_CASE("Hostile bodies get 400 and the hub keeps serving", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  const std::string good = to_json_line(sample_complaint()) + "\n";
  const std::vector<std::string> hostile = {
      "",
      "\n\n",
      "not json\n",
      good + "{\"id\": \"abc\", \n",                    // truncated record
      std::string(2000, '[') + std::string(2000, ']'),  // deep nesting
      "{\"id\":\"x\",\"a\":" + std::string(5000, '[') + "\n",
      "{\"id\": \"bad \xff\xfe utf-8\"}\n",
      "{\"id\": 12}\n",
      "[1, 2, 3]\n",
      "\"just a string\"\n",
      std::string(300'000, 'x') + "\n",  // one huge line
      std::string("{\"id\":\"a\0b\"}\n", 14),
  };
  for (const auto& body : hostile) {
    const auto reply = http("POST", feedback_url(hub), kiosk_token, body);
    INFO("body starts with: " << body.substr(0, 40));
    CHECK(reply.status == 400);
    CHECK(json::parse(reply.body).contains("error"));
  }
  CHECK(post_ok(hub, good)["accepted"].size() == 1);
  store::ResponseStore stored(hub_records(hub.db(), dir));
  CHECK(connection_of(stored).query_int("SELECT COUNT(*) FROM responses") == 1);
}

TEST_CASE("The hub takes heartbeats and follow-up events", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  const std::string base = hub.url() + "/v1/kiosks/" + kiosk_id;
  const std::string heartbeat = R"({"at":"2026-11-23T14:05:09.123Z","app_version":"1.0.0","outbox":3,)"
                                R"("oldest_unsynced_at":null,"last_error":null})";
  CHECK(http("POST", base + "/heartbeat", kiosk_token, heartbeat).status == 204);
  CHECK(http("POST", base + "/heartbeat", kiosk_token, R"({"outbox":"many"})").status == 400);
  CHECK(http("POST", base + "/heartbeat", "", R"({"at":"2026-11-23T14:05:09Z"})").status == 401);

  Response answered = sample_complaint();
  answered.id = "0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60";
  REQUIRE(http("POST", base + "/feedback", kiosk_token, to_json_line(answered)).status == 200);
  const std::string event =
      R"({"id":"0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f61","response_id":"0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60",)"
      R"("at":"2026-11-23T15:00:00Z","status":"contacted","by":"Marta","note":null})";
  const std::string bad_event = R"({"id":"0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f62","response_id":"x",)"
                                R"("at":"2026-11-23T15:00:00Z","status":"contacted","by":"Marta"})";
  const auto reply = http("POST", base + "/events", kiosk_token, event + "\n" + bad_event + "\n");
  REQUIRE(reply.status == 200);
  const json j = json::parse(reply.body);
  CHECK(j["accepted"].size() == 1);
  CHECK(j["rejected"][0]["reason"].get<std::string>().find("response_id") != std::string::npos);
  CHECK(json::parse(http("POST", base + "/events", kiosk_token, event).body)["duplicates"].size() == 1);

  CHECK(hub_query_int(hub.db(), "SELECT outbox FROM hub_heartbeats WHERE kiosk_id = 'store-12-exit'") == 3);
  CHECK(count_rows(hub.db(), "hub_events") == 1);
}

TEST_CASE("Managers download CSV and NDJSON with the export filters", "[hub]") {
  TempDir dir;
  HubProcess hub(dir);
  Response complaint = sample_complaint(1795961109123);  // 2026-11-29
  complaint.comment = "=HYPERLINK(\"http://x\")";        // a spreadsheet formula must be neutralised
  const Response compliment = sample_response(5, 1795961109123 + 86'400'000);
  post_ok(hub, ndjson({complaint, compliment}));

  const auto csv = http("GET", hub.url() + "/v1/feedback.csv", admin_token);
  REQUIRE(csv.status == 200);
  CHECK_THAT(csv.headers, Catch::Contains("text/csv"));
  CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') == 3);
  CHECK_THAT(csv.body, Catch::Contains(complaint.id) && Catch::Contains(compliment.id));
  CHECK_THAT(csv.body, !Catch::Contains(",=HYPERLINK"));
  CHECK_THAT(csv.body, !Catch::Contains("+34 600"));  // contact details only on request

  const auto complaints = http("GET", hub.url() + "/v1/feedback.ndjson?kind=complaint&max_rating=2", admin_token);
  REQUIRE(complaints.status == 200);
  CHECK(complaints.body.find(complaint.id) != std::string::npos);
  CHECK(complaints.body.find(compliment.id) == std::string::npos);

  const auto later = http("GET", hub.url() + "/v1/feedback.ndjson?since=2026-11-30T00:00:00Z", admin_token);
  CHECK(later.body.find(compliment.id) != std::string::npos);
  CHECK(later.body.find(complaint.id) == std::string::npos);

  const auto with_contact = http("GET", hub.url() + "/v1/feedback.ndjson?include_contact=true", admin_token);
  CHECK_THAT(with_contact.body, Catch::Contains("+34 600"));

  CHECK(http("GET", hub.url() + "/v1/feedback.csv?since=yesterday", admin_token).status == 400);
  CHECK(http("GET", hub.url() + "/v1/feedback.csv?max_rating=9", admin_token).status == 400);
  CHECK(http("GET", hub.url() + "/v1/feedback.csv?kind=rant", admin_token).status == 400);
}

TEST_CASE("The hub refuses a tokens file that others can read", "[hub]") {
  TempDir dir;
  const auto tokens = dir / "tokens.txt";
  write_private_file(tokens, kiosk_id + " " + kiosk_token + "\n");
  ::chmod(tokens.c_str(), 0644);
  Child hub({HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", (dir / "hub.db").string(), "--tokens", tokens.string()},
            dir / "out", dir / "err");
  CHECK(hub.wait() != 0);
  CHECK_THAT(read_text(dir / "err"), Catch::Contains("chmod 600"));

  write_private_file(tokens, "# comment\n" + kiosk_id + "\n");
  Child bad({HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", (dir / "hub.db").string(), "--tokens", tokens.string()},
            dir / "out", dir / "err");
  CHECK(bad.wait() == 5);
  CHECK_THAT(read_text(dir / "err"), Catch::Contains("tokens.txt:2") && Catch::Contains("KIOSK_ID TOKEN"));
}
