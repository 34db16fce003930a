#include "fleet_publish.hpp"

#include <nlohmann/json.hpp>

#include "core/config_error.hpp"
#include "core/fleet_config.hpp"

namespace heard::hub {

Publication publish_survey(FleetStore& fleet, const PublishRequest& r, Millis now) {
  if (r.survey_text.size() > max_fleet_config_bytes)
    throw ConfigError(r.survey_file, 0, "", "larger than 2 MiB, the most a kiosk downloads");
  const SurveyConfig survey = parse_survey(r.survey_text, r.survey_file);
  TranslationOverrides translations;
  if (!r.translations_text.empty())
    translations = parse_translation_overrides(r.translations_text, r.translations_file, survey);
  // The same check a kiosk makes: a real PNG decode within the byte and pixel limits.
  if (!r.logo_png.empty()) decode_logo(r.logo_png, r.logo_file, "logo");
  // The longest kiosk id is 64 bytes: check the document as kiosks will get it.
  const std::string served =
      fleet_config_json("hub-0000000000", std::string(64, 'k'), r.survey_text, translations, r.logo_png);
  if (served.size() > max_fleet_config_bytes)
    throw ConfigError(r.survey_file, 0, "", "with its translations, larger than 2 MiB, the most a kiosk downloads");
  if (r.scope != FleetScope::chain && r.target.empty())
    throw std::invalid_argument(std::string("a ") + to_string(r.scope) + " publication needs its id");
  Publication p;
  p.scope = r.scope;
  p.target = r.scope == FleetScope::chain ? "" : r.target;
  p.survey = r.survey_text;
  p.translations = nlohmann::json(translations).dump();
  p.logo_png = r.logo_png;
  p.published_at = now;
  p.published_by = r.by;
  return fleet.publish(p);
}

std::string describe(const Publication& p) {
  if (p.scope == FleetScope::chain) return p.version() + " for the whole chain";
  return p.version() + " for " + to_string(p.scope) + " " + p.target;
}

}  // namespace heard::hub
