#pragma once
// AlertStore in PostgreSQL (pg_schema.cpp's step 3), for hubs of several processes on one
// database: each process runs the same rules and the same sender, and the database decides.
//  - A delivery is claimed with SELECT ... FOR UPDATE SKIP LOCKED and its row stays locked,
//    in a transaction held open on a connection of its own, until it is marked sent or
//    failed: another process skips it meanwhile. If the claiming process dies, PostgreSQL
//    ends its session and the lock with it; if it hangs past the lease, the server's
//    idle_in_transaction_session_timeout (a duration on the server's own timer) ends it.
//    No process ever compares its clock with another's.
//  - Alerts queued twice by two rules passes meet on alert_deliveries.dedup (UNIQUE).
//  - Lasting alerts (a bad spell, a kiosk offline, an overdue case) are opened, told and
//    closed with their deliveries only if every change still applies (see apply()).
#include <map>
#include <memory>
#include <mutex>

#include "alert_store.hpp"
#include "hub/pg_connection.hpp"

namespace heard::hub::alerts {

class PgAlertStore final : public AlertStore {
 public:
  explicit PgAlertStore(const std::string& url);  // the schema is PgHubStorage's: open that first
  ~PgAlertStore() override;

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
  // Runs `sql` on the claim's held connection and commits it, or in a transaction of its own
  // when `id` has no claim here (a delivery claimed by an earlier run of this object).
  void finish(const std::string& id, const std::string& sql, const PgParams& params);
  std::int64_t committed_horizon();

  PgPool pool_;
  std::mutex claims_mutex_;
  std::map<std::string, std::unique_ptr<PgPool::Lease>> claims_;  // by delivery id, transaction open
};

}  // namespace heard::hub::alerts
