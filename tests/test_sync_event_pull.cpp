// PROTOCOL 1.1's events pull: a case resolved at head office leaves the kiosk's staff queue
// after the next sync. Pages are followed to the end, the cursor is kept durably, events are
// stored once and never sent back, and a hub without the endpoint (404), or one that sends
// garbage, changes nothing.
#include <catch2/catch.hpp>

#include "config/device_config.hpp"
#include "core/uuid.hpp"
#include "store/staff_store.hpp"
#include "support/fake_hub.hpp"
#include "support/sample.hpp"
#include "support/sync_fixture.hpp"

using heard::store::Stream;

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

const Millis t0 = 1'795'961'109'123;

json event(const std::string& id, const std::string& response_id, const std::string& status, Millis at,
           const std::string& by = "Lucía at head office") {
  return {{"id", id}, {"response_id", response_id},          {"at", format_iso8601(at)}, {"status", status},
          {"by", by}, {"note", "Called back, refund agreed"}};
}

// Answers uploads and heartbeats as a hub does, and events pages from `pages` by cursor.
FakeHub hub_with_events(std::map<std::string, FakeReply> pages) {
  return FakeHub([pages = std::move(pages)](const FakeRequest& r) {
    if (r.method != "GET") return accept_all(r);
    const auto after = r.path.find("after=");
    const std::string cursor = r.path.substr(after + 6, r.path.find('&', after) - after - 6);
    const auto page = pages.find(cursor);
    return page == pages.end() ? FakeReply{200, R"({"events":[],"cursor":null,"more":false})"} : page->second;
  });
}

// A kiosk's sync engine against `hub`, on simulated time; one engine for several drains.
struct SyncedKiosk {
  SyncedKiosk(const TempDir& dir, const FakeHub& hub, const std::filesystem::path& db)
      : config(config::load_device_config(
                   write_sync_config(dir, hub.url(), {{"backoff_min_s", "1"}, {"backoff_max_s", "300"}}), false)
                   .sync),
        http(sync::transport_options(config, kiosk_token)),
        engine(config, db, http, status, stop, &time) {}
  sync::DrainReport drain() { return engine.drain(time.now() + std::chrono::minutes(1)); }

  sync::SyncConfig config;
  sync::HttpClient http;
  sync::StatusBoard status;
  const std::atomic<bool> stop{false};
  SimulatedTime time;
  sync::SyncEngine engine;
};

sync::DrainReport drain(const TempDir& dir, const FakeHub& hub, const std::filesystem::path& db) {
  return SyncedKiosk(dir, hub, db).drain();
}

// GETs of the events pull (the survey pull, .../config, has its own tests).
std::size_t gets(const FakeHub& hub) {
  std::size_t n = 0;
  for (const auto& r : hub.requests()) n += r.method == "GET" && r.path.find("/events") != std::string::npos;
  return n;
}

}  // namespace

TEST_CASE("A case resolved at head office leaves the kiosk's queue after the next sync", "[sync][pull]") {
  TempDir dir;
  const auto db = dir / "heard.db";
  Response mine = sample_complaint(t0), other = sample_complaint(t0 + 1000);
  mine.id = "019ab8a0-0000-7000-8000-000000000001";
  other.id = "019ab8a0-0000-7000-8000-000000000002";
  {
    store::ResponseStore store(db);
    store.save(mine);
    store.save(other);
  }
  const auto a = event("019ab8a1-0000-7000-8000-0000000000a1", mine.id, "assigned", t0 + 5000);
  const auto b = event("019ab8a1-0000-7000-8000-0000000000a2", mine.id, "resolved", t0 + 6000);
  const auto stranger =
      event("019ab8a1-0000-7000-8000-0000000000a3", "019ab8a0-0000-7000-8000-0000000000ff", "resolved", t0 + 7000);
  FakeHub hub = hub_with_events({
      {"", FakeReply{200, json{{"events", {a}}, {"cursor", "p2"}, {"more", true}}.dump()}},
      {"p2", FakeReply{200, json{{"events", {b, stranger, b}}, {"cursor", "p3"}, {"more", false}}.dump()}},
  });
  const auto report = drain(dir, hub, db);
  CHECK(report.events_pulled == 2);  // "assigned" and "resolved"; the duplicate and the stranger not
  CHECK(report.pull_problem.empty());

  store::ResponseStore store(db);
  store::StaffStore staff(store);
  const auto queue = staff.followup_queue(48, t0 + 10'000, 10);
  REQUIRE(queue.size() == 1);
  CHECK(queue[0].response.id == other.id);
  const auto history = store.events_for(mine.id);
  REQUIRE(history.size() == 2);  // "assigned" kept as history; the duplicate stored once
  CHECK(history[1].status == "resolved");
  CHECK(history[1].by == "Lucía at head office");
  CHECK(store.events_for("019ab8a0-0000-7000-8000-0000000000ff").empty());
  CHECK(store.outbox().pending(Stream::events, 10).empty());  // never sent back to the hub
  CHECK(store.outbox().sync_cursor("events") == "p3");

  SECTION("the next sync asks from the stored cursor") {
    CHECK(drain(dir, hub, db).events_pulled == 0);
    const auto requests = hub.requests();
    CHECK(requests.back().method == "GET");
    CHECK(requests.back().path.find("after=p3&limit=500") != std::string::npos);
  }
}

TEST_CASE("A hub without the events pull is asked again only after a day", "[sync][pull]") {
  TempDir dir;
  const auto db = dir / "heard.db";
  make_kiosk(db, 3);
  FakeHub hub(accept_all);  // 404 to every GET
  SyncedKiosk kiosk(dir, hub, db);
  const auto first = kiosk.drain();
  CHECK(first.outbox_left == 0);
  CHECK(first.pull_problem == "the hub does not offer follow-up events (an older hub)");
  CHECK(gets(hub) == 1);
  CHECK_FALSE(kiosk.drain().pull_problem.empty());  // still said while not asked again
  CHECK(gets(hub) == 1);
  kiosk.time.wait(std::chrono::hours(24));
  kiosk.drain();
  CHECK(gets(hub) == 2);
}

TEST_CASE("An events page that is not one changes nothing, cursor included", "[sync][pull]") {
  const std::string body = GENERATE(as<std::string>{}, R"({"events":"resolved"})", "<html>gateway</html>",
                                    R"({"events":[{"id":"x","response_id":"y"}],"cursor":"p9","more":false})",
                                    R"({"events":[],"more":true})");
  TempDir dir;
  const auto db = dir / "heard.db";
  const Response r = sample_complaint(t0);
  store::ResponseStore(db).save(r);
  FakeHub hub = hub_with_events({{"", FakeReply{200, body}}});
  const auto report = drain(dir, hub, db);
  CHECK(report.outbox_left == 0);  // uploads go on regardless
  CHECK(report.events_pulled == 0);
  CHECK_THAT(report.pull_problem, Catch::Contains("unusable events page"));
  store::ResponseStore store(db);
  CHECK(store.events_for(r.id).empty());
  CHECK(store.outbox().sync_cursor("events").empty());
}
