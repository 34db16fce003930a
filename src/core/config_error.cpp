#include "core/config_error.hpp"

namespace heard {

namespace {
std::string describe(const std::filesystem::path& file, int line, const std::string& key, const std::string& problem) {
  std::string s = file.string();
  if (line > 0) s += ":" + std::to_string(line);
  s += ": ";
  if (!key.empty()) s += key + ": ";
  return s + problem;
}
}  // namespace

ConfigError::ConfigError(const std::filesystem::path& file, int line, const std::string& key,
                         const std::string& problem)
    : std::runtime_error(describe(file, line, key, problem)), file_(file), line_(line), key_(key) {}

}  // namespace heard
