#pragma once
// Touch widgets drawn with ImGui draw lists. Every tappable widget and every piece of text
// is recorded (FrameRecord) so the headless driver can tap by label and tests can check
// that no text leaves its box. Nothing depends on hover: a finger has none.
#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/survey.hpp"
#include "ui/fonts.hpp"
#include "ui/i18n.hpp"
#include "ui/theme.hpp"

namespace heard::ui {

struct Tappable {
  std::string id;     // stable, language-free: "face.1", "nav.next", "key.a"
  std::string label;  // the text the customer sees on it
  std::string types;  // keyboard keys: what a tap types ("a", " ", "{shift}")
  ImRect rect;        // the visible part
  ImRect whole;       // all of it, including what a scrolling list has moved out of view
};

struct DrawnText {
  std::string text;
  ImRect rect;  // where the glyphs went
  ImRect box;   // where they had to fit
  bool overflows = false;
};

struct FrameRecord {
  std::vector<Tappable> tappables;
  std::vector<DrawnText> texts;
  bool animating = false;  // a scroll is still coasting: draw another frame soon
  ImU32 background = 0;    // what the renderer clears to before drawing the frame
  void clear() {
    tappables.clear();
    texts.clear();
    animating = false;
    background = 0;
  }
};

// The site's logo as the platform uploaded it (a texture of the renderer's), and its size in
// pixels; no texture: the site bar shows the name alone. Customer screens carry it (CustomerUi).
struct Logo {
  ImTextureID texture = nullptr;
  ImVec2 size{};
};

// What every drawing function needs, passed by reference: how big things are, the colours,
// the fonts, the words in the screen's language, and where the frame's record goes. No
// screen's state and no intents: each family of screens wraps a Ui with its own state and
// the sink for its own intents (CustomerUi in screens.cpp, StaffUi in staff_screens.cpp).
struct Ui {
  const Metrics& m;
  const Palette& p;
  const Fonts& f;
  const Translations& tr;
  const std::string& language;  // what the screen speaks: the customer's choice, or staff mode's
  FrameRecord& record;

  const std::string& t(std::string_view key) const { return tr.text(language, key); }
};

enum class Align { left, centre };
enum class Look { primary, secondary, chip, key, quiet };

// Wraps `text` into `box` (shrinking to a smaller font if it must), draws and records it.
// Returns where the last line ends (for a caret).

// Layout: cut a strip off one side of `area` (and the gap after it); returns the strip.
ImRect take_top(ImRect& area, float h, float gap);
ImRect take_bottom(ImRect& area, float h, float gap);
ImRect take_left(ImRect& area, float w, float gap);
ImRect take_right(ImRect& area, float w, float gap);

ImVec2 text_in_box(Ui& ui, std::string_view text, ImRect box, ImFont* font, ImU32 colour, Align align = Align::centre,
                   bool middle = true);

// Height `text` needs when wrapped to `width`.
float text_height(ImFont* font, std::string_view text, float width);
float text_width(ImFont* font, std::string_view text);

// How wide a button must be for its label (bold, with room either side), and at least `at_least`.
float button_width(const Ui& ui, std::string_view label, float at_least);

// A big button; `chosen` shows a check mark and a filled face (not colour alone).
bool button(Ui& ui, std::string_view id, std::string_view label, ImRect rect, Look look, bool chosen = false,
            std::string_view types = {}, ImFont* font = nullptr);

// Records a tappable widget (its part inside the current clip rect, if any) for the driver.
void record_tappable(Ui& ui, std::string_view id, std::string_view label, ImRect rect, std::string_view types = {});

// Filled shapes cut into pieces with small bounding boxes: a software rasteriser tests each
// triangle's bounding box pixel by pixel, and ImGui's fans from one corner make those boxes
// cover the shape many times over. A rounded rectangle is three rectangles and four corner
// fans; a circle is cut into horizontal bands. With anti-aliased fills on (a hardware
// renderer), ImGui's own fills are used, for their soft edges.
void fill_rect(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 colour, float rounding);
void fill_circle(ImDrawList* dl, ImVec2 centre, float radius, ImU32 colour, int segments);

// A face for rating 1..5: circle, eyes, mouth from frown to smile.
void draw_face(ImDrawList* dl, ImVec2 centre, float radius, int rating, ImU32 fill, ImU32 ink);

// A vertically scrolling area: a finger drag scrolls it (and cancels the tap it started as),
// releasing keeps it coasting. Draw its content between begin and end at begin's origin.
ImVec2 begin_scroll(Ui& ui, const char* id, ImRect area);
void end_scroll(Ui& ui);

}  // namespace heard::ui
