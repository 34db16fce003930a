#pragma once
// The settings the kiosk runs with: the device configuration file, then the command line on
// top, then the built-in defaults for whatever neither says.
#include "config/device_config.hpp"
#include "options.hpp"
#include "ui/staff_settings.hpp"

namespace heard::kiosk {

// Throws ConfigError for a bad or (when named on purpose) missing file. The result has every
// path and the kiosk id filled in; sync.kiosk_id is the kiosk id responses carry.
config::DeviceConfig kiosk_config(const Options& options);

// What staff mode takes from the device configuration: the export folder, the assets (the
// dashboard's stop-words), the staff language.
ui::StaffSettings staff_settings(const config::DeviceConfig& device);

}  // namespace heard::kiosk
