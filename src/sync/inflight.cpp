#include "sync/inflight.hpp"

#include <nlohmann/json.hpp>

namespace heard::sync {

// The sync_inflight table comes from the store's migrations (schema version 4).
InflightLog::InflightLog(store::Database& db) : db_(db) {}

std::optional<InflightBatch> InflightLog::load(std::string_view channel) {
  store::Statement s(db_, "SELECT idempotency_key, ids FROM sync_inflight WHERE channel = ?");
  s.bind(1, channel);
  if (!s.step()) return std::nullopt;
  InflightBatch batch{s.column_text(0), {}};
  const auto ids = nlohmann::json::parse(s.column_view(1), nullptr, false);
  if (!ids.is_array()) return std::nullopt;
  for (const auto& id : ids)
    if (id.is_string()) batch.ids.push_back(id.get<std::string>());
  return batch;
}

void InflightLog::save(std::string_view channel, const InflightBatch& batch) {
  store::Statement s(db_, "INSERT OR REPLACE INTO sync_inflight (channel, idempotency_key, ids) VALUES (?, ?, ?)");
  s.bind(1, channel).bind(2, batch.idempotency_key).bind(3, nlohmann::json(batch.ids).dump()).run();
}

void InflightLog::clear(std::string_view channel) {
  store::Statement s(db_, "DELETE FROM sync_inflight WHERE channel = ?");
  s.bind(1, channel).run();
}

}  // namespace heard::sync
