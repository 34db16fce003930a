#pragma once
// HubStorage in PostgreSQL, for chains that run several heard-hub processes on one
// database: every process may serve any request, so nothing that must be shared lives in
// a process (idempotency, duplicates, sessions, sign-in failures are rows with unique keys).
// pg_hub_storage.cpp: ingest, heartbeats, export; pg_hub_people.cpp: sites, kiosks, people,
// sessions, audit; pg_hub_console.cpp: the console's read models and search.
#include <mutex>
#include <set>
#include <string>

#include "hub_storage.hpp"
#include "pg_connection.hpp"
#include "pg_sign_in_limits.hpp"

namespace heard::hub {

class PgHubStorage : public HubStorage {
 public:
  // `url`: postgresql://USER@HOST:PORT/DATABASE?... (libpq's syntax). Migrates on open.
  explicit PgHubStorage(const std::string& url, std::size_t connections = 8);

  sync::BatchReply store_feedback(const std::string& kiosk_id, const UploadKey& key,
                                  const std::vector<FeedbackEntry>& entries) override;
  sync::BatchReply store_events(const std::string& kiosk_id, const UploadKey& key,
                                const std::vector<EventEntry>& entries) override;
  void store_heartbeat(const Heartbeat& heartbeat) override;
  std::int64_t export_feedback(const store::ExportFilter& filter, store::ExportFormat format,
                               const store::ExportSink& sink) override;
  bool healthy() override;

  // pg_hub_people.cpp
  void apply_config(const HubConfig& config) override;
  void set_kiosk_token(const std::string& kiosk, const std::string& site, const std::string& digest) override;
  bool revoke_kiosk(const std::string& kiosk) override;
  std::optional<std::string> kiosk_for_token(const std::string& digest) override;
  void add_user(const User& user) override;
  std::optional<User> find_user(const std::string& name) override;
  bool set_password(const std::string& name, const std::string& hash) override;
  bool disable_user(const std::string& name) override;
  nlohmann::json people() override;
  void add_session(const std::string& digest, std::int64_t user_id, const std::string& csrf,
                   Millis expires_at) override;
  std::optional<Session> find_session(const std::string& digest, Millis now) override;
  void end_session(const std::string& digest) override;
  bool add_api_token(const std::string& name, const std::string& digest) override;
  std::optional<User> user_for_api_token(const std::string& digest) override;
  void audit(const AuditEntry& entry) override;
  nlohmann::json audit_log(std::int64_t limit) override;

  // pg_hub_console.cpp
  nlohmann::json overview(const User& who, Millis from, Millis until, Millis now) override;
  nlohmann::json cases(const User& who, Millis now) override;
  std::optional<nlohmann::json> find_case(const User& who, const std::string& id, Millis now) override;
  std::optional<nlohmann::json> contact(const User& who, const std::string& id) override;
  nlohmann::json responses(const User& who, const nlohmann::json& filter, int limit) override;
  // pg_hub_insights.cpp
  std::int64_t export_responses(const User& who, const nlohmann::json& filter, store::ExportFormat format,
                                const store::ExportSink& sink) override;
  nlohmann::json insights(const User& who, const std::string& site, Millis from, Millis to, bool weekly) override;
  void add_hub_event(const store::FollowupEvent& event, const std::string& to) override;
  nlohmann::json events_for_kiosk(const std::string& kiosk, std::int64_t cursor, int limit) override;

  SignInLimits* shared_sign_in_limits() override { return &limits_; }

  // Retention: drops the month partitions of responses that end at or before `before`.
  int drop_responses_before(Millis before);
  PgPool& pool() { return pool_; }

 private:
  Millis sla_ms();
  // The kiosks `who` may see, of one site and/or one kiosk when given (JSON strings or null).
  std::vector<std::string> kiosks_in_scope(const User& who, const nlohmann::json& site, const nlohmann::json& kiosk);
  void ensure_partitions(const std::vector<FeedbackEntry>& entries);
  std::optional<User> user_where(PgConnection& c, const char* condition, const PgParams& params);
  nlohmann::json query_json(const std::string& sql, const std::vector<nlohmann::json>& params);

  PgPool pool_;
  PgSignInLimits limits_{pool_};
  std::mutex config_mutex_;
  HubConfig config_;  // the timings read models need (SLA, offline after)
  std::mutex months_mutex_;
  std::set<Millis> months_;  // partitions known to exist (by their first instant)
};

// Before the first hub_events insert of a transaction: event writers go one at a time, so
// their seq values become visible in order and the kiosks' pull cursor never skips one.
void lock_hub_events(PgConnection& c);

// Before ingest inserts responses it takes this lock shared, until its commit; the alerts'
// reader takes it exclusively for a moment, so that it never moves its cursor past a seq still
// uncommitted (alerts/pg_alert_store.cpp, committed_horizon).
constexpr std::int64_t responses_insert_lock = 0x4865617266;
void lock_responses_for_insert(PgConnection& c);

// Parameters from JSON values, by their type (null, text, integer, number, bool; arrays and
// objects as JSON text).
// What a person typed, as a tsquery (pg_hub_console.cpp).
std::string words_query(const std::string& text);

PgParams params_from_json(const std::vector<nlohmann::json>& values);

}  // namespace heard::hub
