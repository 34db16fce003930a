// The kiosk against a hub that lies or misbehaves (issue 14): a 200 that settles nothing,
// Retry-After: 0, 400 to everything, a reply trickled in forever, hostile rejection text.
// The engine runs on simulated time, so "how many requests in ten minutes" is counted
// exactly, however loaded the machine is; the hub is real HTTP on loopback.
#include <catch2/catch.hpp>

#include "config/device_config.hpp"
#include "core/uuid.hpp"
#include "support/fake_hub.hpp"
#include "support/store_inspector.hpp"
#include "support/sync_fixture.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

// A hub that misbehaves for the first `lies` batches, then accepts everything: a kiosk that
// ignored the misbehaviour would spin through them at once instead of hanging the test.
FakeHub lying_hub(int lies, std::function<FakeReply(const FakeRequest&)> lie) {
  auto batches = std::make_shared<std::atomic<int>>(0);
  return FakeHub([=](const FakeRequest& r) {
    if (r.path.ends_with("/heartbeat")) return FakeReply{204, ""};
    if (r.method == "GET") return FakeReply{404, ""};  // no pulls: only uploads are counted
    return ++*batches <= lies ? lie(r) : accept_all(r);
  });
}

constexpr int lies = 500;
constexpr auto ten_minutes = std::chrono::minutes(10);

// The kiosk's production timing: backoff from 1 s to 5 min.
sync::SyncConfig kiosk_config(const TempDir& dir, const FakeHub& hub) {
  return config::load_device_config(
             write_sync_config(dir, hub.url(), {{"backoff_min_s", "1"}, {"backoff_max_s", "300"}}), false)
      .sync;
}

struct Drained {
  sync::DrainReport report;
  int waits = 0;  // pauses the engine took, in simulated time
};

Drained drain_for(const TempDir& dir, const FakeHub& hub, const std::filesystem::path& db,
                  std::chrono::minutes how_long) {
  const auto config = kiosk_config(dir, hub);
  sync::HttpClient http(sync::transport_options(config, kiosk_token));
  sync::StatusBoard status;
  const std::atomic<bool> stop{false};
  SimulatedTime time;
  sync::SyncEngine engine(config, db, http, status, stop, &time);
  Drained d;
  d.report = engine.drain(time.now() + how_long);
  d.waits = time.waits();
  return d;
}

const std::string settles_nothing = R"({"accepted":[],"duplicates":[],"rejected":[]})";

}  // namespace

TEST_CASE("A 200 reply that settles none of the batch is a failure and the kiosk backs off", "[sync][lying]") {
  TempDir dir;
  FakeHub hub = lying_hub(lies, [](const FakeRequest&) { return FakeReply{200, settles_nothing}; });
  const auto db = dir / "kiosk.db";
  make_kiosk(db, 5);
  const Drained d = drain_for(dir, hub, db, ten_minutes);
  INFO(d.report.last_error);
  // Full-jitter backoff from 1 s doubling to 5 min: a dozen or so tries in ten minutes, not
  // thousands (before: one request after another, as fast as the hub answered).
  const auto batches = hub.count("/feedback");
  CHECK(batches >= 3);
  CHECK(batches <= 40);
  CHECK(d.report.failures == static_cast<std::int64_t>(batches));
  // A pause after nearly every one: full jitter draws from [0, ceiling], and a draw under a
  // millisecond means no pause at all (it happened in CI once, at the second try).
  CHECK(d.waits >= static_cast<int>(batches) - 3);
  CHECK_THAT(d.report.last_error, Catch::Contains("settled 0 of the 5 records"));
  CHECK(d.report.outbox_left == 5);
}

TEST_CASE("A 200 reply that settles only part of the batch keeps what it settled, then backs off", "[sync][lying]") {
  TempDir dir;
  // Accepts the first record of each batch only.
  FakeHub hub = lying_hub(lies, [](const FakeRequest& r) {
    const auto ids = batch_ids(r.body);
    return FakeReply{200, nlohmann::json{{"accepted", {ids.front()}},
                                         {"duplicates", nlohmann::json::array()},
                                         {"rejected", nlohmann::json::array()}}
                              .dump()};
  });
  const auto db = dir / "kiosk.db";
  make_kiosk(db, 4);
  const Drained d = drain_for(dir, hub, db, ten_minutes);
  INFO(d.report.last_error);
  CHECK(d.report.outbox_left == 0);
  CHECK(d.report.accepted == 4);
  CHECK(hub.count("/feedback") == 4);
  CHECK(d.report.failures == 3);  // the first three replies each left records out
  CHECK(d.waits >= 3);
}

