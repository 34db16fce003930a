#pragma once
// Which survey the kiosk runs: its local file (survey.json and assets/i18n), or the last
// publication from its hub that loaded here (sync/config_folder.hpp). A publication the sync
// worker staged is taken between customers (Kiosk::tick); if it does not load on this kiosk,
// a translation file it needs is missing say, the kiosk stays on what it runs and the
// heartbeat reports why. Device settings (rotation, DPI, paths, tokens, the site name set in
// heard.conf) always come from heard.conf.
#include <memory>
#include <string>

#include "config/device_config.hpp"
#include "core/logo.hpp"
#include "core/survey.hpp"
#include "sync/config_folder.hpp"
#include "ui/i18n.hpp"

namespace heard::kiosk {

struct SurveyBundle {
  SurveyConfig survey;
  ui::Translations translations;
  std::string version;                    // "hub-7", or the local file's survey_version
  sync::StoredConfig source;              // the publication; empty for the local file
  std::shared_ptr<const LogoImage> logo;  // the publication's, decoded; none for the local file
};

// The languages to load words for: the survey's, and staff mode's ([staff] language).
std::vector<std::string> word_languages(const SurveyConfig& survey, const config::DeviceConfig& device);

// A publication read exactly as a local survey file, with its translation overrides over the
// assets' words and heard.conf's site name over its own. Throws ConfigError.
std::unique_ptr<SurveyBundle> load_publication(const sync::StoredConfig& stored, const config::DeviceConfig& device);

class FleetSurveys {
 public:
  // Runs the last good publication when there is one and it loads, else `local` (already read).
  FleetSurveys(const config::DeviceConfig& device, sync::ConfigFolder folder, SurveyConfig local,
               ui::Translations local_words);

  const SurveyBundle& running() const { return *running_; }

  // A staged publication that loads, taken out of the staging slot; nothing when none is
  // staged, or it failed (reported in running.json, logged).
  std::unique_ptr<SurveyBundle> take_staged();
  // The kiosk runs `next` now (it keeps it alive): it becomes the last good one.
  void applied(std::unique_ptr<SurveyBundle> next);
  // `next` failed on this kiosk after loading (its fonts); the kiosk stays on running().
  void failed(const SurveyBundle& next, const std::string& why);
  sync::ConfigFolder& folder() { return folder_; }

 private:
  void report(const std::string& error, const std::string& failed_etag);

  config::DeviceConfig device_;
  sync::ConfigFolder folder_;
  std::unique_ptr<SurveyBundle> running_;
  std::unique_ptr<SurveyBundle> previous_;  // what the screens used until the last change
};

}  // namespace heard::kiosk
