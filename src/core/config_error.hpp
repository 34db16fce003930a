#pragma once
// Errors in a configuration file, always naming the file, the line when known, the key
// and what was expected: "assets/survey.json:14: categories[2].id: expected a non-empty string".
#include <filesystem>
#include <stdexcept>
#include <string>

namespace heard {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::filesystem::path& file, int line, const std::string& key, const std::string& problem);

  const std::filesystem::path& file() const { return file_; }
  int line() const { return line_; }  // 0 when unknown
  const std::string& key() const { return key_; }

 private:
  std::filesystem::path file_;
  int line_;
  std::string key_;
};

}  // namespace heard
