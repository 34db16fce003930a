#pragma once
// The on-screen keyboard as drawn, shared by the customer screens and the staff note: every
// key at least the touch target (15 mm at the configured DPI) in both directions, laid out
// by plan_keys for the Ui's language (its space bar's word too). It hands back what was
// pressed; each caller turns that into its own intents.
#include <optional>
#include <string>
#include <vector>

#include "ui/keyboard.hpp"
#include "ui/widgets.hpp"

namespace heard::ui {

// Buttons beside the space bar (Done, Next, OK), or in a row of their own under the keys.
struct KeyboardExtra {
  std::string id;
  std::string label;
  Look look;
};

// What was tapped: a key, or one of the extras.
struct KeyEvent {
  KeyPress key = KeyPress::text;
  std::string text;                  // KeyPress::text: what the key types (upper case under shift)
  std::optional<std::size_t> extra;  // set: that extra was tapped (and no key)
};

// How the keyboard fills a space: which keys, and where the extras go.
struct KeyboardFit {
  KeyPlan plan;
  bool extras_row = false;
};

KeyboardFit fit_keyboard(const Ui& ui, ImVec2 size, KeyboardMode mode, const KeyboardState& state,
                         const std::vector<KeyboardExtra>& extras);

// Lower is better: the familiar rows on one page, then the grid on one page, then fewer pages.
int keyboard_cost(const KeyboardFit& fit);

// Draws the keyboard at the top of `area` (close under the text it types into). When not
// even one row of keys fits it says so instead (keys too small to hit would only frustrate)
// and keeps the extras.
std::optional<KeyEvent> draw_keyboard(Ui& ui, ImRect area, KeyboardMode mode, const KeyboardState& state,
                                      const std::vector<KeyboardExtra>& extras);

}  // namespace heard::ui
