#pragma once
// The hub's alerts in the test process, so a test can move their wall clock: hub.toml read as
// the hub reads it, its database (SQLite, or PostgreSQL in the "pg:" pass), the real AlertService (its own threads,
// real channels) on a clock the test steps. Responses are stored as ingest stores them.
#include <fstream>
#include <mutex>

#include "core/clock.hpp"
#include "core/uuid.hpp"
#include "hub/alerts/alert_service.hpp"
#include "hub/hub_config.hpp"
#include "hub/open_storage.hpp"
#include "support/hub_backend.hpp"
#include "support/sample.hpp"
#include "support/sync_fixture.hpp"
#include "support/temp_dir.hpp"

namespace heard::test {

// A Clock the test moves while the alerts' threads read it.
class SteppedClock final : public Clock {
 public:
  explicit SteppedClock(Millis wall) : now_(wall, 1'000'000) {}
  Now now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void advance(Millis ms) {
    std::lock_guard lock(mutex_);
    now_.wall += ms;
    now_.steady += ms;
  }
  void advance_to(Millis wall) { advance(wall - now().wall); }

 private:
  mutable std::mutex mutex_;
  Now now_;
};

class InProcessAlerts {
 public:
  InProcessAlerts(const TempDir& dir, const std::string& hub_toml, Millis wall)
      : clock(wall), file_(dir / "hub.toml"), db_(hub_database(dir / "hub.db", database_)) {
    std::ofstream(file_) << hub_toml;
    config = hub::load_hub_config(file_);
    storage_ = hub::open_hub_storage(db_.string());
    storage_->apply_config(config);
    store_ = hub::open_alert_store(db_.string());
    start();
  }
  ~InProcessAlerts() { stop(); }

  void start() {
    service_ = std::make_unique<hub::alerts::AlertService>(config.alerts, *store_, clock);
    service_->start();
  }
  void stop() { service_.reset(); }  // as a hub stopping: what is committed stays

  // Stores `responses` from `kiosk` as ingest does, then wakes the rules as ingest does; a
  // second passes, as it would (the rules look at most twice a second of steady time).
  void store(const std::string& kiosk, std::vector<Response> responses) {
    std::vector<hub::FeedbackEntry> entries;
    for (auto& r : responses) {
      r.kiosk_id = kiosk;
      entries.push_back({r.id, r, ""});
    }
    storage_->store_feedback(kiosk, {make_uuid_v7(), ""}, entries);
    clock.advance(1000);
    if (service_) service_->something_arrived();
  }

  std::int64_t count(const std::string& where) { return query("SELECT count(*) FROM alert_deliveries WHERE " + where); }
  std::int64_t query(const std::string& sql) { return hub_query_int(db_, sql); }

  hub::alerts::AlertService& service() { return *service_; }
  SteppedClock clock;
  hub::HubConfig config;

 private:
  std::shared_ptr<TestPgDatabase> database_;  // before db_: hub_database fills it
  std::filesystem::path file_, db_;
  std::unique_ptr<hub::HubStorage> storage_;
  std::unique_ptr<hub::alerts::AlertStore> store_;
  std::unique_ptr<hub::alerts::AlertService> service_;
};

// Messages in `all` addressed to `address`.
template <typename Message>
std::vector<Message> to_address(const std::vector<Message>& all, const std::string& address) {
  std::vector<Message> out;
  for (const auto& m : all)
    if (m.header("To").find(address) != std::string::npos) out.push_back(m);
  return out;
}

}  // namespace heard::test
