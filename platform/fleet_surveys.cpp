#include "fleet_surveys.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/config_error.hpp"
#include "core/fleet_config.hpp"
#include "core/log.hpp"

namespace heard::kiosk {

std::vector<std::string> word_languages(const SurveyConfig& survey, const config::DeviceConfig& device) {
  std::vector<std::string> languages = survey.languages;
  if (!device.staff_language.empty() && std::ranges::find(languages, device.staff_language) == languages.end())
    languages.push_back(device.staff_language);
  return languages;
}

std::unique_ptr<SurveyBundle> load_publication(const sync::StoredConfig& stored, const config::DeviceConfig& device) {
  FleetConfig config = parse_fleet_config(stored.body, "the hub's survey");
  auto bundle = std::make_unique<SurveyBundle>();
  bundle->survey = std::move(config.survey);
  // Responses say which publication they were answered on.
  bundle->survey.survey_version = config.version;
  if (!device.site_name.empty())
    for (auto& [language, name] : bundle->survey.site_name) name = device.site_name;
  bundle->translations = ui::Translations::load(device.assets / "i18n", word_languages(bundle->survey, device));
  for (const auto& [language, texts] : config.translations)
    bundle->translations.add_language(language, nlohmann::json(texts).dump(), "the hub's translations");
  bundle->version = config.version;
  if (config.logo) bundle->logo = std::make_shared<const LogoImage>(std::move(*config.logo));
  bundle->source = stored;
  return bundle;
}

FleetSurveys::FleetSurveys(const config::DeviceConfig& device, sync::ConfigFolder folder, SurveyConfig local,
                           ui::Translations local_words)
    : device_(device), folder_(std::move(folder)) {
  if (const auto good = folder_.good()) {
    try {
      running_ = load_publication(*good, device_);
      log::info("heard-kiosk: runs survey " + running_->version + " published by the hub");
    } catch (const std::exception& e) {
      log::error(std::string("heard-kiosk: the hub's last survey no longer loads, the local file runs: ") + e.what());
      report(std::string("the hub's survey no longer loads: ") + e.what(), good->etag);
    }
  }
  if (!running_) {
    running_ = std::make_unique<SurveyBundle>();
    running_->survey = std::move(local);
    running_->translations = std::move(local_words);
    running_->version = running_->survey.survey_version;
  }
  const auto before = folder_.running();
  try {
    folder_.set_running({running_->version, running_->source.etag, before.error, before.failed_etag});
  } catch (const std::exception& e) {
    log::warning(std::string("heard-kiosk: cannot note the running survey: ") + e.what());
  }
}

void FleetSurveys::report(const std::string& error, const std::string& failed_etag) {
  try {
    const std::string version = running_ ? running_->version : folder_.running().version;
    const std::string etag = running_ ? running_->source.etag : "";
    folder_.set_running({version, etag, error, failed_etag});
  } catch (const std::exception& e) {
    log::warning(std::string("heard-kiosk: cannot note the survey failure: ") + e.what());
  }
}

std::unique_ptr<SurveyBundle> FleetSurveys::take_staged() {
  const auto staged = folder_.staged();
  if (!staged) return nullptr;
  folder_.drop_staged();
  if (!staged->etag.empty() && staged->etag == running_->source.etag) return nullptr;  // runs already
  try {
    return load_publication(*staged, device_);
  } catch (const std::exception& e) {
    const std::string why = "a survey from the hub does not load here; " + running_->version + " stays: " + e.what();
    log::error("heard-kiosk: " + why);
    report(why, staged->etag);
    return nullptr;
  }
}

void FleetSurveys::applied(std::unique_ptr<SurveyBundle> next) {
  log::info("heard-kiosk: survey " + next->version + " from the hub applied (was " + running_->version + ")");
  try {
    folder_.keep_as_good(next->source);
  } catch (const std::exception& e) {
    log::warning(std::string("heard-kiosk: cannot keep the survey for the next start: ") + e.what());
  }
  previous_ = std::move(running_);  // the screens may still hold it until the swap completes
  running_ = std::move(next);
  report("", "");
}

void FleetSurveys::failed(const SurveyBundle& next, const std::string& why) {
  const std::string text =
      "survey " + next.version + " from the hub failed here; " + running_->version + " stays: " + why;
  log::error("heard-kiosk: " + text);
  report(text, next.source.etag);
}

}  // namespace heard::kiosk
