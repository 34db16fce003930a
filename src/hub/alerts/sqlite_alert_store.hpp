#pragma once
// AlertStore in the hub's SQLite file, on a connection of its own (its mutex: the rules, the
// sender and the console share it). Calls that write also take the file's one mutex
// (hub/sqlite_file_lock.hpp), shared with ingest's and the fleet's connections, so a claim or
// mark never sleeps in SQLite's busy handler while ingest commits, nor makes a kiosk's batch
// sleep there; reads do not, as WAL lets them run beside ingest's writes. The schema is the
// hub's (hub_schema.cpp, run by SqliteHubStorage before this opens).
#include <filesystem>
#include <memory>
#include <mutex>

#include "alert_store.hpp"
#include "store/database.hpp"

namespace heard::hub::alerts {

class SqliteAlertStore final : public AlertStore {
 public:
  explicit SqliteAlertStore(const std::filesystem::path& file);

  std::int64_t cursor(const std::string& name) override;
  NewResponses responses_after(std::int64_t seq, int limit) override;
  void enqueue(const std::vector<NewDelivery>& deliveries, const std::string& cursor_name, std::int64_t cursor_value,
               Millis now_wall, Millis expires_at) override;
  std::vector<SiteWindow> site_windows(Millis from, Millis until) override;
  std::vector<KioskHealth> kiosk_health() override;
  std::vector<OverdueCase> open_cases(std::int64_t after_seq, Millis created_before, int limit) override;
  std::vector<OpenAlert> open_alerts(const std::string& rule) override;
  void apply(const OpenAlertChanges& changes, const std::vector<NewDelivery>& deliveries, Millis now_wall,
             Millis expires_at) override;
  std::optional<Delivery> claim_due(const std::string& run, Now now, Millis lease_ms, Millis max_wait) override;
  void mark_sent(const std::string& id, Millis at) override;
  void mark_failed(const std::string& id, const std::string& error, Millis next_at) override;
  int expire_overdue(Millis now_wall) override;
  std::optional<Millis> next_due() override;
  DigestFigures digest_figures(const std::string& site, Millis from, Millis until) override;
  PersonWindow person_window(const std::string& channel, Millis since) override;
  std::vector<std::string> channels_with_held_due(Millis now_wall) override;
  std::vector<Delivery> held(const std::string& channel) override;
  void release(const std::vector<std::string>& ids, const std::optional<NewDelivery>& summary, Millis now_wall,
               Millis expires_at) override;
  std::vector<Delivery> deliveries(const std::string& state, int limit) override;
  std::string setting(const std::string& key) override;
  void set_setting(const std::string& key, const std::string& value) override;

 private:
  void insert_locked(const std::vector<NewDelivery>& deliveries, Millis now_wall, Millis expires_at);

  std::mutex mutex_;                       // this connection's
  std::shared_ptr<std::mutex> file_lock_;  // the file's writers'
  store::Database db_;
};

}  // namespace heard::hub::alerts
