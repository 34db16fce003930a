#pragma once
// `heard-hub backup FILE`: a consistent copy of the hub's SQLite database while the hub keeps
// serving, through SQLite's online backup API (a few pages at a time, so writers wait only
// briefly). PostgreSQL hubs are backed up with pg_dump instead (README).
#include <filesystem>

namespace heard::hub {

// Copies `from` into a new file `to` (refuses to overwrite), readable by its owner only.
// Throws std::runtime_error with the reason.
void backup_sqlite_hub(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace heard::hub
