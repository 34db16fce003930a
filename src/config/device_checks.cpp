#include "config/device_checks.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/config_error.hpp"

namespace heard::config {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const DeviceConfig& c, const std::string& key, const std::string& problem) {
  throw ConfigError(c.file, c.line_of(key), key, problem);
}

// The folder exists and this user may create files in it, or the nearest existing parent
// lets this user create it (the kiosk creates the database's folder on first start).
void check_database_folder(const DeviceConfig& c) {
  fs::path folder = fs::absolute(c.database).parent_path();
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec))
    fail(c, "paths.database", folder.string() + " is not a folder");
  while (!fs::exists(folder, ec) && folder.has_relative_path()) folder = folder.parent_path();
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    fail(c, "paths.database",
         "cannot create the database " + c.database.string() + ": " + folder.string() + ": " + std::strerror(errno));
}

}  // namespace

void check_device(const DeviceConfig& c) {
  check_database_folder(c);
  if (c.sync.configured()) {
    try {
      sync::read_token_file(c.sync.token_file);  // only to prove it works; the token is dropped
    } catch (const std::runtime_error& e) {
      fail(c, "sync.token_file", e.what());
    }
    if (!c.sync.ca_file.empty() && !std::ifstream(c.sync.ca_file))
      fail(c, "sync.ca_file", "cannot read " + c.sync.ca_file.string() + ": " + std::strerror(errno));
  }
  if (!c.display.backlight_power.empty() && ::access(c.display.backlight_power.c_str(), W_OK) != 0)
    fail(c, "display.backlight_power",
         "cannot write " + c.display.backlight_power.string() + ": " + std::strerror(errno));
}

}  // namespace heard::config
