#pragma once
// The hub's configuration file (TOML, like the kiosk's heard.conf): the chain's sites, each
// with its id, name, time zone and kiosks, and the few timings head office may change.
// Every mistake names the file, the line and the dotted key: "hub.toml:12: sites[1].time_zone: ...".
#include <filesystem>
#include <string>
#include <vector>

#include "alerts/alert_config.hpp"

namespace heard::hub {

struct SiteConfig {
  std::string id;
  std::string name;
  std::string time_zone;  // IANA name, checked against the system's zoneinfo
  std::vector<std::string> kiosks;
};

struct HubConfig {
  std::filesystem::path file;  // empty: no file, built-in defaults
  std::vector<SiteConfig> sites;
  int sla_hours = 24;          // a follow-up is overdue this long after the response
  int offline_after_min = 30;  // a kiosk silent longer than this is shown offline
  int session_hours = 12;      // a console sign-in lasts this long
  std::string database;        // [hub] database: a postgresql:// URL; --db overrides it
  alerts::AlertConfig alerts;  // [alerts]: who is told of what (src/hub/alerts/)
};

// Throws ConfigError naming file:line:key for any mistake, unknown keys included.
HubConfig load_hub_config(const std::filesystem::path& file);

}  // namespace heard::hub
