#pragma once
// The hub's storage from `--db`: a postgresql:// URL opens PgHubStorage, anything else is
// the path of a SQLite file (the default backend). The alerts' and the fleet's stores live
// in the same database; open them after the hub's storage (which migrates it).
#include <memory>
#include <string>

#include "alerts/alert_store.hpp"
#include "fleet_store.hpp"
#include "hub_storage.hpp"

namespace heard::hub {

std::unique_ptr<HubStorage> open_hub_storage(const std::string& db);
std::unique_ptr<alerts::AlertStore> open_alert_store(const std::string& db);
std::unique_ptr<FleetStore> open_fleet_store(const std::string& db);

}  // namespace heard::hub
