// heard-kiosk: the customer-facing kiosk. See options.cpp for the command line.
#include <iostream>

#include "core/config_error.hpp"
#include "core/survey.hpp"
#include "options.hpp"
#include "programs.hpp"
#include "ui/i18n.hpp"

int main(int argc, char** argv) {
  using namespace heard;
  kiosk::Options options;
  try {
    options = kiosk::parse_options(argc, argv);
  } catch (const kiosk::UsageError& e) {
    std::cerr << "heard-kiosk: " << e.what() << "\n" << kiosk::usage_text;
    return 2;
  }
  if (options.help) {
    std::cout << kiosk::usage_text;
    return 0;
  }
  try {
    const SurveyConfig survey = load_survey(options.survey);
    const auto translations = ui::Translations::load(options.assets / "i18n", survey.languages);
    return options.headless ? kiosk::run_headless(options, survey, translations)
                            : kiosk::run_windowed(options, survey, translations);
  } catch (const ConfigError& e) {
    std::cerr << "heard-kiosk: " << e.what() << "\n";
    return 78;  // EX_CONFIG: the systemd unit does not restart-loop on a broken configuration
  } catch (const std::exception& e) {
    std::cerr << "heard-kiosk: " << e.what() << "\n";
    return 1;
  }
}
