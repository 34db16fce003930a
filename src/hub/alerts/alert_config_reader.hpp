#pragma once
// Reading [alerts] from hub.toml (hub_config.cpp calls it); apart so that only the config
// reader pulls in toml++.
#include <toml++/toml.h>

#include "alert_config.hpp"

namespace heard::hub::alerts {

// `site_ids`: the configured sites (naming another is a mistake). Throws ConfigError.
AlertConfig read_alert_config(const std::filesystem::path& file, const toml::table& alerts,
                              const std::vector<std::string>& site_ids);

}  // namespace heard::hub::alerts
