#include "ui/fonts.hpp"

#include <initializer_list>
#include <stdexcept>
#include <system_error>

namespace heard::ui {

namespace {

// Every screen's own characters: Latin up to Extended-A (what the keyboards type for the
// languages we ship), punctuation and the symbols the screens draw.
constexpr ImWchar base_ranges[] = {
    0x0020, 0x00ff,  // Basic Latin, Latin-1
    0x0100, 0x017f,  // Latin Extended-A
    0x2013, 0x2026,  // dashes, quotes, bullet, ellipsis
    0x20ac, 0x20ac,  // euro
    0x2190, 0x2192,  // arrows
    0x21e7, 0x21e7,  // shift
    0x2303, 0x2303,  // up arrowhead
    0x232b, 0x232b,  // erase to the left
    0x2713, 0x2713,  // check mark
    0,
};

// Scripts added whole once any text uses them, so a keyboard in that script has every letter.
constexpr ImWchar greek[] = {0x0370, 0x03ff, 0};
constexpr ImWchar cyrillic[] = {0x0400, 0x045f, 0};

bool uses(const ImFontGlyphRangesBuilder& builder, const ImWchar* block) {
  for (unsigned c = block[0]; c <= block[1]; ++c)
    if (builder.GetBit(c)) return true;
  return false;
}

}  // namespace

ImVector<ImWchar> glyph_ranges_for(const std::string& texts, bool typed_text) {
  // Titles also carry staff mode's English ones, with a middle dot, dashes and arrows.
  static constexpr ImWchar ascii[] = {0x0020, 0x007e, 0x00b7, 0x00b7, 0x2013, 0x2026, 0x2190, 0x2192, 0};
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(typed_text ? base_ranges : ascii);
  builder.AddText(texts.c_str());
  if (typed_text)
    for (const ImWchar* block : {greek, cyrillic})
      if (uses(builder, block)) builder.AddRanges(block);
  ImVector<ImWchar> ranges;
  builder.BuildRanges(&ranges);
  return ranges;
}

GlyphRanges glyph_ranges_for_screens(const Translations& translations, const SurveyConfig& survey) {
  const std::string texts = screen_texts(translations, survey);
  return {glyph_ranges_for(texts, true), glyph_ranges_for(texts, false)};
}

std::string screen_texts(const Translations& translations, const SurveyConfig& survey) {
  std::string texts = translations.all_text();
  for (const auto& [language, name] : survey.site_name) texts += name;
  for (const auto* choices : {&survey.categories, &survey.improvements, &survey.praise, &survey.staff})
    for (const Choice& choice : *choices)
      for (const auto& [language, label] : choice.label) texts += label;
  for (const Resolution& resolution : survey.resolutions)
    for (const auto& [language, label] : resolution.label) texts += label;
  return texts;
}

std::filesystem::path find_font(bool bold) {
  const char* candidates[] = {
      bold ? "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf" : "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      bold ? "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf" : "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
  };
  std::error_code ec;
  for (const char* c : candidates)
    if (std::filesystem::exists(c, ec)) return c;
  throw std::runtime_error(
      "no font found: install the Debian package fonts-dejavu-core (or fonts-noto-core)");
}

Fonts build_fonts(ImFontAtlas& atlas, const Metrics& m, const GlyphRanges& ranges) {
  const auto regular = find_font(false).string();
  const auto bold = find_font(true).string();
  atlas.Clear();
  atlas.TexDesiredWidth = 2048;
  ImFontConfig config;
  // Text is drawn at exactly this size, so oversampling would only cost atlas memory.
  config.OversampleH = 1;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  Fonts f;
  f.small = atlas.AddFontFromFileTTF(regular.c_str(), m.small_px, &config, ranges.text.Data);
  f.body = atlas.AddFontFromFileTTF(regular.c_str(), m.body_px, &config, ranges.text.Data);
  f.bold = atlas.AddFontFromFileTTF(bold.c_str(), m.body_px, &config, ranges.text.Data);
  f.title = atlas.AddFontFromFileTTF(bold.c_str(), m.title_px, &config, ranges.titles.Data);
  if (!f.small || !f.body || !f.bold || !f.title || !atlas.Build())
    throw std::runtime_error("could not load the fonts " + regular + " and " + bold);
  return f;
}

}  // namespace heard::ui
