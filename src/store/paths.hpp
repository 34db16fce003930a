#pragma once
// Where the programs find their assets when nobody says otherwise. (The database's default,
// and the whole choice of configuration, database and assets: config/resolve.hpp.)
#include <filesystem>

namespace heard::store {

// $HEARD_ASSETS_DIR if set; else the source tree's assets/ when running from a build on the
// machine that built it; else the installed copy (/usr/share/heard in the package).
std::filesystem::path default_assets_dir();

}  // namespace heard::store
