#include "store/paths.hpp"

#include <unistd.h>

#include <cstdlib>

namespace heard::store {

namespace {

const char* non_empty_env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

}  // namespace

std::filesystem::path default_database_path() {
  if (const char* db = non_empty_env("HEARD_DB")) return db;

  // The system folder counts only if we can write there; a developer running heardctl as
  // themselves on a packaged device falls through to their own data folder.
  const std::filesystem::path system_dir = "/var/lib/heard";
  std::error_code ec;
  if (std::filesystem::is_directory(system_dir, ec) && ::access(system_dir.c_str(), W_OK) == 0)
    return system_dir / "heard.db";

  if (const char* xdg = non_empty_env("XDG_DATA_HOME")) return std::filesystem::path(xdg) / "heard" / "heard.db";
  if (const char* home = non_empty_env("HOME")) return std::filesystem::path(home) / ".local/share/heard/heard.db";
  // No home at all (a bare service account): the working folder is the only honest choice.
  return "heard.db";
}

std::filesystem::path default_assets_dir() {
  if (const char* dir = non_empty_env("HEARD_ASSETS_DIR")) return dir;
  std::error_code ec;
  if (std::filesystem::is_regular_file(HEARD_BUILD_ASSETS_DIR "/survey.json", ec)) return HEARD_BUILD_ASSETS_DIR;
  return HEARD_INSTALLED_ASSETS_DIR;
}

}  // namespace heard::store
