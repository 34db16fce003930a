#pragma once
// Fonts come from Debian font packages (fonts-dejavu-core, or fonts-noto-core) and are
// rasterised at exactly the pixel sizes the screen needs: no global scaling, no blur.
#include <imgui.h>

#include <filesystem>

#include "ui/theme.hpp"

namespace heard::ui {

struct Fonts {
  ImFont* small = nullptr;
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* title = nullptr;
};

// Latin, Latin-1, Latin Extended-A, Greek, Cyrillic, punctuation and the symbols we draw.
const ImWchar* glyph_ranges();

// Clears `atlas` and adds our fonts at the sizes `m` asks for, then builds it.
// Throws std::runtime_error naming the packages to install when no font file is found.
Fonts build_fonts(ImFontAtlas& atlas, const Metrics& m);

std::filesystem::path find_font(bool bold);

}  // namespace heard::ui
