#pragma once
// The per-site survey configuration (assets/survey.json): what the kiosk asks, in which
// languages, and the promises it makes (SLA hours). Loaded once at start; any problem is a
// ConfigError naming file, line and key, so a kiosk never starts half-configured.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/response.hpp"

namespace heard {

// A configured choice with a label in every configured language.
struct Choice {
  std::string id;
  std::map<std::string, std::string> label;  // language code -> text

  // Label in `language`, falling back to the first configured one.
  const std::string& text(std::string_view language) const;
};

// "What would make it right": some need a way to reach the customer, some are urgent.
struct Resolution : Choice {
  bool needs_contact = false;  // e.g. call_back
  bool urgent = false;         // e.g. talk_to_manager_now
};

struct Branding {
  std::uint32_t primary = 0x1f6f8b;  // 0xRRGGBB
  std::uint32_t background = 0xf7f4ef;
  std::uint32_t text = 0x1d1d1f;
};

struct SurveyConfig {
  std::string survey_version;
  std::map<std::string, std::string> site_name;  // per language
  std::vector<std::string> languages;            // first is the default
  int low_rating_threshold = 2;                  // ratings <= this are complaints
  int sla_hours = 24;                            // promised response time for contact requests
  int idle_timeout_seconds = 45;
  int still_there_seconds = 15;
  int thank_you_seconds = 8;
  // More than this many identical ratings within burst_seconds flags the later ones "burst"
  // (core/flags.hpp): a staff member pressing "very happy" to lift the score, or a child.
  int burst_max_same_ratings = 3;
  int burst_seconds = 15;
  int contact_retention_days = 90;    // contact details kept after a follow-up is closed
  int contact_hard_limit_days = 365;  // and never longer than this for any response
  std::string consent_text_version;
  std::vector<Choice> categories;    // what went wrong (complaints)
  std::vector<Choice> improvements;  // what could we do better (middle ratings)
  std::vector<Choice> praise;        // what did we do well (high ratings)
  std::vector<Resolution> resolutions;
  std::vector<Choice> staff;  // departments or people who can be named
  // Chip ids no longer offered that saved responses may still carry: a survey published from
  // the hub that drops a category must list it here (core/fleet_config.hpp).
  std::vector<std::string> retired;
  Branding branding;

  const std::vector<Choice>& chips_for(Kind kind) const;
  const Resolution* find_resolution(std::string_view id) const;
  bool has_staff(std::string_view id) const;
  bool has_language(std::string_view code) const;
  const std::string& site_name_in(std::string_view language) const;
};

// Throws ConfigError for unreadable files, bad JSON and every wrong or missing value.
SurveyConfig load_survey(const std::filesystem::path& file);
SurveyConfig parse_survey(std::string_view json_text, const std::filesystem::path& file_for_messages);

}  // namespace heard
