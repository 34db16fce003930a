#pragma once
// The survey and settings a hub publishes to its kiosks (PROTOCOL 1.1, GET .../config): the
// kiosk's own survey.json, translation overrides per language, and the branding: the colours
// and site name the survey carries, and a logo (a PNG, core/logo.hpp) that travels beside it. Both ends use this file:
// the hub validates with the kiosk's own parse_survey before it accepts a publication, and the kiosk validates what it
// downloads the same way. Device settings (rotation, DPI, paths, tokens) are never part of it.
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/logo.hpp"
#include "core/survey.hpp"

namespace heard {

inline constexpr std::size_t max_fleet_config_bytes = 2u << 20;  // PROTOCOL 1.1: at most 2 MiB

// Language code -> (text key -> text), as assets/i18n/<code>.json, for the keys that differ.
using TranslationOverrides = std::map<std::string, std::map<std::string, std::string>>;

// Reads a translation overrides file {"es": {"welcome.title": "..."}}. Throws ConfigError
// naming `file`, the line and the key ("es.welcome.title"). Every language must be one of
// the survey's.
TranslationOverrides parse_translation_overrides(std::string_view json_text, const std::filesystem::path& file,
                                                 const SurveyConfig& survey);

// What the kiosk downloads, read and checked.
struct FleetConfig {
  std::string version;      // the hub's name for this publication ("hub-7")
  std::string kiosk_id;     // whom the hub meant it for (empty: a hub that does not say)
  std::string survey_text;  // the survey as JSON text (what the kiosk would read from a file)
  SurveyConfig survey;
  TranslationOverrides translations;
  std::optional<LogoImage> logo;  // branding.logo_png, decoded and checked; none from an older hub
};

// The JSON the hub serves: {"version","kiosk_id","survey","translations","branding"}. The
// branding holds the survey's colours and site name and, when `logo_png` (the file's bytes) is
// not empty, "logo_png" in base64; kiosks older than the logo ignore it.
std::string fleet_config_json(const std::string& version, const std::string& kiosk_id, std::string_view survey_text,
                              const TranslationOverrides& translations, std::string_view logo_png = {});

// Reads a downloaded body; throws ConfigError (file named `source`) for anything that is not
// a publication this kiosk can run: not JSON, no version, a survey the kiosk's validator
// refuses, translations that are not text, a logo that is not a small PNG (key
// "branding.logo_png").
FleetConfig parse_fleet_config(std::string_view body, const std::filesystem::path& source);

// Ids a response may carry: offered chips of every kind and the survey's "retired" ones.
bool knows_category(const SurveyConfig& survey, std::string_view id);

}  // namespace heard
