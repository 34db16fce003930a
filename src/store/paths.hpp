#pragma once
// Where the kiosk keeps its database and finds its assets when nobody says otherwise.
// heardctl and the kiosk use the same rules, so `heardctl stats` on a device looks at the
// live file without flags.
#include <filesystem>

namespace heard::store {

// $HEARD_DB if set; else /var/lib/heard/heard.db when that folder exists and is writable
// (the packaged service); else $XDG_DATA_HOME/heard/heard.db, or ~/.local/share/heard/heard.db.
std::filesystem::path default_database_path();

// $HEARD_ASSETS_DIR if set; else the source tree's assets/ when running from a build on the
// machine that built it; else the installed copy (/usr/share/heard in the package).
std::filesystem::path default_assets_dir();

}  // namespace heard::store
