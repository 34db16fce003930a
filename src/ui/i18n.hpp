#pragma once
// The kiosk's own words in every configured language, from assets/i18n/<code>.json
// (a flat object of key -> text). Texts may hold {placeholders} filled in by format().
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heard::ui {

class Translations {
 public:
  // Reads <dir>/<code>.json for each language; throws ConfigError naming file and key.
  static Translations load(const std::filesystem::path& dir, const std::vector<std::string>& languages);
  // One language from text already read (`file` is only named in messages); what load()
  // does for each file, and the fuzz harness's door.
  void add_language(const std::string& code, const std::string& json_text, const std::filesystem::path& file);

  // Text for `key`; a missing key gives the English text (or the key itself) and is
  // remembered in missed(), so tests can fail on it.
  const std::string& text(std::string_view language, std::string_view key) const;

  // text() with every "{name}" replaced by its value.
  std::string format(std::string_view language, std::string_view key,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> values) const;

  // The same, with the values in a list built at run time (words decided away from the screen).
  std::string format(std::string_view language, std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& values) const;

  // A text that counts something: `key`.one or `key`.other as the language's plural rule
  // picks for `count` ("1 try left", "3 tries left"), with {count} and every value filled in.
  std::string plural(std::string_view language, std::string_view key, std::int64_t count,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> values = {}) const;

  // "one" or "other" (CLDR's forms for the kiosk's languages; French counts 0 as one too).
  static std::string_view plural_form(std::string_view language, std::int64_t count);

  // Keys some language has and `language` lacks.
  std::vector<std::string> missing_keys(std::string_view language) const;
  const std::set<std::string>& missed() const { return missed_; }
  std::vector<std::string> languages() const;
  // Every text of every language, run together (to know which glyphs the screens need).
  std::string all_text() const;
  // Calls `visit(language, key, text)` for every text (to say where a character is used).
  void each_text(const std::function<void(const std::string&, const std::string&, const std::string&)>& visit) const;

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> texts_;
  mutable std::set<std::string> missed_;
};

}  // namespace heard::ui
