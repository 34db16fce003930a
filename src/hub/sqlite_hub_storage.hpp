#pragma once
// HubStorage in one SQLite file: the kiosk's own `responses` schema (store::migrate), so
// exports and `heardctl stats --db hub.db` work unchanged, plus the hub's own tables for
// idempotency keys, follow-up events and heartbeats. Writes are serialised on one
// connection; exports read through their own connections alongside (WAL).
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "hub_storage.hpp"
#include "store/open.hpp"
#include "store/response_store.hpp"

namespace heard::hub {

class SqliteHubStorage : public HubStorage {
 public:
  explicit SqliteHubStorage(const std::filesystem::path& file);

  sync::BatchReply store_feedback(const std::string& kiosk_id, const UploadKey& key,
                                  const std::vector<FeedbackEntry>& entries) override;
  sync::BatchReply store_events(const std::string& kiosk_id, const UploadKey& key,
                                const std::vector<EventEntry>& entries) override;
  void store_heartbeat(const Heartbeat& heartbeat) override;
  std::int64_t export_feedback(const store::ExportFilter& filter, store::ExportFormat format,
                               const store::ExportSink& sink) override;
  bool healthy() override;

  // sqlite_hub_people.cpp
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

  // sqlite_hub_console.cpp
  nlohmann::json overview(const User& who, Millis from, Millis until, Millis now) override;
  nlohmann::json cases(const User& who, Millis now) override;
  std::optional<nlohmann::json> find_case(const User& who, const std::string& id, Millis now) override;
  std::optional<nlohmann::json> contact(const User& who, const std::string& id) override;
  nlohmann::json responses(const User& who, const nlohmann::json& filter, int limit) override;
  std::int64_t export_responses(const User& who, const nlohmann::json& filter, store::ExportFormat format,
                                const store::ExportSink& sink) override;
  void add_hub_event(const store::FollowupEvent& event, const std::string& to) override;
  // sqlite_hub_insights.cpp
  nlohmann::json insights(const User& who, const std::string& site, Millis from, Millis to, bool weekly) override;
  nlohmann::json events_for_kiosk(const std::string& kiosk, std::int64_t cursor, int limit) override;

 private:
  std::optional<sync::BatchReply> replay(const std::string& kiosk_id, const UploadKey& key);
  void remember(const std::string& kiosk_id, const UploadKey& key, const sync::BatchReply& reply);
  // Whether record `id` is stored from `kiosk_id` with this content digest.
  bool same_record_stored(const std::string& kiosk_id, const std::string& id, const std::string& digest);
  void index_comments(std::int64_t first_seq, std::int64_t last_seq);
  bool sent_by(const std::string& kiosk_id, const std::string& response_id);
  std::string event_kiosk(const std::string& event_id);  // empty when unknown

  // The kiosks `who` may see, of one site and/or one kiosk when given (JSON strings or null).
  std::vector<std::string> kiosks_in_scope(const User& who, const nlohmann::json& site, const nlohmann::json& kiosk);
  std::optional<User> user_where(const char* column, const std::string& value);
  nlohmann::json query_json(const std::string& sql, const std::vector<nlohmann::json>& params);

  std::filesystem::path file_;
  HubConfig config_;  // the timings read models need (SLA, offline after)
  // Shared with the other connections this process writes the file through (sqlite_file_lock.hpp).
  std::shared_ptr<std::mutex> file_lock_;
  std::mutex& mutex_;
  store::OpenReport opened_;  // before db_: opening fills it in
  store::Database db_;        // opened, checked and migrated as the kiosk's file is (store/open.hpp)
};

}  // namespace heard::hub
