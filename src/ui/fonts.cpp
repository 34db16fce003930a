#include "ui/fonts.hpp"

#include <stdexcept>
#include <system_error>

namespace heard::ui {

const ImWchar* glyph_ranges() {
  static const ImWchar ranges[] = {
      0x0020, 0x00ff,  // Basic Latin, Latin-1
      0x0100, 0x017f,  // Latin Extended-A
      0x0370, 0x03ff,  // Greek
      0x0400, 0x045f,  // Cyrillic
      0x2013, 0x2026,  // dashes, quotes, ellipsis
      0x20ac, 0x20ac,  // euro
      0x2190, 0x2192,  // arrows
      0x21e7, 0x21e7,  // shift
      0x2303, 0x2303,  // up arrowhead
      0x232b, 0x232b,  // erase to the left
      0x2713, 0x2713,  // check mark
      0,
  };
  return ranges;
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

Fonts build_fonts(ImFontAtlas& atlas, const Metrics& m) {
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
  f.small = atlas.AddFontFromFileTTF(regular.c_str(), m.small_px, &config, glyph_ranges());
  f.body = atlas.AddFontFromFileTTF(regular.c_str(), m.body_px, &config, glyph_ranges());
  f.bold = atlas.AddFontFromFileTTF(bold.c_str(), m.body_px, &config, glyph_ranges());
  f.title = atlas.AddFontFromFileTTF(bold.c_str(), m.title_px, &config, glyph_ranges());
  if (!f.small || !f.body || !f.bold || !f.title || !atlas.Build())
    throw std::runtime_error("could not load the fonts " + regular + " and " + bold);
  return f;
}

}  // namespace heard::ui
