#pragma once
// The hub's storage from `--db`: a postgresql:// URL opens PgHubStorage, anything else is
// the path of a SQLite file (the default backend).
#include <memory>
#include <string>

#include "hub_storage.hpp"

namespace heard::hub {

std::unique_ptr<HubStorage> open_hub_storage(const std::string& db);

}  // namespace heard::hub
