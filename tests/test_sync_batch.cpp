// Batches: NDJSON within the protocol's limits, gzip above 1 KiB, and a careful reading of
// the hub's reply.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/response_json.hpp"
#include "support/sample.hpp"
#include "sync/batch.hpp"
#include "sync/protocol.hpp"

using namespace heard;
using namespace heard::sync;

namespace {

std::vector<OutgoingRecord> records(std::size_t n, std::size_t line_bytes) {
  std::vector<OutgoingRecord> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back({"id-" + std::to_string(i), std::string(line_bytes, 'x')});
  return out;
}

}  // namespace

TEST_CASE("A batch holds at most the record limit, in order", "[sync][batch]") {
  const auto all = records(1200, 10);
  const Batch b = make_batch(all, 500, 1 << 20);
  REQUIRE(b.ids.size() == 500);
  CHECK(b.ids.front() == "id-0");
  CHECK(b.ids.back() == "id-499");
  CHECK(std::count(b.ndjson.begin(), b.ndjson.end(), '\n') == 500);
}

TEST_CASE("A batch stays within the byte limit, newlines included", "[sync][batch]") {
  const auto all = records(500, 3000);
  const Batch b = make_batch(all, 500, 1 << 20);
  CHECK(b.ndjson.size() <= (1u << 20));
  CHECK(b.ids.size() == (1u << 20) / 3001);
}

TEST_CASE("A record larger than the byte limit still travels, alone", "[sync][batch]") {
  const auto all = records(3, 5000);
  const Batch b = make_batch(all, 500, 1024);
  CHECK(b.ids.size() == 1);
}

TEST_CASE("Bodies above 1 KiB are gzipped and come back unchanged", "[sync][batch]") {
  const std::string small(1024, 'a');
  CHECK_FALSE(encode_body(small).gzip);
  std::string ndjson;
  for (int i = 0; i < 100; ++i) ndjson += to_json_line(heard::test::sample_complaint()) + "\n";
  const Body body = encode_body(ndjson);
  REQUIRE(body.gzip);
  CHECK(body.data.size() < ndjson.size() / 3);
  CHECK(gunzip(body.data, 1 << 20) == ndjson);
  CHECK_THROWS_WITH(gunzip(body.data, 1000), Catch::Contains("expands beyond"));
  CHECK_THROWS(gunzip(body.data.substr(0, body.data.size() / 2), 1 << 20));
}

TEST_CASE("The hub's reply is read back as written", "[sync][protocol]") {
  BatchReply reply;
  reply.accepted = {"a", "b"};
  reply.duplicates = {"c"};
  reply.rejected = {{"d", "rating: must be 1-5"}};
  const BatchReply back = parse_batch_reply(to_json_text(reply), {"a", "b", "c", "d"});
  CHECK(back.accepted == reply.accepted);
  CHECK(back.duplicates == reply.duplicates);
  CHECK(back.rejected == reply.rejected);
}

TEST_CASE("Ids the kiosk did not send are never taken from a reply", "[sync][protocol]") {
  const auto reply = parse_batch_reply(
      R"({"accepted":["a","zzz"],"duplicates":["a","b"],"rejected":[{"id":"q","reason":"x"}],"extra":1})", {"a", "b"});
  CHECK(reply.accepted == std::vector<std::string>{"a"});
  CHECK(reply.duplicates == std::vector<std::string>{"b"});  // "a" counted once, in its first list
  CHECK(reply.rejected.empty());
}

TEST_CASE("A reply that is not the protocol's shape is an error, not an acknowledgement", "[sync][protocol]") {
  CHECK_THROWS(parse_batch_reply("<html>proxy error</html>", {"a"}));
  CHECK_THROWS(parse_batch_reply("[]", {"a"}));
  CHECK_THROWS(parse_batch_reply(R"({"accepted":"a"})", {"a"}));
  CHECK_THROWS(parse_batch_reply(R"({"accepted":[1]})", {"a"}));
  CHECK(parse_batch_reply("{}", {"a"}).accepted.empty());  // nothing named: everything stays queued
}

TEST_CASE("Every HTTP status maps to the protocol table's action", "[sync][protocol]") {
  CHECK(classify(200) == Verdict::processed);
  CHECK(classify(400) == Verdict::unreadable);
  CHECK(classify(413) == Verdict::too_large);
  CHECK(classify(401) == Verdict::refused);
  CHECK(classify(403) == Verdict::refused);
  CHECK(classify(429) == Verdict::overloaded);
  CHECK(classify(503) == Verdict::overloaded);
  CHECK(classify(409) == Verdict::key_reused);
  CHECK(classify(422) == Verdict::key_reused);
  for (long s : {0L, 201L, 204L, 301L, 404L, 500L, 502L, 504L}) CHECK(classify(s) == Verdict::transient);
}
