#include "ui/keyboard_view.hpp"

#include <algorithm>

namespace heard::ui {

KeyboardFit fit_keyboard(const Ui& ui, ImVec2 size, KeyboardMode mode, const KeyboardState& state,
                         const std::vector<KeyboardExtra>& extras) {
  const float t = ui.m.target, g = ui.m.gap;
  // The extras go beside the space bar only when the bottom row still has every key at
  // touch size and a space bar twice that wide.
  float bottom = t + t * 2 + g;                                                            // backspace, space
  if (mode != KeyboardMode::phone) bottom += t + button_width(ui, "?123", t) + t + g * 3;  // shift, ?123, page
  for (const auto& e : extras) bottom += button_width(ui, e.label, t * 1.5f) + g;
  KeyboardFit fit;
  fit.extras_row = !extras.empty() && bottom > size.x;
  const int columns = static_cast<int>((size.x + g) / (ui.m.key + g));  // letter keys: their own floor
  const int rows = static_cast<int>((size.y + g) / (t + g)) - 1 - (fit.extras_row ? 1 : 0);
  fit.plan = plan_keys(ui.language, mode, state.symbols, state.page, columns, rows);
  return fit;
}

int keyboard_cost(const KeyboardFit& fit) {
  return fit.plan.pages == 0 ? 1000 : fit.plan.pages * 2 + (fit.plan.familiar ? 0 : 1);
}

namespace {

// The letter (or digit) rows from the top of `area`; returns the y below the last row a page
// may have, so the bottom row never moves under a finger.
float draw_key_rows(Ui& ui, ImRect area, const KeyPlan& plan, bool upper, float key_w, float row_h,
                    std::optional<KeyEvent>& pressed) {
  const float g = ui.m.gap;
  float y = area.Min.y;
  for (std::size_t ri = 0; ri < plan.rows.size(); ++ri) {
    const auto& keys = plan.rows[ri].keys;
    // Familiar rows are centred as on any keyboard; grid rows start at the left edge so
    // the letters stand in columns.
    const auto n = static_cast<float>(plan.familiar ? keys.size() : plan.columns);
    float x = area.Min.x + (area.GetWidth() - n * key_w - (n - 1) * g) * 0.5f;
    for (std::size_t ki = 0; ki < keys.size(); ++ki) {
      const std::string label = upper ? to_upper(keys[ki]) : keys[ki];
      const std::string id = "key." + std::to_string(ri) + "." + std::to_string(ki);
      if (button(ui, id, label, ImRect(x, y, x + key_w, y + row_h), Look::key, false, label, ui.f.body))
        pressed = KeyEvent{KeyPress::text, label, std::nullopt};
      x += key_w + g;
    }
    y += row_h + g;
  }
  // Rows a shorter page leaves empty stay empty.
  return y + static_cast<float>(plan.row_count - plan.rows.size()) * (row_h + g);
}

// Shift, ?123, the next page, backspace and the space bar, in what `bottom` has left.
void draw_bottom_row(Ui& ui, ImRect bottom, KeyboardMode mode, const KeyboardState& state, const KeyPlan& plan,
                     float key_w, std::optional<KeyEvent>& pressed) {
  const float t = ui.m.target, g = ui.m.gap;
  const std::string layer = state.symbols ? "ABC" : "?123";
  const bool paged = plan.pages > 1 && mode != KeyboardMode::phone;
  // Shift, ?123 and backspace a little wider than a letter, unless the space bar needs the room.
  auto others = [&](float special) {
    return special * 2 + button_width(ui, layer, special) + (paged ? button_width(ui, plan.next_page, special) : 0) +
           g * 4;
  };
  float special = std::max(key_w * 1.3f, t);
  if (bottom.GetWidth() - others(special) < t * 2) special = t;
  if (mode != KeyboardMode::phone) {
    if (button(ui, "key.shift", "⇧", take_left(bottom, special, g), Look::key, state.shift, key_shift))
      pressed = KeyEvent{KeyPress::shift, {}, std::nullopt};
    if (button(ui, "key.symbols", layer, take_left(bottom, button_width(ui, layer, special), g), Look::key, false,
               key_symbols, ui.f.body))
      pressed = KeyEvent{KeyPress::symbols, {}, std::nullopt};
    if (paged && button(ui, "key.page", plan.next_page, take_left(bottom, button_width(ui, plan.next_page, special), g),
                        Look::key, false, key_page, ui.f.body))
      pressed = KeyEvent{KeyPress::page, {}, std::nullopt};
  }
  if (button(ui, "key.backspace", "⌫", take_right(bottom, special, g), Look::key, false, key_backspace))
    pressed = KeyEvent{KeyPress::backspace, {}, std::nullopt};
  if (mode != KeyboardMode::phone || bottom.GetWidth() >= t) {
    if (button(ui, "key.space", ui.t("key.space"), bottom, Look::key, false, " ", ui.f.small))
      pressed = KeyEvent{KeyPress::text, " ", std::nullopt};
  }
}

}  // namespace

std::optional<KeyEvent> draw_keyboard(Ui& ui, ImRect area, KeyboardMode mode, const KeyboardState& state,
                                      const std::vector<KeyboardExtra>& extras) {
  const float t = ui.m.target, g = ui.m.gap;
  const KeyboardFit fit = fit_keyboard(ui, area.GetSize(), mode, state, extras);
  const KeyPlan& plan = fit.plan;
  std::optional<KeyEvent> pressed;
  auto draw_extras = [&](ImRect& row) {
    for (std::size_t i = extras.size(); i-- > 0;)
      if (button(ui, extras[i].id, extras[i].label, take_right(row, button_width(ui, extras[i].label, t * 1.5f), g),
                 extras[i].look))
        pressed = KeyEvent{KeyPress::text, {}, i};
  };
  if (plan.pages == 0) {
    ImRect row = take_bottom(area, t, g);
    draw_extras(row);
    text_in_box(ui, ui.t("keyboard.too_small"), area, ui.f.body, ui.p.text);
    return pressed;
  }
  const auto row_count = static_cast<float>(plan.row_count + (fit.extras_row ? 2 : 1));
  const float row_h = std::min(t * 1.5f, (area.GetHeight() - g * (row_count - 1)) / row_count);
  const auto columns = static_cast<float>(plan.columns);
  const float key_w =
      std::min((area.GetWidth() - g * (columns - 1)) / columns, row_h * (mode == KeyboardMode::phone ? 2.5f : 1.6f));
  const bool upper = state.shift && mode != KeyboardMode::phone;
  const float y = draw_key_rows(ui, area, plan, upper, key_w, row_h, pressed);
  ImRect bottom(area.Min.x, y, area.Max.x, y + row_h);
  ImRect own_row(area.Min.x, y + row_h + g, area.Max.x, y + row_h * 2 + g);
  draw_extras(fit.extras_row ? own_row : bottom);
  draw_bottom_row(ui, bottom, mode, state, plan, key_w, pressed);
  return pressed;
}

}  // namespace heard::ui
