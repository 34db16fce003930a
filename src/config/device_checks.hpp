#pragma once
// What `heard-kiosk --check-config` checks on the device itself, beyond the file's own
// values: the files and folders the settings name can really be used by this user.
#include "config/device_config.hpp"

namespace heard::config {

// Throws ConfigError (file, line, key) for the first problem: the database's folder is
// neither writable nor creatable, the sync token file is unreadable or not private, the CA
// file is unreadable, the backlight power file is not writable. `config.database` must be
// the path the kiosk will really use.
void check_device(const DeviceConfig& config);

}  // namespace heard::config
