#pragma once
// Fonts come from Debian font packages (fonts-dejavu-core, or fonts-noto-core) and are
// rasterised at exactly the pixel sizes the screen needs: no global scaling, no blur.
#include <imgui.h>

#include <filesystem>
#include <future>
#include <memory>
#include <optional>
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

std::filesystem::path find_font(bool bold);

// The regular and bold font files, mapped read-only once and shared by every font and every
// rebuild of the atlas: nothing is copied, and only the pages holding glyphs we use are read.
class FontFiles {
 public:
  // Throws std::runtime_error naming the packages to install when no font file is found.
  FontFiles();
  ~FontFiles();
  FontFiles(const FontFiles&) = delete;
  FontFiles& operator=(const FontFiles&) = delete;

  struct Mapping {
    void* data = nullptr;
    std::size_t size = 0;
    std::string path;
  };
  const Mapping& regular() const { return regular_; }
  const Mapping& bold() const { return bold_; }

 private:
  Mapping regular_, bold_;
};

// Clears `atlas` and adds our fonts at the sizes `m` asks for, then builds it. `ranges` and
// `files` must outlive the atlas. Touches no ImGui context, so it may run on another thread
// while none exists.
Fonts build_fonts(ImFontAtlas& atlas, const Metrics& m, const GlyphRanges& ranges, const FontFiles& files);

// The kiosk's fonts: the mapped files, the glyphs its screens need, and one atlas rasterised at
// the sizes of the current metrics. The first rasterising can run on a thread of its own from
// the moment the screen size is known (start), so that the display's and the database's
// set-up overlap it. ImGui counts allocations in its current context without a lock, so no
// ImGui context may exist while that thread runs: create it only after ensure().
class KioskFonts {
 public:
  // Maps the font files: a missing font package fails here, before any window opens.
  KioskFonts(const Translations& translations, const SurveyConfig& survey);
  ~KioskFonts();  // waits for a rasterising thread
  KioskFonts(const KioskFonts&) = delete;
  KioskFonts& operator=(const KioskFonts&) = delete;

  // Starts rasterising at the sizes of `m` on another thread.
  void start(const Metrics& m);
  // Makes the atlas hold the sizes of `m`: waits for the thread, and rasterises (here) only
  // if it was not started or started at other sizes. True when the atlas changed, so it
  // needs a new texture.
  bool ensure(const Metrics& m);

  const Fonts& fonts() const { return fonts_; }
  ImFontAtlas& atlas() { return *atlas_; }
  const FontFiles& files() const { return files_; }

 private:
  FontFiles files_;
  GlyphRanges ranges_;
  std::unique_ptr<ImFontAtlas> atlas_ = std::make_unique<ImFontAtlas>();
  std::optional<Metrics> metrics_;  // the sizes the atlas holds, or is being rasterised at
  Fonts fonts_;
  std::future<Fonts> pending_;
};

}  // namespace heard::ui
