// Draws every screen in every language (ImGui without a window; real fonts) and fails if any
// text leaves its box or any text key is missing (800x480 is the smallest screen we
// support), or if anything a finger can touch is smaller than 15 mm at the screen's DPI.
#include <catch2/catch.hpp>

#include <sstream>

#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"
#include "ui/flow.hpp"
#include "ui/fonts.hpp"
#include "ui/screens.hpp"

using namespace heard;
using namespace heard::ui;

namespace {

class Canvas {
 public:
  Canvas(float width, float height, bool large_text, float dpi = default_dpi) : ctx_(ImGui::CreateContext()) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    metrics_ = metrics_for(width, height, dpi, large_text);
    fonts_ = build_fonts(*io.Fonts, metrics_);
  }
  ~Canvas() { ImGui::DestroyContext(ctx_); }

  // Two frames, as the kiosk does after a change, so layout has settled.
  FrameRecord draw(const Flow& flow, const Translations& tr) {
    FrameRecord record;
    const Palette palette = palette_for(flow.survey().branding, flow.state().high_contrast);
    for (int i = 0; i < 2; ++i) {
      ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
      ImGui::NewFrame();
      draw_kiosk(View{metrics_, palette, fonts_, tr}, flow, record);
      ImGui::Render();
    }
    return record;
  }

 private:
  ImGuiContext* ctx_;
  Metrics metrics_;
  Fonts fonts_;
};

// Walks one language through every screen, calling `look` on each; with `keyboard_layers`
// also on every keyboard with shift, on each of its pages and on its symbol layer.
template <typename Look>
void visit_every_screen(const std::string& lang, Look look, bool keyboard_layers = false) {
  test::TempDir dir;
  store::ResponseStore store(dir / "heard.db");
  Millis now = 1'795'961'109'000;
  Flow flow(test::survey(), store, "k", "0.1.0", now);
  auto act = [&](IntentType type, std::string value = {}, int number = 0) {
    now += 500;
    flow.apply({type, std::move(value), number, flow.state().generation}, now);
  };
  auto type = [&](const std::string& text) { act(IntentType::type_text, text); };
  auto look_at_keyboard = [&](const char* what) {
    look(flow, what);
    if (!keyboard_layers) return;
    const std::string w = what;
    act(IntentType::shift);
    look(flow, (w + ", shift").c_str());
    act(IntentType::shift);
    for (int layer = 0; layer < 2; ++layer) {
      for (int page = 2; page <= 4; ++page) {  // no layout has more than three pages
        act(IntentType::keyboard_page);
        look(flow, (w + (layer ? ", symbols" : "") + ", page " + std::to_string(page)).c_str());
      }
      act(IntentType::symbols);  // the page starts again at the first
      if (layer == 0) look(flow, (w + ", symbols").c_str());
    }
  };
  act(IntentType::language, lang);
  look(flow, "welcome");
  act(IntentType::rate, {}, 1);
  act(IntentType::toggle_chip, "wait_time");
  look(flow, "complaint chips");
  act(IntentType::next);
  look_at_keyboard("empty comment");
  type("The queue was very long and nobody at the counter could tell me how much longer it would take, so I left.");
  look_at_keyboard("long comment");
  act(IntentType::next);
  act(IntentType::choose_resolution, "call_back");
  look(flow, "resolution");
  act(IntentType::next);
  act(IntentType::choose_staff, "pharmacy");
  look(flow, "staff");
  act(IntentType::next);
  look(flow, "contact");
  act(IntentType::edit_field, {}, static_cast<int>(ContactField::name));
  type("Maximiliane Schwarzenberger-Oppenheim");
  look_at_keyboard("typing a name");
  act(IntentType::edit_field, {}, static_cast<int>(ContactField::phone));
  type("+34 612 345 678");
  look_at_keyboard("typing a phone number");
  act(IntentType::edit_field, {}, static_cast<int>(ContactField::email));
  type("maximiliane.schwarzenberger@example.com");
  act(IntentType::shift);
  act(IntentType::symbols);
  look_at_keyboard("typing an e-mail address, symbols");
  act(IntentType::edit_field, {}, static_cast<int>(ContactField::none));
  act(IntentType::choose_channel, "sms");
  act(IntentType::done);
  look(flow, "contact without consent");
  act(IntentType::toggle_consent);
  act(IntentType::done);
  look(flow, "review");
  now += flow.survey().idle_timeout_seconds * 1000;
  flow.tick(now);
  look(flow, "still there");
  act(IntentType::still_here);
  act(IntentType::send);
  look(flow, "thank you, call back");
  act(IntentType::finish);
  act(IntentType::rate, {}, 5);
  look(flow, "compliment chips");
  act(IntentType::next);
  act(IntentType::next);
  act(IntentType::choose_staff, "ana");
  look(flow, "shout-out");
  act(IntentType::done);
  look(flow, "thank you, compliment");
  act(IntentType::finish);
  act(IntentType::toggle_high_contrast);
  act(IntentType::rate, {}, 3);
  look(flow, "suggestion chips, high contrast");
  act(IntentType::done);
  look(flow, "thank you, suggestion");
}

