#include "open_storage.hpp"

#include "alerts/pg_alert_store.hpp"
#include "alerts/sqlite_alert_store.hpp"
#include "pg_connection.hpp"
#include "pg_fleet_store.hpp"
#include "pg_hub_storage.hpp"
#include "sqlite_fleet_store.hpp"
#include "sqlite_hub_storage.hpp"

namespace heard::hub {

std::unique_ptr<HubStorage> open_hub_storage(const std::string& db) {
  if (is_postgres_url(db)) return std::make_unique<PgHubStorage>(db);
  return std::make_unique<SqliteHubStorage>(db);
}

std::unique_ptr<alerts::AlertStore> open_alert_store(const std::string& db) {
  if (is_postgres_url(db)) return std::make_unique<alerts::PgAlertStore>(db);
  return std::make_unique<alerts::SqliteAlertStore>(db);
}

std::unique_ptr<FleetStore> open_fleet_store(const std::string& db) {
  if (is_postgres_url(db)) return std::make_unique<PgFleetStore>(db);
  return std::make_unique<SqliteFleetStore>(db);
}

}  // namespace heard::hub
