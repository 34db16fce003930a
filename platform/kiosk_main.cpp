// heard-kiosk's main (main.cpp), in the library so that a test program can be the same kiosk
// with script commands of its own. See options.cpp for the command line.
#include <algorithm>
#include <iostream>

#include "config/device_checks.hpp"
#include "core/config_error.hpp"
#include "core/survey.hpp"
#include "kiosk_config.hpp"
#include "options.hpp"
#include "programs.hpp"
#include "renderer_choice.hpp"
#include "ui/i18n.hpp"

namespace heard::kiosk {

int kiosk_main(int argc, char** argv, const ScriptCommands& extra) {
  // The child that asks OpenGL for its renderer (renderer_choice.hpp), before anything else.
  if (argc == 2 && argv[1] == probe_gl_flag) return probe_gl_main();
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "heard-kiosk: " << e.what() << "\n" << usage_text;
    return 2;
  }
  if (options.help) {
    std::cout << usage_text;
    return 0;
  }
  try {
    // Everything is read and checked before any window opens: a kiosk never starts half-configured.
    const config::DeviceConfig device = kiosk_config(options);
    SurveyConfig survey = load_survey(device.survey);
    if (!device.site_name.empty())
      for (auto& [language, name] : survey.site_name) name = device.site_name;
    // Staff mode may speak a language the survey does not offer customers ([staff] language).
    std::vector<std::string> languages = survey.languages;
    if (!device.staff_language.empty() && std::ranges::find(languages, device.staff_language) == languages.end())
      languages.push_back(device.staff_language);
    const auto translations = ui::Translations::load(device.assets / "i18n", languages);
    if (options.check_config) {
      config::check_device(device);
      std::cout << "heard-kiosk: configuration OK ("
                << (device.file.empty() ? "built-in defaults, no " + config::default_config_path().string()
                                        : device.file.string())
                << ")\n";
      return 0;
    }
    return options.headless ? run_headless(options, device, survey, translations, extra)
                            : run_windowed(options, device, survey, translations);
  } catch (const ConfigError& e) {
    std::cerr << "heard-kiosk: " << e.what() << "\n";
    return 78;  // EX_CONFIG: the systemd unit does not restart-loop on a broken configuration
  } catch (const std::exception& e) {
    std::cerr << "heard-kiosk: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace heard::kiosk
