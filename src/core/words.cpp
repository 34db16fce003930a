#include "core/words.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "core/config_error.hpp"

namespace heard {

std::vector<std::string> comment_words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  const auto flush = [&] {
    if (word.size() >= 3) out.push_back(word);
    word.clear();
  };
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) word += c;  // part of an accented letter (UTF-8)
    else if (u >= 'A' && u <= 'Z') word += static_cast<char>(u - 'A' + 'a');
    else if ((u >= 'a' && u <= 'z') || (c == '\'' && !word.empty())) word += c;
    else flush();
  }
  flush();
  return out;
}

StopWords load_stop_words(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ConfigError(file, 0, "", "cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw ConfigError(file, 0, "", "expected a JSON object of word lists");
  StopWords out;
  for (const auto& [language, words] : j.items()) {
    if (!words.is_array()) throw ConfigError(file, 0, language, "must be a list of words");
    for (const auto& w : words)
      if (w.is_string()) out[language].insert(w.get<std::string>());
  }
  return out;
}

}  // namespace heard