TEST_CASE("Retry-After: 0 or a date in the past does not make the kiosk hammer a busy hub", "[sync][lying]") {
  // Not a structured binding: clang 14 (the sanitizer builds) cannot capture one in a lambda.
  const auto reply = GENERATE(std::pair{503, "0"}, std::pair{429, "0"}, std::pair{503, "Wed, 21 Oct 2015 07:28:00 GMT"},
                              std::pair{429, "Sun, 06 Nov 1994 08:49:37 GMT"});
  const int status = reply.first;
  const std::string retry_after = reply.second;
  TempDir dir;
  FakeHub hub = lying_hub(lies, [status, retry_after](const FakeRequest&) {
    return FakeReply{status, "busy", {std::string("Retry-After: ") + retry_after}};
  });
  const auto db = dir / "kiosk.db";
  make_kiosk(db, 3);
  const Drained d = drain_for(dir, hub, db, ten_minutes);
  INFO(status << " Retry-After: " << retry_after << "\n" << d.report.last_error);
  const auto batches = hub.count("/feedback");
  CHECK(batches >= 3);
  CHECK(batches <= 40);                             // before: hundreds a second
  CHECK(d.waits >= static_cast<int>(batches) - 3);  // full jitter may draw a pause under 1 ms
  CHECK(d.report.outbox_left == 3);
}

TEST_CASE("A hub answering 400 to everything is suspected, paced, and rejects nothing", "[sync][lying]") {
  TempDir dir;
  FakeHub hub = lying_hub(lies, [](const FakeRequest&) { return FakeReply{400, "{\"error\":\"bad request\"}"}; });
  const auto db = dir / "kiosk.db";
  make_kiosk(db, 4);
  // An hour: time for the whole bisection (4, 2, 1, 1, 2, 1, 1) and more rounds after it.
  const Drained d = drain_for(dir, hub, db, std::chrono::minutes(60));
  INFO(d.report.last_error);
  const auto batches = hub.count("/feedback");
  CHECK(batches >= 7);
  CHECK(batches <= 60);  // before: 7 at once, then all 4 rejected for good
  // A pause between every two halvings, bar full jitter's rare draw under 1 ms.
  CHECK(d.waits >= static_cast<int>(batches) - 3);
  CHECK_THAT(d.report.last_error, Catch::Contains("suspecting the hub"));
  CHECK(d.report.rejected == 0);
  CHECK(d.report.outbox_left == 4);
  CHECK(store::ResponseStore(db).stats().rejected == 0);
}

TEST_CASE("A batch whose Idempotency-Key the hub refuses goes again under a new key", "[sync][lying]") {
  TempDir dir;
  FakeHub hub = lying_hub(1, [](const FakeRequest&) { return FakeReply{422, "{\"error\":\"key reused\"}"}; });
  const auto db = dir / "kiosk.db";
  make_kiosk(db, 3);
  const Drained d = drain_for(dir, hub, db, ten_minutes);
  INFO(d.report.last_error);
  CHECK(d.report.outbox_left == 0);
  CHECK(d.report.failures == 1);
  std::vector<std::string> keys;
  for (const auto& r : hub.requests())
    if (r.path.ends_with("/feedback")) {
      const auto at = r.head.find("Idempotency-Key: ");
      REQUIRE(at != std::string::npos);
      keys.push_back(r.head.substr(at + 17, r.head.find("\r\n", at) - at - 17));
    }
  REQUIRE(keys.size() == 2);
  CHECK(keys[0] != keys[1]);
}

