#include "config/resolve.hpp"

#include <unistd.h>

#include <cstdlib>

#include "store/paths.hpp"

namespace heard::config {

DeviceConfig resolve_device(const Chosen& chosen) {
  DeviceConfig c = load_chosen_device_config(chosen.config_file);
  if (chosen.database) c.database = *chosen.database;
  if (c.database.empty()) c.database = default_database_path();
  if (chosen.assets) c.assets = *chosen.assets;
  if (c.assets.empty()) c.assets = store::default_assets_dir();
  if (chosen.survey) c.survey = *chosen.survey;
  if (c.survey.empty()) c.survey = c.assets / "survey.json";
  return c;
}

std::filesystem::path default_database_path() {
  if (const char* db = std::getenv("HEARD_DB"); db && *db) return db;  // empty counts as unset

  // The system folder counts only if we can write there; a developer running heardctl as
  // themselves on a packaged device falls through to their own data folder.
  const std::filesystem::path system_dir = "/var/lib/heard";
  std::error_code ec;
  if (std::filesystem::is_directory(system_dir, ec) && ::access(system_dir.c_str(), W_OK) == 0)
    return system_dir / "heard.db";

  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "heard" / "heard.db";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local/share/heard/heard.db";
  // No home at all (a bare service account): the working folder is the only honest choice.
  return "heard.db";
}

}  // namespace heard::config
