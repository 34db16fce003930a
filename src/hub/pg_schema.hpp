#pragma once
// The PostgreSQL backend's migrations: the same mechanism as hub_schema.cpp (a version
// table, each step in a transaction with its version bump), with PostgreSQL's own steps.
#include "pg_connection.hpp"

namespace heard::hub {

int pg_hub_schema_version(PgConnection& db);
// Brings the database to the latest version. Several hub processes may start at once: the
// steps run under an advisory lock, so each runs exactly once.
void migrate_pg_hub(PgConnection& db);

}  // namespace heard::hub
