#pragma once
// Every character the screens show must be in the kiosk's font files. ImGui draws a character
// its atlas lacks as "?", so a survey published in a script the fonts do not cover (Japanese
// on a kiosk with DejaVu only, say) would reach customers as rows of question marks. A survey
// from the hub is checked with this before it is applied (platform/kiosk_app.cpp) and left,
// reported, when it fails.
#include <string>

#include "core/survey.hpp"
#include "ui/fonts.hpp"
#include "ui/i18n.hpp"

namespace heard::ui {

// Empty when both fonts have a glyph for every character of the survey's labels, site names
// and the translations; else which characters are missing (a few, as U+XXXX), from which font
// file, and the first text that uses one ("category \"sushi\" (en)").
std::string missing_glyphs(const FontFiles& files, const Translations& translations, const SurveyConfig& survey);

}  // namespace heard::ui
