#pragma once
// The two ways heard-kiosk runs, and its main; each returns the process exit code.
#include "config/device_config.hpp"
#include "core/survey.hpp"
#include "options.hpp"
#include "script.hpp"
#include "ui/i18n.hpp"

namespace heard::kiosk {

// `device` is the merged configuration (kiosk_config.hpp): file, command line, defaults.
int run_windowed(const Options& options, const config::DeviceConfig& device, const SurveyConfig& survey,
                 const ui::Translations& translations);
// `extra`: script commands the program adds (a test program's; the shipped kiosk adds none).
int run_headless(const Options& options, const config::DeviceConfig& device, const SurveyConfig& survey,
                 const ui::Translations& translations, const ScriptCommands& extra);

// heard-kiosk's whole main(): options, configuration, then windowed or headless.
int kiosk_main(int argc, char** argv, const ScriptCommands& extra);

}  // namespace heard::kiosk
