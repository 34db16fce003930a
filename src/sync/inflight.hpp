#pragma once
// The batch on its way to the hub, kept in the kiosk database so that a restart mid-batch
// resends the same records under the same Idempotency-Key: the hub then replays its first
// answer instead of processing the batch again. One row per channel; cleared once the hub
// has answered in a way that resolves the batch.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace heard::sync {

struct InflightBatch {
  std::string idempotency_key;
  std::vector<std::string> ids;
};

class InflightLog {
 public:
  explicit InflightLog(store::Database& db);  // creates its table when missing

  std::optional<InflightBatch> load(std::string_view channel);
  void save(std::string_view channel, const InflightBatch& batch);
  void clear(std::string_view channel);

 private:
  store::Database& db_;
};

}  // namespace heard::sync
