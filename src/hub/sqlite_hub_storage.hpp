#pragma once
// HubStorage in one SQLite file: the kiosk's own `responses` schema (store::migrate), so
// exports and `heardctl stats --db hub.db` work unchanged, plus the hub's own tables for
// idempotency keys, follow-up events and heartbeats. Writes are serialised on one
// connection; exports read through their own connections alongside (WAL).
#include <filesystem>
#include <mutex>
#include <optional>

#include "hub_storage.hpp"
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

 private:
  std::optional<sync::BatchReply> replay(const std::string& kiosk_id, const UploadKey& key);
  void remember(const std::string& kiosk_id, const UploadKey& key, const sync::BatchReply& reply);

  std::filesystem::path file_;
  std::mutex mutex_;
  store::ResponseStore store_;  // opens, checks and migrates the file; we use its connection
};

}  // namespace heard::hub
