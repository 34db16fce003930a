#pragma once
// The two ways heard-kiosk runs; each returns the process exit code.
#include "config/device_config.hpp"
#include "core/survey.hpp"
#include "options.hpp"
#include "ui/i18n.hpp"

namespace heard::kiosk {

// `device` is the merged configuration (kiosk_config.hpp): file, command line, defaults.
int run_windowed(const Options& options, const config::DeviceConfig& device, const SurveyConfig& survey,
                 const ui::Translations& translations);
int run_headless(const Options& options, const config::DeviceConfig& device, const SurveyConfig& survey,
                 const ui::Translations& translations);

}  // namespace heard::kiosk
