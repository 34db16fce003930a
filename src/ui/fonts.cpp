#include "ui/fonts.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <system_error>

#include "core/log.hpp"

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
  throw std::runtime_error("no font found: install the Debian package fonts-dejavu-core (or fonts-noto-core)");
}

namespace {

FontFiles::Mapping map_font(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open the font " + path.string() + ": " + std::strerror(errno));
  struct stat st {};
  void* data = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && st.st_size > 0)
    data = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  const int error = errno;
  ::close(fd);  // the mapping stays valid without the descriptor
  if (data == MAP_FAILED)
    throw std::runtime_error("cannot read the font " + path.string() + ": " +
                             (st.st_size > 0 ? std::strerror(error) : "the file is empty"));
  return {data, static_cast<std::size_t>(st.st_size), path.string()};
}

}  // namespace

FontFiles::FontFiles() : regular_(map_font(find_font(false))) {
  try {
    bold_ = map_font(find_font(true));
  } catch (...) {
    ::munmap(regular_.data, regular_.size);
    throw;
  }
}

FontFiles::~FontFiles() {
  for (const Mapping* m : {&regular_, &bold_}) ::munmap(m->data, m->size);
}

Fonts build_fonts(ImFontAtlas& atlas, const Metrics& m, const GlyphRanges& ranges, const FontFiles& files) {
  atlas.Clear();
  atlas.TexDesiredWidth = 2048;
  // SDL_Renderer textures need no power-of-two size; rounding up would add up to a second
  // atlas's worth of texture memory, written at start-up for nothing.
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the mapped files are shared, see FontFiles
  // Text is drawn at exactly this size, so oversampling would only cost atlas memory.
  config.OversampleH = 1;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  auto add = [&](const FontFiles::Mapping& file, float px, const ImVector<ImWchar>& glyphs) {
    return atlas.AddFontFromMemoryTTF(file.data, static_cast<int>(file.size), px, &config, glyphs.Data);
  };
  Fonts f;
  f.small = add(files.regular(), m.small_px, ranges.text);
  f.body = add(files.regular(), m.body_px, ranges.text);
  f.bold = add(files.bold(), m.body_px, ranges.text);
  f.title = add(files.bold(), m.title_px, ranges.titles);
  if (!f.small || !f.body || !f.bold || !f.title || !atlas.Build())
    throw std::runtime_error("could not load the fonts " + files.regular().path + " and " + files.bold().path);
  return f;
}

namespace {

bool same_sizes(const Metrics& a, const Metrics& b) {
  return a.small_px == b.small_px && a.body_px == b.body_px && a.title_px == b.title_px;
}

// Timed, because start-up on a slow board is mostly this; worth seeing when tuning a device.
Fonts build_timed(ImFontAtlas& atlas, const Metrics& m, const GlyphRanges& ranges, const FontFiles& files) {
  const auto started = std::chrono::steady_clock::now();
  Fonts fonts = build_fonts(atlas, m, ranges, files);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  log::debug("heard-kiosk: fonts rasterised at " + std::to_string(static_cast<int>(m.body_px)) + " px in " +
             std::to_string(ms.count()) + " ms, atlas " + std::to_string(atlas.TexWidth) + "x" +
             std::to_string(atlas.TexHeight));
  return fonts;
}

}  // namespace

KioskFonts::KioskFonts(const Translations& translations, const SurveyConfig& survey)
    : ranges_(glyph_ranges_for_screens(translations, survey)) {}

KioskFonts::~KioskFonts() {
  if (pending_.valid()) pending_.wait();  // never free the atlas under its builder
}

void KioskFonts::start(const Metrics& m) {
  if (pending_.valid()) pending_.wait();
  metrics_ = m;
  pending_ = std::async(std::launch::async, [this, m] { return build_timed(*atlas_, m, ranges_, files_); });
}

bool KioskFonts::ensure(const Metrics& m) {
  bool changed = false;
  if (pending_.valid()) {
    fonts_ = pending_.get();  // rethrows what the thread threw
    changed = true;
  }
  if (metrics_ && same_sizes(*metrics_, m)) return changed;
  fonts_ = build_timed(*atlas_, m, ranges_, files_);
  metrics_ = m;
  return true;
}

}  // namespace heard::ui
