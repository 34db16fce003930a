// The hub's connections to one SQLite file (storage, published surveys) share one mutex
// (hub/sqlite_file_lock.hpp), so a heartbeat's survey report and a kiosk's batch hand the file
// over at once instead of sleeping in SQLite's busy handler; nothing they store is lost.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "hub/ingest.hpp"
#include "hub/sqlite_file_lock.hpp"
#include "hub/sqlite_fleet_store.hpp"
#include "hub/sqlite_hub_storage.hpp"
#include "store/database.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

using namespace heard;

TEST_CASE("every spelling of one file gets the same lock, another file its own", "[hub][file-lock]") {
  test::TempDir dir;
  const auto lock = hub::sqlite_file_lock(dir / "hub.db");
  CHECK(hub::sqlite_file_lock(dir / "." / "hub.db") == lock);
  CHECK(hub::sqlite_file_lock(dir / "sub" / ".." / "hub.db") == lock);
  CHECK(hub::sqlite_file_lock(dir / "other.db") != lock);
}

TEST_CASE("batches, heartbeats and survey reports written at once through both connections all land",
          "[hub][file-lock]") {
  test::TempDir dir;
  hub::SqliteHubStorage storage(dir / "hub.db");
  hub::SqliteFleetStore fleet(dir / "hub.db");
  constexpr int batches = 20, per_batch = 25, beats = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    for (int b = 0; b < batches; ++b) {
      std::vector<hub::FeedbackEntry> entries;
      for (int i = 0; i < per_batch; ++i) {
        Response r = test::sample_response(1 + i % 5);
        entries.push_back({r.id, r, {}});
      }
      const auto reply = storage.store_feedback("store-12-exit", {"key-" + std::to_string(b), "digest"}, entries);
      if (reply.accepted.size() != per_batch) ++failures;
    }
  });
  threads.emplace_back([&] {
    for (int i = 0; i < beats; ++i) {
      hub::Heartbeat h;
      h.kiosk_id = "store-12-exit";
      h.at = 1'795'961'109'000 + i;
      storage.store_heartbeat(h);
    }
  });
  threads.emplace_back([&] {
    for (int i = 0; i < beats; ++i) fleet.note_report("store-12-exit", {"v" + std::to_string(i), ""}, 1000 + i);
  });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  store::Database check(dir / "hub.db", store::Database::Mode::read_only);
  CHECK(check.query_int("SELECT COUNT(*) FROM responses") == batches * per_batch);
  CHECK(check.query_text("SELECT survey_version FROM hub_kiosk_surveys WHERE kiosk_id = 'store-12-exit'") ==
        std::optional<std::string>("v" + std::to_string(beats - 1)));
}
