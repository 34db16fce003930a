#pragma once
// Fonts come from Debian font packages (fonts-dejavu-core, or fonts-noto-core) and are
// rasterised at exactly the pixel sizes the screen needs: no global scaling, no blur.
#include <imgui.h>

#include <filesystem>
#include <string>

#include "core/survey.hpp"
#include "ui/i18n.hpp"
#include "ui/theme.hpp"

namespace heard::ui {

struct Fonts {
  ImFont* small = nullptr;
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* title = nullptr;
};

// The characters to rasterise: every character of `texts` (the translations and the survey)
// and, where customers type (`typed_text`), Latin through Extended-A, punctuation, our
// symbols and the whole Greek or Cyrillic block when the texts use it; titles only ever show
// `texts`. Only what can appear: each glyph costs start-up time, and at 1920x1080 the title
// glyphs are large.
ImVector<ImWchar> glyph_ranges_for(const std::string& texts, bool typed_text);
// The texts the screens show: every translation, the site name and every survey label.
std::string screen_texts(const Translations& translations, const SurveyConfig& survey);

struct GlyphRanges {
  ImVector<ImWchar> text;    // small, body and bold: also what customers type
  ImVector<ImWchar> titles;  // the title font: translated and survey texts only
};
GlyphRanges glyph_ranges_for_screens(const Translations& translations, const SurveyConfig& survey);

// Clears `atlas` and adds our fonts at the sizes `m` asks for, then builds it. `ranges`
// must outlive the call.
// Throws std::runtime_error naming the packages to install when no font file is found.
Fonts build_fonts(ImFontAtlas& atlas, const Metrics& m, const GlyphRanges& ranges);

std::filesystem::path find_font(bool bold);

}  // namespace heard::ui
