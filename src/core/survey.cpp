#include "core/survey.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/config_error.hpp"
#include "core/json_lines.hpp"

namespace heard {

using nlohmann::json;

const std::string& Choice::text(std::string_view language) const {
  if (auto it = label.find(std::string(language)); it != label.end()) return it->second;
  return label.begin()->second;  // load_survey guarantees at least one label
}

const std::vector<Choice>& SurveyConfig::chips_for(Kind kind) const {
  switch (kind) {
    case Kind::complaint:
      return categories;
    case Kind::compliment:
      return praise;
    case Kind::suggestion:
      return improvements;
  }
  return categories;
}

const Resolution* SurveyConfig::find_resolution(std::string_view id) const {
  for (const auto& r : resolutions)
    if (r.id == id) return &r;
  return nullptr;
}

bool SurveyConfig::has_staff(std::string_view id) const {
  return std::any_of(staff.begin(), staff.end(), [&](const Choice& c) { return c.id == id; });
}

bool SurveyConfig::has_language(std::string_view code) const {
  return std::find(languages.begin(), languages.end(), code) != languages.end();
}

const std::string& SurveyConfig::site_name_in(std::string_view language) const {
  if (auto it = site_name.find(std::string(language)); it != site_name.end()) return it->second;
  return site_name.at(languages.front());
}

namespace {

// Walks the parsed document, turning every problem into a ConfigError with the line.
class Reader {
 public:
  Reader(std::filesystem::path file, std::map<std::string, int> lines)
      : file_(std::move(file)), lines_(std::move(lines)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    // Unknown keys (missing ones) fall back to their parent's line.
    std::string k = key;
    while (!k.empty()) {
      if (auto it = lines_.find(k); it != lines_.end()) throw ConfigError(file_, it->second, key, problem);
      const auto cut = k.find_last_of(".[");
      k = cut == std::string::npos ? std::string() : k.substr(0, cut);
    }
    throw ConfigError(file_, 0, key, problem);
  }

  static std::string key_of(const std::string& parent, const std::string& name) {
    return parent.empty() ? name : parent + "." + name;
  }

  const json& member(const json& obj, const std::string& parent, const std::string& name) const {
    auto it = obj.find(name);
    if (it == obj.end()) fail(key_of(parent, name), "missing; it is required");
    return *it;
  }

  std::string string(const json& obj, const std::string& parent, const std::string& name) const {
    const json& v = member(obj, parent, name);
    if (!v.is_string() || v.get_ref<const std::string&>().empty())
      fail(key_of(parent, name), "expected a non-empty string");
    return v.get<std::string>();
  }

  int integer(const json& obj, const std::string& parent, const std::string& name, int fallback, int lo, int hi) const {
    auto it = obj.find(name);
    if (it == obj.end()) return fallback;
    if (!it->is_number_integer() || it->get<long long>() < lo || it->get<long long>() > hi)
      fail(key_of(parent, name), "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return it->get<int>();
  }

  bool boolean(const json& obj, const std::string& parent, const std::string& name) const {
    auto it = obj.find(name);
    if (it == obj.end()) return false;
    if (!it->is_boolean()) fail(key_of(parent, name), "expected true or false");
    return it->get<bool>();
  }

  std::map<std::string, std::string> labels(const json& v, const std::string& key,
                                            const std::vector<std::string>& languages) const {
    if (!v.is_object()) fail(key, "expected an object of language code -> text, e.g. {\"en\": \"...\"}");
    std::map<std::string, std::string> out;
    for (const auto& lang : languages) {
      auto it = v.find(lang);
      if (it == v.end()) fail(key + "." + lang, "missing text for configured language '" + lang + "'");
      if (!it->is_string() || it->get_ref<const std::string&>().empty())
        fail(key + "." + lang, "expected a non-empty string");
      out[lang] = it->get<std::string>();
    }
    return out;
  }

  template <typename T>
  std::vector<T> choices(const json& root, const std::string& name, const std::vector<std::string>& languages,
                         bool required) const {
    std::vector<T> out;
    auto it = root.find(name);
    if (it == root.end()) {
      if (required) fail(name, "missing; it is required");
      return out;
    }
    if (!it->is_array()) fail(name, "expected a list of {\"id\": ..., \"label\": {...}}");
    if (required && it->empty()) fail(name, "expected at least one entry");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const std::string key = name + "[" + std::to_string(i) + "]";
      const json& item = (*it)[i];
      if (!item.is_object()) fail(key, "expected an object with \"id\" and \"label\"");
      T choice;
      choice.id = string(item, key, "id");
      if (!seen.insert(choice.id).second) fail(key + ".id", "duplicate id '" + choice.id + "'");
      for (char c : choice.id)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
          fail(key + ".id", "expected lowercase letters, digits and '_' only, got '" + choice.id + "'");
      choice.label = labels(member(item, key, "label"), key + ".label", languages);
      if constexpr (std::is_same_v<T, Resolution>) {
        choice.needs_contact = boolean(item, key, "needs_contact");
        choice.urgent = boolean(item, key, "urgent");
      }
      out.push_back(std::move(choice));
    }
    return out;
  }

