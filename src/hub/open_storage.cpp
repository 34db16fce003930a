#include "open_storage.hpp"

#include "pg_connection.hpp"
#include "pg_hub_storage.hpp"
#include "sqlite_hub_storage.hpp"

namespace heard::hub {

std::unique_ptr<HubStorage> open_hub_storage(const std::string& db) {
  if (is_postgres_url(db)) return std::make_unique<PgHubStorage>(db);
  return std::make_unique<SqliteHubStorage>(db);
}

}  // namespace heard::hub
