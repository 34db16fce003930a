// The kiosk's fonts (ui::KioskFonts): rasterised on a thread of their own during start-up,
// handed over whole on the first frame, and rasterised again only when the sizes change.
// Real font files from the Debian packages, real atlases.
#include <catch2/catch.hpp>

#include "core/survey.hpp"
#include "ui/fonts.hpp"
#include "ui/i18n.hpp"

using namespace heard;
using namespace heard::ui;

namespace {

struct Texts {
  SurveyConfig survey = load_survey(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  Translations translations = Translations::load(std::filesystem::path(HEARD_ASSETS_DIR) / "i18n", survey.languages);
};

}  // namespace

TEST_CASE("Fonts started on their own thread are the ones the first frame gets, rasterised once", "[ui][fonts]") {
  const Texts texts;
  KioskFonts fonts(texts.translations, texts.survey);
  const Metrics m = metrics_for(1920, 1080, default_dpi, false);
  fonts.start(m);
  CHECK(fonts.ensure(m));  // the atlas is new: it needs a texture
  REQUIRE(fonts.atlas().IsBuilt());
  CHECK(fonts.fonts().body->FontSize == m.body_px);
  CHECK(fonts.fonts().title->FontSize == m.title_px);
  CHECK(fonts.fonts().body->FindGlyphNoFallback(0x00f1));  // ñ, which Spanish customers type
  CHECK_FALSE(fonts.ensure(m));                            // same sizes: nothing to do on later frames
}

TEST_CASE("A screen that comes out another size than the fonts were started at gets fonts at its own size",
          "[ui][fonts]") {
  const Texts texts;
  KioskFonts fonts(texts.translations, texts.survey);
  fonts.start(metrics_for(1920, 1080, default_dpi, false));
  const Metrics small = metrics_for(800, 480, default_dpi, false);
  REQUIRE(small.body_px != metrics_for(1920, 1080, default_dpi, false).body_px);
  CHECK(fonts.ensure(small));
  CHECK(fonts.fonts().body->FontSize == small.body_px);
  CHECK_FALSE(fonts.ensure(small));
}

TEST_CASE("Fonts never started are rasterised when first needed, and again for larger text", "[ui][fonts]") {
  const Texts texts;
  KioskFonts fonts(texts.translations, texts.survey);
  const Metrics normal = metrics_for(800, 480, default_dpi, false);
  CHECK(fonts.ensure(normal));
  CHECK(fonts.fonts().body->FontSize == normal.body_px);
  const Metrics large = metrics_for(800, 480, default_dpi, true);
  CHECK(fonts.ensure(large));
  CHECK(fonts.fonts().body->FontSize == large.body_px);
  CHECK(fonts.fonts().body->FontSize > normal.body_px);
}

TEST_CASE("The atlas is only as tall as its glyphs need, not the next power of two", "[ui][fonts]") {
  const Texts texts;
  KioskFonts fonts(texts.translations, texts.survey);
  fonts.ensure(metrics_for(1920, 1080, default_dpi, false));
  const ImFontAtlas& atlas = fonts.atlas();
  int bottom = 0;  // the lowest row any glyph uses
  for (const ImFont* font : atlas.Fonts)
    for (const ImFontGlyph& glyph : font->Glyphs)
      bottom = std::max(bottom, static_cast<int>(glyph.V1 * static_cast<float>(atlas.TexHeight) + 0.5f));
  CHECK(atlas.TexHeight - bottom <= 2);  // ImGui keeps a row of padding
}
