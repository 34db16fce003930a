#include "store/paths.hpp"

#include <cstdlib>

namespace heard::store {

namespace {

const char* non_empty_env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

}  // namespace

std::filesystem::path default_assets_dir() {
  if (const char* dir = non_empty_env("HEARD_ASSETS_DIR")) return dir;
  std::error_code ec;
  if (std::filesystem::is_regular_file(HEARD_BUILD_ASSETS_DIR "/survey.json", ec)) return HEARD_BUILD_ASSETS_DIR;
  return HEARD_INSTALLED_ASSETS_DIR;
}

}  // namespace heard::store
