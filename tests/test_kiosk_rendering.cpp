// What the headless kiosk actually paints: a real heard-kiosk process renders the Welcome
// screen into a PNG, and the test reads the pixels back. Every other UI test checks layout
// and the database; this one fails if the font texture is empty, opaque or in the wrong
// channels, which no layout test can see.
#include <catch2/catch.hpp>

#include <stb_image.h>

#include <bitset>
#include <cmath>
#include <memory>

#include "core/survey.hpp"
#include "support/child_process.hpp"
#include "ui/theme.hpp"

using namespace heard;
using namespace heard::test;

#if defined(HEARD_KIOSK_PATH) && defined(HEARD_TEST_PNG)

namespace {

struct Rgb {
  int r, g, b;
};

Rgb rgb_of(ImU32 c) {
  return {static_cast<int>(c & 0xff), static_cast<int>(c >> 8 & 0xff), static_cast<int>(c >> 16 & 0xff)};
}

struct Counts {
  int solid_text = 0;  // glyph pixels fully covered: the text colour itself
  // Partly covered glyph pixels are blends part way from the background to the text colour,
  // as many shades as the glyphs' anti-aliasing has. Hard-edged shapes (the software renderer
  // draws every other shape so) and muted text, a single mix, make only a few shades.
  std::bitset<64> blend_shades;
};

Counts count_text_pixels(const unsigned char* rgba, int pixels, Rgb bg, Rgb text) {
  Counts counts;
  const double dr = text.r - bg.r, dg = text.g - bg.g, db = text.b - bg.b;
  const double length2 = dr * dr + dg * dg + db * db;
  for (int i = 0; i < pixels; ++i) {
    const unsigned char* p = rgba + 4 * i;
    const double t = ((p[0] - bg.r) * dr + (p[1] - bg.g) * dg + (p[2] - bg.b) * db) / length2;
    const double off = std::hypot(p[0] - (bg.r + t * dr), p[1] - (bg.g + t * dg), p[2] - (bg.b + t * db));
    if (off > 6.0) continue;
    if (t > 0.97) ++counts.solid_text;
    else if (t > 0.05 && t < 0.95) counts.blend_shades.set(static_cast<std::size_t>(t * 64));
  }
  return counts;
}

}  // namespace

TEST_CASE("the headless kiosk paints the Welcome texts from its font atlas, with solid and anti-aliased glyph pixels",
          "[kiosk][rendering]") {
  TempDir dir;
  write_private_file(dir / "welcome.script", "expect \"How was your visit today?\"\nscreenshot welcome\n");
  const Run run =
      run_program(dir, {"/usr/bin/env", "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR, "HEARD_CONFIG=" HEARD_EMPTY_CONFIG,
                        HEARD_KIOSK_PATH, "--headless", "--size", "800x480", "--script",
                        (dir / "welcome.script").string(), "--screenshots", dir.path().string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);

  int width = 0, height = 0, channels = 0;
  const std::unique_ptr<unsigned char, void (*)(void*)> rgba(
      stbi_load((dir / "welcome.png").c_str(), &width, &height, &channels, 4), stbi_image_free);
  REQUIRE(rgba);
  REQUIRE(width == 800);
  REQUIRE(height == 480);

  const SurveyConfig survey = load_survey(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  const ui::Palette palette = ui::palette_for(survey.branding, false);
  const Counts counts = count_text_pixels(rgba.get(), width * height, rgb_of(palette.background), rgb_of(palette.text));
  INFO("solid text pixels " << counts.solid_text << ", blend shades " << counts.blend_shades.count() << " of 58");
  // The site name, the question and five face words at 800x480: thousands of solid pixels, and
  // edges in nearly every shade. An empty atlas paints no glyphs, an opaque or two-level one
  // paints glyphs without shades, and a texture with its channels mixed up paints another colour.
  CHECK(counts.solid_text > 2000);
  CHECK(counts.blend_shades.count() >= 45);
}

#endif
