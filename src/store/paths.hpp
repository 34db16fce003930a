#pragma once
// Where the kiosk keeps its database when nobody says otherwise. heardctl and the kiosk use
// the same rule, so `heardctl stats` on a device looks at the live file without flags.
#include <filesystem>

namespace heard::store {

// $HEARD_DB if set; else /var/lib/heard/heard.db when that folder exists and is writable
// (the packaged service); else $XDG_DATA_HOME/heard/heard.db, or ~/.local/share/heard/heard.db.
std::filesystem::path default_database_path();

}  // namespace heard::store
