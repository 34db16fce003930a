#pragma once
#include "store/database.hpp"

namespace heard::hub {

// Brings the hub's own tables to the current version. The file's PRAGMA user_version belongs
// to the kiosk's `responses` schema (store::migrate, shared so exports work unchanged), so the
// hub counts its steps in its own one-row table, hub_schema.
void migrate_hub(store::Database& db);
int hub_schema_version(store::Database& db);

}  // namespace heard::hub
