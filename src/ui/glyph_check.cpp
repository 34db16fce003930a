#include "ui/glyph_check.hpp"

#include <stb_truetype.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <vector>

namespace heard::ui {

namespace {

constexpr std::size_t max_named = 5;  // characters named in the message; the rest are counted

// The font's character map, read in place from the mapped file.
struct CharMap {
  explicit CharMap(const FontFiles::Mapping& m) : file(std::filesystem::path(m.path).filename().string()) {
    const auto* data = static_cast<const unsigned char*>(m.data);
    const int offset = stbtt_GetFontOffsetForIndex(data, 0);
    if (offset < 0 || !stbtt_InitFont(&info, data, offset)) throw std::runtime_error("cannot read the font " + m.path);
  }
  bool has(char32_t c) const { return stbtt_FindGlyphIndex(&info, static_cast<int>(c)) != 0; }
  stbtt_fontinfo info{};
  std::string file;
};

// Code points of text that is valid UTF-8 (the survey's and the translations' validators saw to it).
void each_code_point(const std::string& text, const std::function<void(char32_t)>& visit) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const int extra = b < 0x80 ? 0 : b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
    char32_t c = extra == 0 ? b : b & (0x3f >> extra);
    for (int k = 1; k <= extra && i + k < text.size(); ++k)
      c = c << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    i += static_cast<std::size_t>(extra) + 1;
    visit(c);
  }
}

std::string code_name(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

// Every text the screens show, with where it comes from.
void each_screen_text(const Translations& translations, const SurveyConfig& survey,
                      const std::function<void(const std::string& where, const std::string& text)>& visit) {
  for (const auto& [language, name] : survey.site_name) visit("site_name (" + language + ")", name);
  const std::pair<const char*, const std::vector<Choice>*> lists[] = {{"category", &survey.categories},
                                                                      {"improvement", &survey.improvements},
                                                                      {"praise", &survey.praise},
                                                                      {"staff", &survey.staff}};
  for (const auto& [kind, choices] : lists)
    for (const Choice& c : *choices)
      for (const auto& [language, label] : c.label)
        visit(std::string(kind) + " \"" + c.id + "\" (" + language + ")", label);
  for (const Resolution& r : survey.resolutions)
    for (const auto& [language, label] : r.label) visit("resolution \"" + r.id + "\" (" + language + ")", label);
  translations.each_text([&](const std::string& language, const std::string& key, const std::string& text) {
    visit("text " + language + "." + key, text);
  });
}

}  // namespace

std::string missing_glyphs(const FontFiles& files, const Translations& translations, const SurveyConfig& survey) {
  const CharMap fonts[] = {CharMap(files.regular()), CharMap(files.bold())};
  std::vector<char32_t> missing;
  std::string lacking_file, first_use;
  each_screen_text(translations, survey, [&](const std::string& where, const std::string& text) {
    each_code_point(text, [&](char32_t c) {
      if (c < 0x20 || c == 0x7f) return;  // line breaks: never drawn as glyphs
      for (const CharMap& font : fonts) {
        if (font.has(c)) continue;
        if (std::find(missing.begin(), missing.end(), c) == missing.end()) missing.push_back(c);
        if (first_use.empty()) first_use = where, lacking_file = font.file;
        return;
      }
    });
  });
  if (missing.empty()) return {};
  std::string list;
  for (std::size_t i = 0; i < std::min(missing.size(), max_named); ++i) list += (i ? ", " : "") + code_name(missing[i]);
  if (missing.size() > max_named) list += " and " + std::to_string(missing.size() - max_named) + " more";
  return "the kiosk's font " + lacking_file + " has no glyph for " + list + " (first used in " + first_use +
         "); install a font that covers them, or publish without them";
}

}  // namespace heard::ui
