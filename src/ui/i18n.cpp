#include "ui/i18n.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "core/config_error.hpp"
#include "core/utf8.hpp"

namespace heard::ui {

Translations Translations::load(const std::filesystem::path& dir, const std::vector<std::string>& languages) {
  Translations t;
  for (const auto& code : languages) {
    const auto file = dir / (code + ".json");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(file, 0, "", "cannot be read (missing or no permission)");
    std::ostringstream text;
    text << in.rdbuf();
    t.add_language(code, text.str(), file);
  }
  return t;
}

void Translations::add_language(const std::string& code, const std::string& json_text,
                                const std::filesystem::path& file) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number beyond a double
    throw ConfigError(file, 0, "", std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) throw ConfigError(file, 0, "", "expected an object of key -> text");
  auto& out = texts_[code];
  for (const auto& [key, value] : doc.items()) {
    if (!value.is_string() || value.get_ref<const std::string&>().empty())
      throw ConfigError(file, 0, key, "expected a non-empty string");
    if (!utf8::is_valid(value.get_ref<const std::string&>())) throw ConfigError(file, 0, key, "is not valid UTF-8");
    out[key] = value.get<std::string>();
  }
}

const std::string& Translations::text(std::string_view language, std::string_view key) const {
  if (auto lang = texts_.find(language); lang != texts_.end())
    if (auto it = lang->second.find(key); it != lang->second.end()) return it->second;
  missed_.insert(std::string(language) + ":" + std::string(key));
  if (auto en = texts_.find("en"); en != texts_.end())
    if (auto it = en->second.find(key); it != en->second.end()) return it->second;
  static std::map<std::string, std::string, std::less<>> keys_as_text;
  return keys_as_text.try_emplace(std::string(key), std::string(key)).first->second;
}

namespace {
// Replaces every "{name}" in `text` by its value; a value is never searched again, so a
// customer's "{x}" typed in a note stays as typed.
template <typename Values>
std::string fill(std::string text, const Values& values) {
  for (const auto& [name, value] : values) {
    const std::string token = "{" + std::string(name) + "}";
    for (auto at = text.find(token); at != std::string::npos;
         at = text.find(token, at + std::string_view(value).size()))
      text.replace(at, token.size(), value);
  }
  return text;
}
}  // namespace

std::string Translations::format(std::string_view language, std::string_view key,
                                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) const {
  return fill(text(language, key), values);
}

std::string Translations::format(std::string_view language, std::string_view key,
                                 const std::vector<std::pair<std::string, std::string>>& values) const {
  return fill(text(language, key), values);
}

std::string_view Translations::plural_form(std::string_view language, std::int64_t count) {
  if (language == "fr") return count == 0 || count == 1 || count == -1 ? "one" : "other";
  return count == 1 || count == -1 ? "one" : "other";
}

std::string Translations::plural(std::string_view language, std::string_view key, std::int64_t count,
                                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) const {
  const std::string form = std::string(key) + "." + std::string(plural_form(language, count));
  const std::string n = std::to_string(count);
  // {count} first: it is digits only, while a value (a file name, a note) may hold braces.
  const std::initializer_list<std::pair<std::string_view, std::string_view>> count_value{{"count", n}};
  return fill(fill(text(language, form), count_value), values);
}

std::vector<std::string> Translations::missing_keys(std::string_view language) const {
  std::vector<std::string> out;
  const auto mine = texts_.find(language);
  std::set<std::string> all;
  for (const auto& [code, texts] : texts_)
    for (const auto& [key, text] : texts) all.insert(key);
  for (const auto& key : all)
    if (mine == texts_.end() || !mine->second.contains(key)) out.push_back(key);
  return out;
}

std::vector<std::string> Translations::languages() const {
  std::vector<std::string> out;
  for (const auto& [code, texts] : texts_) out.push_back(code);
  return out;
}

std::string Translations::all_text() const {
  std::string all;
  for (const auto& [code, texts] : texts_)
    for (const auto& [key, text] : texts) all += text;
  return all;
}

void Translations::each_text(
    const std::function<void(const std::string&, const std::string&, const std::string&)>& visit) const {
  for (const auto& [code, texts] : texts_)
    for (const auto& [key, text] : texts) visit(code, key, text);
}

}  // namespace heard::ui