  // An optional list of chip ids, e.g. "retired": ["parking"].
  std::vector<std::string> ids(const json& root, const std::string& name) const {
    std::vector<std::string> out;
    auto it = root.find(name);
    if (it == root.end()) return out;
    if (!it->is_array()) fail(name, "expected a list of ids like [\"parking\"]");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const std::string key = name + "[" + std::to_string(i) + "]";
      const json& v = (*it)[i];
      if (!v.is_string() || v.get_ref<const std::string&>().empty() || !is_choice_id(v.get<std::string>()))
        fail(key, "expected an id of lowercase letters, digits and '_'");
      out.push_back(v.get<std::string>());
    }
    return out;
  }

  static bool is_choice_id(const std::string& id) {
    return std::all_of(id.begin(), id.end(), [](char c) {
      return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
  }

  std::uint32_t colour(const json& obj, const std::string& parent, const std::string& name,
                       std::uint32_t fallback) const {
    auto it = obj.find(name);
    if (it == obj.end()) return fallback;
    const std::string key = key_of(parent, name);
    if (!it->is_string()) fail(key, "expected a colour like \"#1f6f8b\"");
    const std::string& s = it->get_ref<const std::string&>();
    if (s.size() != 7 || s[0] != '#' ||
        !std::all_of(s.begin() + 1, s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
      fail(key, "expected a colour like \"#1f6f8b\", got \"" + s + "\"");
    return static_cast<std::uint32_t>(std::stoul(s.substr(1), nullptr, 16));
  }

 private:
  std::filesystem::path file_;
  std::map<std::string, int> lines_;
};

json parse_json(std::string_view text, const std::filesystem::path& file) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // Turn the byte offset into a line number for the message.
    const std::size_t upto = std::min<std::size_t>(e.byte, text.size());
    const int line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(upto), '\n'));
    throw ConfigError(file, line, "", std::string("not valid JSON: ") + e.what());
  } catch (const json::exception& e) {
    // Valid syntax the library still refuses, e.g. a number beyond a double (out_of_range.406).
    throw ConfigError(file, 0, "", std::string("not valid JSON: ") + e.what());
  }
}

}  // namespace

SurveyConfig parse_survey(std::string_view text, const std::filesystem::path& file) {
  const json root = parse_json(text, file);
  const Reader r(file, json_key_lines(text));
  if (!root.is_object()) r.fail("", "expected a JSON object at the top level");

  SurveyConfig c;
  c.survey_version = r.string(root, "", "survey_version");

  const json& langs = r.member(root, "", "languages");
  if (!langs.is_array() || langs.empty())
    r.fail("languages", "expected a non-empty list of language codes like [\"en\", \"es\"]");
  for (std::size_t i = 0; i < langs.size(); ++i) {
    const std::string key = "languages[" + std::to_string(i) + "]";
    if (!langs[i].is_string()) r.fail(key, "expected a language code like \"en\"");
    const auto code = langs[i].get<std::string>();
    if (code.size() != 2 || !std::islower(static_cast<unsigned char>(code[0])) ||
        !std::islower(static_cast<unsigned char>(code[1])))
      r.fail(key, "expected a two-letter lowercase language code like \"en\", got \"" + code + "\"");
    if (c.has_language(code)) r.fail(key, "language '" + code + "' is listed twice");
    c.languages.push_back(code);
  }

  c.site_name = r.labels(r.member(root, "", "site_name"), "site_name", c.languages);
  c.low_rating_threshold = r.integer(root, "", "low_rating_threshold", 2, 1, 4);
  c.sla_hours = r.integer(root, "", "sla_hours", 24, 1, 24 * 14);
  c.idle_timeout_seconds = r.integer(root, "", "idle_timeout_seconds", 45, 5, 3600);
  c.still_there_seconds = r.integer(root, "", "still_there_seconds", 15, 3, 120);
  c.thank_you_seconds = r.integer(root, "", "thank_you_seconds", 8, 2, 60);
  c.burst_max_same_ratings = r.integer(root, "", "burst_max_same_ratings", 3, 1, 1000);
  c.burst_seconds = r.integer(root, "", "burst_seconds", 15, 1, 3600);
  c.contact_retention_days = r.integer(root, "", "contact_retention_days", 90, 1, 3650);
  c.contact_hard_limit_days = r.integer(root, "", "contact_hard_limit_days", 365, 1, 36500);
  if (c.contact_hard_limit_days < c.contact_retention_days)
    r.fail("contact_hard_limit_days",
           "expected at least contact_retention_days (" + std::to_string(c.contact_retention_days) + ")");
  c.consent_text_version = r.string(root, "", "consent_text_version");
  c.categories = r.choices<Choice>(root, "categories", c.languages, true);
  c.improvements = r.choices<Choice>(root, "improvements", c.languages, false);
  c.praise = r.choices<Choice>(root, "praise", c.languages, false);
  c.resolutions = r.choices<Resolution>(root, "resolutions", c.languages, true);
  c.staff = r.choices<Choice>(root, "staff", c.languages, false);
  c.retired = r.ids(root, "retired");

  if (auto it = root.find("branding"); it != root.end()) {
    if (!it->is_object()) r.fail("branding", "expected an object with \"primary\", \"background\", \"text\" colours");
    c.branding.primary = r.colour(*it, "branding", "primary", c.branding.primary);
    c.branding.background = r.colour(*it, "branding", "background", c.branding.background);
    c.branding.text = r.colour(*it, "branding", "text", c.branding.text);
  }
  return c;
}

SurveyConfig load_survey(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file, 0, "", "cannot be read (missing or no permission)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_survey(text.str(), file);
}

}  // namespace heard
