// The kiosk's sync worker thread against a real heard-hub: offline and misconfigured
// states, urgent responses sent at once, a status snapshot for staff mode, and a shutdown
// that does not wait for a stalled transfer.
#include <catch2/catch.hpp>

#include "config/device_config.hpp"
#include "support/sync_fixture.hpp"
#include "sync/worker.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

sync::SyncConfig worker_config(const TempDir& dir, const HubProcess& hub) {
  return config::load_device_config(write_sync_config(
                                        dir, hub.url(),
                                        {{"sync_interval_s", "3600"}, {"heartbeat_interval_s", "3600"}, {"low_speed_time_s", "30"}}),
                                    false)
      .sync;
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
  HubProcess hub(dir);
  const auto db = dir / "kiosk.db";
  store::ResponseStore kiosk(db);  // the UI's own connection
  sync::SyncWorker worker(worker_config(dir, hub), db);
  // At start the worker sends a heartbeat, finds nothing to send and goes idle for an hour.
  REQUIRE(eventually([&] { return count_rows(hub.db(), "hub_heartbeats") == 1; }, 5s));
  REQUIRE(eventually([&] { return worker.status().state == sync::SyncState::idle; }, 5s));

  const Response calm = sample_response(5);
  kiosk.save(calm);
  worker.notify_saved(false);
  std::this_thread::sleep_for(500ms);
  CHECK(count_rows(hub.db(), "responses") == 0);

  const Response urgent = sample_complaint();
  kiosk.save(urgent);
  const auto saved_at = std::chrono::steady_clock::now();
  worker.notify_saved(true);
  REQUIRE(eventually([&] { return count_rows(hub.db(), "responses") == 2; }, 2s));  // both go in one batch
  CHECK(std::chrono::steady_clock::now() - saved_at < 1s);
  REQUIRE(eventually([&] { return worker.status().outbox == 0; }, 2s));
  const auto status = worker.status();
  CHECK(status.last_success.has_value());
  CHECK(status.last_error.empty());
  CHECK(status.synced == 2);
  CHECK_FALSE(status.oldest_unsynced);
  CHECK(kiosk.outbox_size() == 0);
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

TEST_CASE("The worker stops within 2 seconds even in the middle of a stalled transfer", "[sync][worker]") {
  TempDir dir;
  HubProcess hub(dir, {"--chaos-script", "ok,stall"});  // heartbeat passes; the batch hangs
  const auto db = dir / "kiosk.db";
  store::ResponseStore kiosk(db);
  sync::SyncWorker worker(worker_config(dir, hub), db);
  REQUIRE(eventually([&] { return worker.status().state == sync::SyncState::idle; }, 5s));
  kiosk.save(sample_complaint());
  worker.notify_saved(true);
  REQUIRE(eventually([&] { return hub.log().find("chaos: stall") != std::string::npos; }, 5s));
  std::this_thread::sleep_for(300ms);
  CHECK(worker.status().state == sync::SyncState::sending);

  const auto start = std::chrono::steady_clock::now();
  worker.stop();
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(took < 2s);
  CHECK(worker.status().state == sync::SyncState::stopped);
  CHECK(kiosk.outbox_size() == 1);  // nothing lost: it goes next time
}
