#pragma once
// Which configuration, database and assets a program on the device uses. heard-kiosk and
// heardctl both ask here, so `heardctl stats` with no flags reads the file the kiosk writes.
#include <filesystem>
#include <optional>

#include "config/device_config.hpp"

namespace heard::config {

// What the command line chose; empty means "not said".
struct Chosen {
  std::filesystem::path config_file;              // --config FILE
  std::optional<std::filesystem::path> database;  // --db FILE
  std::optional<std::filesystem::path> assets;    // --assets DIR
  std::optional<std::filesystem::path> survey;    // --survey FILE
};

// The device configuration (load_chosen_device_config), then what the command line says, then
// the defaults: database, assets and survey are always filled in. Throws ConfigError.
DeviceConfig resolve_device(const Chosen& chosen);

// $HEARD_DB if set; else /var/lib/heard/heard.db when that folder exists and is writable
// (the packaged service); else $XDG_DATA_HOME/heard/heard.db, or ~/.local/share/heard/heard.db.
std::filesystem::path default_database_path();

}  // namespace heard::config
