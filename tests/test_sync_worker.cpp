// The kiosk's sync worker thread against a real heard-hub: offline and misconfigured
// states, urgent responses sent at once, a status snapshot for staff mode, and a shutdown
// that does not wait for a stalled transfer. Every wait is on something observable (the
// hub's request log, the worker's status), never a sleep or a stopwatch, so a loaded
// machine makes these tests slower, not wrong.
#include <catch2/catch.hpp>

#include "config/device_config.hpp"
#include "support/fake_hub.hpp"
#include "support/sync_fixture.hpp"
#include "sync/worker.hpp"

using heard::store::Stream;

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

sync::SyncConfig worker_config(const TempDir& dir, const HubProcess& hub) {
  return config::load_device_config(
             write_sync_config(
                 dir, hub.url(),
                 {{"sync_interval_s", "3600"}, {"heartbeat_interval_s", "3600"}, {"low_speed_time_s", "30"}}),
             false)
      .sync;
}

sync::SyncConfig fake_hub_config(const TempDir& dir, const FakeHub& hub) {
  return config::load_device_config(
             write_sync_config(
                 dir, hub.url(),
                 {{"sync_interval_s", "3600"}, {"heartbeat_interval_s", "3600"}, {"low_speed_time_s", "30"}}),
             false)
      .sync;
}

// Heartbeats that reported `outbox` responses waiting.
std::size_t heartbeats_reporting_outbox(const FakeHub& hub, std::int64_t outbox) {
  std::size_t n = 0;
  for (const auto& r : hub.requests())
    if (r.path.ends_with("/heartbeat") && nlohmann::json::parse(r.body).value("outbox", -1) == outbox) ++n;
  return n;
}

}  // namespace

TEST_CASE("With no hub configured the worker says it is offline", "[sync][worker]") {
  TempDir dir;
  sync::SyncWorker worker(sync::SyncConfig{}, dir / "kiosk.db");
  const auto status = worker.status();
  CHECK(status.state == sync::SyncState::offline);
  CHECK_THAT(status.detail, Catch::Contains("no hub configured"));
  worker.notify_saved(true);  // harmless
}

TEST_CASE("A worker with an unsafe token file does not start and says why", "[sync][worker]") {
  TempDir dir;
  auto config = config::load_device_config(write_sync_config(dir, "http://127.0.0.1:9"), false).sync;
  ::chmod(config.token_file.c_str(), 0644);
  sync::SyncWorker worker(config, dir / "kiosk.db");
  CHECK(worker.status().state == sync::SyncState::misconfigured);
  CHECK_THAT(worker.status().detail, Catch::Contains("chmod 600") && !Catch::Contains(kiosk_token));
}

TEST_CASE("An urgent complaint is sent at once; other responses wait for the next round", "[sync][worker]") {
  TempDir dir;
  FakeHub hub(accept_all);
  const auto db = dir / "kiosk.db";
  store::ResponseStore kiosk(db);  // the UI's own connection
  auto config = fake_hub_config(dir, hub);
  // Heartbeats are how the test sees the worker go round its loop: each one reports the outbox.
  config.heartbeat_interval = 100ms;
  sync::SyncWorker worker(config, db);
  // Its first round is over once it pulls (after uploading what there was: nothing), so the
  // response saved next waits for the regular round.
  REQUIRE(hub.wait_for(1, "/config", 30s));

  const Response calm = sample_response(5);
  kiosk.save(calm);
  worker.notify_saved(false);
  // Two heartbeats that count the calm response as waiting: the worker went round its loop
  // with it in the outbox and, with an hour until the next regular round, did not send it.
  const bool seen_twice = eventually([&] { return heartbeats_reporting_outbox(hub, 1) >= 2; }, 30s);
  std::string seen;  // what the hub got, in order, should it not be
  for (const auto& r : hub.requests()) seen += r.method + " " + r.path + " " + r.body.substr(0, 80) + "\n";
  INFO(seen);
  REQUIRE(seen_twice);
  CHECK(hub.count("/feedback") == 0);

  const Response urgent = sample_complaint();
  kiosk.save(urgent);
  worker.notify_saved(true);
  // Sent now, not in an hour: the urgent one first, the calm one with it in the same batch.
  REQUIRE(hub.wait_for(1, "/feedback", 30s));
  REQUIRE(eventually([&] { return worker.status().outbox == 0; }, 30s));
  const auto requests = hub.requests();
  std::vector<std::vector<std::string>> batches;
  for (const auto& r : requests)
    if (r.path.ends_with("/feedback")) batches.push_back(batch_ids(r.body));
  REQUIRE(batches.size() == 1);
  CHECK(batches[0] == std::vector<std::string>{urgent.id, calm.id});
  const auto status = worker.status();
  CHECK(status.last_success.has_value());
  CHECK(status.last_error.empty());
  CHECK(status.synced == 2);
  CHECK_FALSE(status.oldest_unsynced);
  CHECK(kiosk.outbox().size(Stream::responses) == 0);
}

TEST_CASE("The status snapshot shows a failing hub and the waiting backlog", "[sync][worker]") {
  TempDir dir;
  HubProcess hub(dir, {"--chaos-script", "ok,500,500,500,500,500"});
  const auto db = dir / "kiosk.db";
  store::ResponseStore kiosk(db);
  const Response urgent = sample_complaint();
  kiosk.save(urgent);
  auto config = worker_config(dir, hub);
  config.backoff_min = config.backoff_max = 60s;  // stays waiting after the first failure
  sync::SyncWorker worker(config, db);
  REQUIRE(eventually([&] { return worker.status().state == sync::SyncState::waiting; }, 5s));
  const auto status = worker.status();
  CHECK_THAT(status.last_error, Catch::Contains("HTTP 500"));
  CHECK(status.last_error_at.has_value());
  CHECK(status.next_attempt_at.has_value());
  CHECK(status.outbox == 1);
  CHECK(status.oldest_unsynced == urgent.created_at);
  CHECK_FALSE(status.last_success);
}

TEST_CASE("The worker stops in the middle of a transfer that would never end", "[sync][worker]") {
  TempDir dir;
  // The heartbeat passes; the batch gets no answer at all, ever.
  FakeHub hub([](const FakeRequest& r) {
    if (r.path.ends_with("/heartbeat")) return FakeReply{204, ""};
    FakeReply silence;
    silence.stall = true;
    return silence;
  });
  const auto db = dir / "kiosk.db";
  store::ResponseStore kiosk(db);
  auto config = fake_hub_config(dir, hub);
  config.low_speed_time = std::chrono::hours(1);  // only stop() can end the transfer
  sync::SyncWorker worker(config, db);
  REQUIRE(hub.wait_for(1, "/heartbeat", 30s));
  kiosk.save(sample_complaint());
  worker.notify_saved(true);
  REQUIRE(hub.wait_for(1, "/feedback", 30s));
  REQUIRE(eventually([&] { return worker.status().state == sync::SyncState::sending; }, 30s));

  worker.stop();  // returns at all only by cutting the transfer short
  CHECK(worker.status().state == sync::SyncState::stopped);
  CHECK(hub.wait_for_hang_up(30s));                    // the kiosk closed the connection; the hub never answered
  CHECK(kiosk.outbox().size(Stream::responses) == 1);  // nothing lost: it goes next time
}