TEST_CASE("sync --max-time bounds a transfer that a hub trickles in forever", "[sync][lying]") {
  TempDir dir;
  // 100 bytes every 0.5 s passes any low-speed limit; the body would take days.
  FakeHub hub([](const FakeRequest& r) {
    if (r.path.ends_with("/heartbeat")) return FakeReply{204, ""};
    FakeReply trickle{200, ""};
    trickle.trickle_bytes = 100;
    trickle.trickle_pause = 500ms;
    trickle.announced_length = 100'000'000;
    return trickle;
  });
  const auto db = dir / "kiosk.db";
  make_kiosk(db, 2);
  const auto config = write_sync_config(dir, hub.url(), {{"low_speed_time_s", "30"}});
  const auto start = std::chrono::steady_clock::now();
  const Run run =
      run_heardctl(dir, {"--config", config.string(), "--db", db.string(), "sync", "--once", "--max-time", "2"});
  const auto took = std::chrono::steady_clock::now() - start;
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("Waiting: 2 responses"));
  CHECK(hub.wait_for_hang_up(10s));  // the kiosk gave up on the transfer, the hub did not end it
  // 2 s, plus the closing heartbeat's 2 s at most; before, the 5-minute transport limit.
  CHECK(took < 60s);
}

TEST_CASE("A rejected follow-up event is not 'waiting', and hostile rejection text is defused", "[sync][lying]") {
  TempDir dir;
  // 1 000 characters of rejection, with terminal escapes and a forged log line.
  const std::string hostile = "bad\x1b[2J\x1b[31m\nheard: sync: all records synced\r" + std::string(1000, 'x');
  FakeHub hub([&](const FakeRequest& r) {
    if (!r.path.ends_with("/events")) return accept_all(r);
    nlohmann::json rejected = nlohmann::json::array();
    for (const auto& id : batch_ids(r.body)) rejected.push_back({{"id", id}, {"reason", hostile}});
    return FakeReply{200, nlohmann::json{{"accepted", nlohmann::json::array()},
                                         {"duplicates", nlohmann::json::array()},
                                         {"rejected", rejected}}
                              .dump()};
  });
  const auto db = dir / "kiosk.db";
  const auto responses = make_kiosk(db, 1);
  const std::string event_id = make_uuid_v7();
  store::ResponseStore(db).append_event(
      {event_id, responses[0].id, responses[0].created_at + 1000, "contacted", "Ana", "called back"});
  const auto config = write_sync_config(dir, hub.url());
  const std::vector<std::string> sync = {"--config", config.string(), "--db", db.string(), "sync", "--once"};
  for (int round = 0; round < 2; ++round) {
    const Run run = run_heardctl(dir, sync);
    INFO(run.out << run.err);
    CHECK(run.exit_code == 1);  // something is rejected: say so, not "all done"
    CHECK_THAT(run.out, Catch::Contains("Waiting: 0 responses, 0 follow-up events"));
    CHECK_THAT(run.out, Catch::Contains("Rejected by the hub: 0 responses, 1 follow-up events"));
    CHECK_THAT(run.err, Catch::Contains("resend-rejected"));
    CHECK(run.err.find('\x1b') == std::string::npos);
    CHECK(run.err.find("\nheard: sync: all records synced") == std::string::npos);
  }
  CHECK(hub.count("/events") == 1);  // rejected once, not sent again

  store::ResponseStore kiosk(db);
  store::Statement s(connection_of(kiosk), "SELECT rejected_reason FROM followup_events WHERE id = ?");
  s.bind(1, event_id);
  REQUIRE(s.step());
  const std::string stored = s.column_text(0);
  CHECK(stored.size() <= sync::max_hub_text_bytes);
  CHECK(stored.starts_with("bad"));
  CHECK(stored.find_first_of("\x1b\r\n") == std::string::npos);
}

TEST_CASE("Hub text is stripped of control characters and cut on a character boundary", "[sync][lying]") {
  CHECK(sync::sanitize_hub_text("a\x1b[31mb\nc\rd\te") == "a [31mb c d e");
  CHECK(sync::sanitize_hub_text("x\xc2\x9b"
                                "31m") == "x 31m");                            // C1 CSI
  CHECK(sync::sanitize_hub_text("bad \xff utf8") == "bad \xef\xbf\xbd utf8");  // U+FFFD
  const std::string long_text(150, 'e');
  const std::string accents = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9";
  const std::string cut = sync::sanitize_hub_text(long_text + accents + accents + accents, 200);
  CHECK(cut.size() <= 200);
  CHECK(cut.ends_with("\xe2\x80\xa6"));
  CHECK(cut.substr(0, cut.size() - 3).ends_with("\xc3\xa9"));  // no half character before the "…"
}