void check_layout(float width, float height, bool large_text) {
  const auto& survey = test::survey();
  const auto tr = Translations::load(HEARD_ASSETS_DIR "/i18n", survey.languages);
  Canvas canvas(width, height, large_text);
  std::ostringstream problems;
  int screens = 0;
  for (const auto& lang : survey.languages) {
    visit_every_screen(lang, [&](const Flow& flow, const char* what) {
      ++screens;
      const FrameRecord record = canvas.draw(flow, tr);
      if (record.texts.empty()) problems << lang << ", " << what << ": nothing was drawn\n";
      for (const auto& t : record.texts)
        if (t.overflows)
          problems << lang << ", " << what << ": \"" << t.text << "\" is " << t.rect.GetWidth() << "x"
                   << t.rect.GetHeight() << " in a " << t.box.GetWidth() << "x" << t.box.GetHeight() << " box\n";
      for (const auto& t : record.tappables)
        if (t.rect.GetHeight() < 1 || t.rect.GetWidth() < 1) problems << lang << ", " << what << ": empty target\n";
    });
  }
  for (const auto& missed : tr.missed()) problems << "missing text " << missed << "\n";
  CHECK(screens == 19 * static_cast<int>(survey.languages.size()));
  INFO(problems.str());
  CHECK(problems.str().empty());
}

}  // namespace

TEST_CASE("No text overflows its box on any screen in any language at 800x480", "[ui][layout]") {
  SECTION("normal text") { check_layout(800, 480, false); }
  SECTION("larger text") { check_layout(800, 480, true); }
}

TEST_CASE("No text overflows its box on a portrait 480x800 screen", "[ui][layout]") {
  check_layout(480, 800, false);
}

TEST_CASE("Every touch target on every customer screen is at least 15 mm at the configured DPI", "[ui][layout]") {
  const auto& survey = test::survey();
  const auto tr = Translations::load(HEARD_ASSETS_DIR "/i18n", survey.languages);
  struct Screen {
    float width, height, dpi;
  };
  for (const Screen screen : {Screen{800, 480, 96}, Screen{480, 800, 96}, Screen{1280, 800, 96},
                              Screen{1920, 1080, 96}, Screen{800, 480, 133}}) {
    const float min_px = min_target_mm * screen.dpi / 25.4f;
    Canvas canvas(screen.width, screen.height, false, screen.dpi);
    std::ostringstream problems;
    int targets = 0;
    for (const auto& lang : survey.languages) {
      visit_every_screen(
          lang,
          [&](const Flow& flow, const char* what) {
            for (const auto& t : canvas.draw(flow, tr).tappables) {
              ++targets;
              const ImVec2 size = t.whole.GetSize();
              if (size.x < min_px || size.y < min_px)
                problems << lang << ", " << what << ": \"" << t.label << "\" (" << t.id << ") is " << size.x << "x"
                         << size.y << " px = " << size.x * 25.4f / screen.dpi << "x" << size.y * 25.4f / screen.dpi
                         << " mm\n";
            }
          },
          true);
    }
    INFO(screen.width << "x" << screen.height << " at " << screen.dpi << " DPI: 15 mm is " << min_px << " px");
    CHECK(targets > 1000);
    INFO(problems.str());
    CHECK(problems.str().empty());
  }
}
