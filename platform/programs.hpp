#pragma once
// The two ways heard-kiosk runs; each returns the process exit code.
#include "core/survey.hpp"
#include "options.hpp"
#include "ui/i18n.hpp"

namespace heard::kiosk {

int run_windowed(const Options& options, const SurveyConfig& survey, const ui::Translations& translations);
int run_headless(const Options& options, const SurveyConfig& survey, const ui::Translations& translations);

}  // namespace heard::kiosk
