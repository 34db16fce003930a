#include "core/fleet_config.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/config_error.hpp"
#include "core/json_lines.hpp"
#include "core/utf8.hpp"

namespace heard {

using nlohmann::json;

namespace {

constexpr std::size_t max_version_bytes = 100;
constexpr std::size_t max_text_bytes = 2000;  // one translated text; the kiosk's longest is far shorter

int line_of(const std::map<std::string, int>& lines, const std::string& key) {
  const auto it = lines.find(key);
  return it == lines.end() ? 0 : it->second;
}

// Overrides from a parsed object; `lines` may be empty (a download: no file to point into).
TranslationOverrides overrides_from(const json& root, const std::filesystem::path& file,
                                    const std::map<std::string, int>& lines, const SurveyConfig& survey) {
  if (!root.is_object()) throw ConfigError(file, 1, "", "expected an object of language code -> {key: text}");
  TranslationOverrides out;
  for (const auto& [lang, texts] : root.items()) {
    if (!survey.has_language(lang))
      throw ConfigError(file, line_of(lines, lang), lang, "not one of the survey's languages");
    if (!texts.is_object()) throw ConfigError(file, line_of(lines, lang), lang, "expected an object of key -> text");
    for (const auto& [key, text] : texts.items()) {
      const std::string where = lang + "." + key;
      if (!text.is_string() || text.get_ref<const std::string&>().empty())
        throw ConfigError(file, line_of(lines, where), where, "expected a non-empty string");
      const auto& s = text.get_ref<const std::string&>();
      if (s.size() > max_text_bytes || !utf8::is_valid(s))
        throw ConfigError(file, line_of(lines, where), where, "expected valid UTF-8 of at most 2000 bytes");
      out[lang][key] = s;
    }
  }
  return out;
}

// The version names a publication in logs, heartbeats and file names: short, plain.
bool plain_version(const std::string& v) {
  return !v.empty() && v.size() <= max_version_bytes && std::all_of(v.begin(), v.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '+';
  });
}

constexpr const char* logo_key = "branding.logo_png";

// The optional logo of a download. Its colours and site name are the survey's own, read there.
std::optional<LogoImage> logo_from(const json& root, const std::filesystem::path& source) {
  const auto branding = root.find("branding");
  if (branding == root.end() || branding->is_null()) return std::nullopt;
  if (!branding->is_object()) throw ConfigError(source, 0, "branding", "expected an object");
  const auto logo = branding->find("logo_png");
  if (logo == branding->end() || logo->is_null()) return std::nullopt;
  if (!logo->is_string()) throw ConfigError(source, 0, logo_key, "expected a PNG file in base64");
  const auto png = base64_decode(logo->get_ref<const std::string&>(), max_logo_bytes);
  if (!png) throw ConfigError(source, 0, logo_key, "not base64, or a logo larger than 256 KiB");
  return decode_logo(*png, source, logo_key);
}

}  // namespace

TranslationOverrides parse_translation_overrides(std::string_view text, const std::filesystem::path& file,
                                                 const SurveyConfig& survey) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {  // a syntax error, or a number beyond a double
    throw ConfigError(file, 0, "", std::string("not valid JSON: ") + e.what());
  }
  return overrides_from(root, file, json_key_lines(text), survey);
}

std::string fleet_config_json(const std::string& version, const std::string& kiosk_id, std::string_view survey_text,
                              const TranslationOverrides& translations, std::string_view logo_png) {
  const json survey = json::parse(survey_text);
  json branding = json::object();
  if (const auto it = survey.find("branding"); it != survey.end()) branding = *it;
  if (const auto it = survey.find("site_name"); it != survey.end()) branding["site_name"] = *it;
  if (!logo_png.empty()) branding["logo_png"] = base64_encode(logo_png);
  json j = {{"version", version},
            {"kiosk_id", kiosk_id},
            {"survey", survey},
            {"translations", translations},
            {"branding", branding}};
  return j.dump();
}

FleetConfig parse_fleet_config(std::string_view body, const std::filesystem::path& source) {
  if (body.size() > max_fleet_config_bytes) throw ConfigError(source, 0, "", "larger than 2 MiB");
  const json root = json::parse(body, nullptr, false);
  if (root.is_discarded() || !root.is_object()) throw ConfigError(source, 0, "", "not a JSON object");
  FleetConfig c;
  const auto version = root.find("version");
  if (version == root.end() || !version->is_string() || !plain_version(version->get<std::string>()))
    throw ConfigError(source, 0, "version", "expected a short name of letters, digits and -_.+");
  c.version = version->get<std::string>();
  if (const auto k = root.find("kiosk_id"); k != root.end() && !k->is_null()) {
    if (!k->is_string()) throw ConfigError(source, 0, "kiosk_id", "expected text");
    c.kiosk_id = k->get<std::string>();
  }
  const auto survey = root.find("survey");
  if (survey == root.end() || !survey->is_object()) throw ConfigError(source, 0, "survey", "missing; it is required");
  // Indented, so that the validator's line numbers point into a readable copy of it.
  c.survey_text = survey->dump(2);
  c.survey = parse_survey(c.survey_text, source);
  if (const auto t = root.find("translations"); t != root.end() && !t->is_null())
    c.translations = overrides_from(*t, source, {}, c.survey);
  c.logo = logo_from(root, source);
  return c;
}

bool knows_category(const SurveyConfig& survey, std::string_view id) {
  for (const auto* list : {&survey.categories, &survey.improvements, &survey.praise})
    for (const auto& c : *list)
      if (c.id == id) return true;
  return std::find(survey.retired.begin(), survey.retired.end(), id) != survey.retired.end();
}

}  // namespace heard
