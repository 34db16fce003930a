#pragma once
// Publishing a survey at the hub, the same for `heard-hub survey publish` and the console:
// the kiosk's own validator (parse_survey) checks it first, and a mistake is refused as a
// ConfigError naming file, line and key, exactly as a kiosk would report it.
#include <filesystem>
#include <string>

#include "fleet_store.hpp"

namespace heard::hub {

struct PublishRequest {
  FleetScope scope = FleetScope::chain;
  std::string target;  // site or kiosk id
  std::string survey_text;
  std::filesystem::path survey_file = "survey.json";  // named in messages only
  std::string translations_text;                      // empty: no overrides
  std::filesystem::path translations_file = "translations.json";
  std::string by;        // who publishes (a person, or "heard-hub")
  std::string logo_png;  // the PNG file's bytes; empty: no logo
  std::filesystem::path logo_file = "logo.png";
};

// Throws ConfigError (the survey, translations or logo are wrong, or the whole is over 2 MiB) and
// std::invalid_argument (an unknown site or kiosk).
Publication publish_survey(FleetStore& fleet, const PublishRequest& request, Millis now);

// "hub-7 for site site-01" / "hub-7 for the whole chain", for messages and the audit log.
std::string describe(const Publication& p);

}  // namespace heard::hub
