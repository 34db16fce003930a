#include "ui/screens.hpp"

#include "ui/keyboard_view.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

namespace heard::ui {

namespace {

// A Ui with the customer's side: the flow's state and survey, and the sink for Intents,
// each stamped with the screen generation it was drawn on.
struct CustomerUi : Ui {
  const FlowState& s;
  const SurveyConfig& survey;
  std::vector<Intent>& intents;
  Logo logo;  // published with the survey; shown in the site bar

  void emit(IntentType type, std::string value = {}, int number = 0) const {
    intents.push_back({type, std::move(value), number, s.generation});
  }
};

std::string kind_key(const std::string& prefix, Kind kind) { return prefix + std::string(to_string(kind)); }

// --- pieces shared by the screens -------------------------------------------------------

// The language switch, right-aligned in `bar`: each language in its own words when they
// fit, two-letter codes on narrow screens. Shrinks `bar` to what is left.
void language_switch(CustomerUi& ui, ImRect& bar) {
  const auto& langs = ui.survey.languages;
  if (langs.size() < 2) return;
  float names = 0;
  for (const auto& code : langs) names += button_width(ui, ui.tr.text(code, "language.name"), ui.m.target) + ui.m.gap;
  const bool use_names = names <= bar.GetWidth() * 0.5f;
  for (auto it = langs.rbegin(); it != langs.rend(); ++it) {
    std::string label = use_names ? ui.tr.text(*it, "language.name") : *it;
    if (!use_names)
      std::transform(label.begin(), label.end(), label.begin(),
                     [](char c) { return static_cast<char>(std::toupper(c)); });
    const ImRect r = take_right(bar, use_names ? button_width(ui, label, ui.m.target) : ui.m.target, ui.m.gap);
    if (button(ui, "lang." + *it, label, r, Look::key, *it == ui.s.language, {}, ui.f.bold))
      ui.emit(IntentType::language, *it);
  }
  bar.Max.x -= ui.m.gap;
}

// Back, the screen's title and the language switch; returns the rest of the screen. With
// `field_slot` the title is left out: in landscape the slot is where it would have been (for
// a text field), in portrait it is empty.
ImRect top_bar(CustomerUi& ui, ImRect area, std::string_view title, ImRect* field_slot = nullptr) {
  ImRect bar = take_top(area, ui.m.target, ui.m.gap * 2);
  const std::string back = "← " + ui.t("nav.back");
  if (button(ui, "nav.back", back, take_left(bar, button_width(ui, back, ui.m.target * 1.6f), ui.m.gap * 3),
             Look::secondary))
    ui.emit(IntentType::back);
  language_switch(ui, bar);
  if (field_slot) {
    *field_slot = ui.m.portrait ? ImRect() : bar;
  } else if (!ui.m.portrait) {
    text_in_box(ui, title, bar, ui.f.title, ui.p.text, Align::left);
  } else {
    const float h = std::min(text_height(ui.f.title, title, area.GetWidth()), ui.m.title_px * 2.0f);
    text_in_box(ui, title, take_top(area, h, ui.m.gap * 2), ui.f.title, ui.p.text, Align::left);
  }
  return area;
}

// Progress dots, Done and (unless this is the last step) Next; returns the area above.
ImRect bottom_nav(CustomerUi& ui, ImRect area, const std::vector<Screen>& steps) {
  ImRect bar = take_bottom(area, ui.m.target, ui.m.gap * 2);
  const auto at = std::find(steps.begin(), steps.end(), ui.s.screen);
  const bool last = at == steps.end() || at + 1 == steps.end() || ui.s.back_to_review;
  if (!last) {
    const std::string next = ui.t("nav.next") + " →";
    if (button(ui, "nav.next", next, take_right(bar, button_width(ui, next, ui.m.target * 2.4f), ui.m.gap * 2),
               Look::primary))
      ui.emit(IntentType::next);
  }
  const std::string& done = ui.t("nav.done");
  if (button(ui, "nav.done", done, take_right(bar, button_width(ui, done, ui.m.target * 2.4f), ui.m.gap * 2),
             last ? Look::primary : Look::secondary))
    ui.emit(IntentType::done);
  // Where the customer is in the steps: filled dots behind, a ring for now.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float r = ui.m.gap * 1.6f;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const ImVec2 c(bar.Min.x + r + static_cast<float>(i) * r * 3.5f, bar.GetCenter().y);
    if (c.x + r > bar.Max.x) break;
    const auto index = static_cast<std::size_t>(at - steps.begin());
    if (i < index) fill_circle(dl, c, r, ui.p.primary, 16);
    else if (i == index) dl->AddCircle(c, r * 1.25f, ui.p.primary, 16, 3.0f * ui.m.unit);
    else dl->AddCircle(c, r, ui.p.outline, 16, 1.5f * ui.m.unit);
  }
  return area;
}

float paragraph(CustomerUi& ui, ImRect& area, std::string_view text, ImFont* font, ImU32 colour) {
  const float h = text_height(font, text, area.GetWidth());
  text_in_box(ui, text, take_top(area, h, ui.m.gap * 2), font, colour, Align::left, false);
  return h;
}

// Choices as a grid of chips that scrolls when it must.
template <typename Chosen>
void chip_grid(CustomerUi& ui, const char* id, ImRect area, const std::vector<Choice>& choices, int columns,
               Chosen chosen, IntentType type) {
  const float bar = ImGui::GetStyle().ScrollbarSize + ui.m.gap;
  const float w = (area.GetWidth() - bar - ui.m.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  float h = ui.m.target;
  for (const auto& c : choices)
    h = std::max(h, text_height(ui.f.bold, c.text(ui.s.language), w - h * 0.45f - ui.m.gap * 4) + ui.m.gap * 3);
  const ImVec2 origin = begin_scroll(ui, id, area);
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const float col = static_cast<float>(static_cast<int>(i) % columns),
                row = static_cast<float>(static_cast<int>(i) / columns);
    const ImVec2 min(origin.x + col * (w + ui.m.gap), origin.y + row * (h + ui.m.gap));
    const Choice& c = choices[i];
    if (button(ui, std::string(id) + "." + c.id, c.text(ui.s.language), ImRect(min, min + ImVec2(w, h)), Look::chip,
               chosen(c)))
      ui.emit(type, c.id);
  }
  end_scroll(ui);
}

int columns_for(float width, float min_width) { return std::clamp(static_cast<int>(width / min_width), 1, 3); }

// A text field: the end of what was typed (so the caret stays in view), or a placeholder;
// with a caption (the screen's title when the top bar has no room for it) small above.
// Text as a one-line box shows it: line breaks and other control characters as spaces, and
// text wider than the box cut to what fits, ending in "…". A contact field's row uses it, so
// a long name or a pasted address never spills out of its row (the editor shows the end).
std::string one_line(ImFont* font, std::string_view text, float width) {
  std::string line;
  for (char c : text) line += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  if (text_width(font, line) <= width) return line;
  const std::string ellipsis = "…";
  while (!line.empty() && text_width(font, line + ellipsis) > width) {
    while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0xc0) == 0x80) line.pop_back();
    if (!line.empty()) line.pop_back();  // the lead byte: a whole code point at a time
  }
  return line + ellipsis;
}

void text_field(CustomerUi& ui, ImRect box, const std::string& value, std::string_view placeholder, bool error,
                std::string_view caption = {}) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  fill_rect(dl, box.Min, box.Max, ui.p.surface, ui.m.rounding * 0.5f);
  dl->AddRect(box.Min, box.Max, error ? ui.p.error : ui.p.primary, ui.m.rounding * 0.5f, 0,
              (error ? 3.0f : 2.0f) * ui.m.unit);
  ImRect inner(box.Min + ImVec2(ui.m.gap * 3, ui.m.gap), box.Max - ImVec2(ui.m.gap * 3, ui.m.gap));
  if (!caption.empty())
    text_in_box(ui, caption, take_top(inner, ui.m.small_px, 0), ui.f.small, ui.p.muted, Align::left, false);
  ImVec2 end(inner.Min.x, inner.GetCenter().y - ui.m.body_px * 0.5f);
  if (value.empty()) {
    const ImRect box_for_text(inner.Min + ImVec2(ui.m.gap * 2, 0), inner.Max);
    // Under a caption there is room for one line: a placeholder's first sentence says most.
    if (const auto stop = placeholder.find(". "); !caption.empty() && stop != std::string_view::npos &&
                                                  text_width(ui.f.body, placeholder) > box_for_text.GetWidth())
      placeholder = placeholder.substr(0, stop + 1);
    // Still too wide (German's "Zum Beispiel +49 151 23456789" beside the top bar's title, at
    // 800x480): cut, rather than wrap onto the field's frame.
    const std::string hint =
        caption.empty() ? std::string(placeholder) : one_line(ui.f.body, placeholder, box_for_text.GetWidth());
    text_in_box(ui, hint, box_for_text, ui.f.body, ui.p.muted, Align::left);
  } else {
    // Drop whole words from the front until the rest fits.
    std::string_view tail = value;
    while (text_height(ui.f.body, tail, inner.GetWidth() - ui.m.gap * 2) > inner.GetHeight() + 0.5f ||
           (inner.GetHeight() < ui.m.body_px * 2 && text_width(ui.f.body, tail) > inner.GetWidth() - ui.m.gap * 2)) {
      const auto space = tail.find(' ', 1);
      tail.remove_prefix(space == std::string_view::npos || space + 1 >= tail.size()
                             ? std::min<std::size_t>(1, tail.size())
                             : space + 1);
      while (!tail.empty() && (static_cast<unsigned char>(tail.front()) & 0xc0) == 0x80) tail.remove_prefix(1);
    }
    const bool one_line = inner.GetHeight() < ui.m.body_px * 2;
    end = text_in_box(ui, tail, ImRect(inner.Min, inner.Max - ImVec2(ui.m.gap * 2, 0)), ui.f.body, ui.p.text,
                      Align::left, one_line);
  }
  const float x = end.x + ui.m.gap * 0.5f;
  dl->AddLine(ImVec2(x, end.y), ImVec2(x, end.y + ui.m.body_px), ui.p.primary, 2.0f * ui.m.unit);
}

struct Extra {
  std::string id;
  std::string label;
  IntentType type;
  Look look;
  int number = 0;
};

std::vector<KeyboardExtra> keyboard_extras(const std::vector<Extra>& extras) {
  std::vector<KeyboardExtra> out;
  for (const auto& e : extras) out.push_back({e.id, e.label, e.look});
  return out;
}

// The shared keyboard (keyboard_view.hpp), its presses turned into the flow's intents.
void keyboard(CustomerUi& ui, ImRect area, KeyboardMode mode, const std::vector<Extra>& extras) {
  const auto pressed = draw_keyboard(ui, area, mode, ui.s.keyboard, keyboard_extras(extras));
  if (!pressed) return;
  if (pressed->extra) {
    const Extra& e = extras[*pressed->extra];
    ui.emit(e.type, {}, e.number);
    return;
  }
  ui.emit(action_of(keyboard_intents, pressed->key), pressed->text);  // text: empty but for a text key
}

// What a typing screen shows above its keyboard. The most complete choice wins unless a
// piece (the title, a two-line field, the quick phrases) costs the keyboard its familiar
// rows or a page of keys: then it goes, the title first (in landscape the field then takes
// its place in the top bar, the title as its caption).
struct AboveKeyboard {
  bool title = true;
  bool tall_field = false;
  bool phrases = false;
};

AboveKeyboard choose_above_keyboard(const CustomerUi& ui, ImRect area, std::string_view title, KeyboardMode mode,
                                    const std::vector<Extra>& extras, bool phrases, bool tall_field, float hint_h) {
  const float t = ui.m.target, g = ui.m.gap;
  area.Min.y += t + g * 2;  // the top bar
  const float title_h = std::min(text_height(ui.f.title, title, area.GetWidth()), ui.m.title_px * 2.0f) + g * 2;
  std::vector<AboveKeyboard> candidates;
  for (bool p : {true, false})
    for (AboveKeyboard a :
         {AboveKeyboard{true, true, p}, AboveKeyboard{true, false, p}, AboveKeyboard{false, false, p}})
      if ((!a.phrases || phrases) && (!a.tall_field || tall_field)) candidates.push_back(a);
  AboveKeyboard best = candidates.front();
  int best_cost = INT_MAX;
  for (const auto& a : candidates) {
    float used = hint_h + (a.phrases ? t + g * 2 : 0);
    if (ui.m.portrait) used += (a.title ? title_h : 0) + (a.tall_field ? t * 2 : t) + g;
    else if (a.title) used += t + g;  // else the field is in the top bar
    const int cost = keyboard_cost(
        fit_keyboard(ui, ImVec2(area.GetWidth(), area.GetHeight() - used), mode, {}, keyboard_extras(extras)));
    if (cost < best_cost) best = a, best_cost = cost;
  }
  return best;
}

// --- the screens -----------------------------------------------------------------------

void face_button(CustomerUi& ui, int rating, ImRect cell, ImVec2 centre, float radius, ImRect word) {
  ImGui::SetCursorScreenPos(cell.Min);
  ImGui::PushID(rating);
  const bool clicked = ImGui::InvisibleButton("##face", cell.GetSize());
  const bool held = ImGui::IsItemActive();
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool chosen = ui.s.response_open() && ui.s.draft.rating == rating;
  if (held || chosen) fill_rect(dl, cell.Min, cell.Max, ui.p.surface, ui.m.rounding);
  if (chosen) dl->AddRect(cell.Min, cell.Max, ui.p.primary, ui.m.rounding, 0, 3.0f * ui.m.unit);
  draw_face(dl, centre, held ? radius * 0.94f : radius, rating, ui.p.faces[rating - 1], ui.p.face_ink);
  const std::string& label = ui.t("face." + std::to_string(rating));
  text_in_box(ui, label, word, ui.f.bold, ui.p.text, ui.m.portrait ? Align::left : Align::centre);
  record_tappable(ui, "face." + std::to_string(rating), label, cell);
  if (clicked) ui.emit(IntentType::rate, {}, rating);
}

// The logo at the start of the site bar, as high as the bar and in its own proportions (at
// most a third of the bar wide); the bar shrinks by what it takes.
void logo_in(CustomerUi& ui, ImRect& bar) {
  if (!ui.logo.texture || ui.logo.size.x < 1 || ui.logo.size.y < 1) return;
  const float h = bar.GetHeight();
  const float w = std::min(h * ui.logo.size.x / ui.logo.size.y, bar.GetWidth() / 3);
  const float drawn_h = w * ui.logo.size.y / ui.logo.size.x;  // a wide logo is shorter than the bar
  const ImRect box = take_left(bar, w, ui.m.gap * 2);
  const float top = box.Min.y + (h - drawn_h) * 0.5f;
  ImGui::GetWindowDrawList()->AddImage(ui.logo.texture, ImVec2(box.Min.x, top), ImVec2(box.Max.x, top + drawn_h));
}

// The top of the Welcome and Thank-you screens: the logo, the site's name and the language switch.
void site_bar(CustomerUi& ui, ImRect& area) {
  ImRect bar = take_top(area, ui.m.target, ui.m.gap * 2);
  language_switch(ui, bar);
  logo_in(ui, bar);
  text_in_box(ui, ui.survey.site_name_in(ui.s.language), bar, ui.f.bold, ui.p.muted, Align::left);
}

void welcome(CustomerUi& ui, ImRect area) {
  const Metrics& m = ui.m;
  site_bar(ui, area);

  ImRect toggles = take_bottom(area, m.target, m.gap * 2);
  const std::string& larger = ui.t("welcome.larger_text");
  const std::string& contrast = ui.t("welcome.high_contrast");
  const float w1 = button_width(ui, larger, m.target * 2) + m.target * 0.5f;
  const float w2 = button_width(ui, contrast, m.target * 2) + m.target * 0.5f;
  const float both = std::min(w1 + w2 + m.gap * 3, toggles.GetWidth());
  ImRect row(toggles.GetCenter().x - both * 0.5f, toggles.Min.y, toggles.GetCenter().x + both * 0.5f, toggles.Max.y);
  const float share = (both - m.gap * 3) / (w1 + w2);
  if (button(ui, "welcome.larger_text", larger, take_left(row, w1 * share, m.gap * 3), Look::chip, ui.s.large_text))
    ui.emit(IntentType::toggle_large_text);
  if (button(ui, "welcome.high_contrast", contrast, row, Look::chip, ui.s.high_contrast))
    ui.emit(IntentType::toggle_high_contrast);

  const std::string& title = ui.t("welcome.title");
  const float th = std::min(text_height(ui.f.title, title, area.GetWidth()), m.title_px * 2.2f);
  text_in_box(ui, title, take_top(area, th + m.gap * 2, m.gap * 2), ui.f.title, ui.p.text);

  if (!m.portrait) {
    const float col_w = (area.GetWidth() - m.gap * 4) / 5;
    const float word_h = m.body_px * 2.4f;
    const float radius = std::min(col_w * 0.40f, (area.GetHeight() - word_h - m.gap * 4) * 0.5f);
    const float group = radius * 2 + m.gap * 2 + word_h;
    const float top = area.Min.y + (area.GetHeight() - group) * 0.5f;
    for (int i = 0; i < 5; ++i) {
      const float x = area.Min.x + static_cast<float>(i) * (col_w + m.gap);
      const ImRect cell(x, top - m.gap, x + col_w, top + group + m.gap);
      const ImRect word(x + m.gap, top + radius * 2 + m.gap * 2, x + col_w - m.gap, top + group);
      face_button(ui, i + 1, cell, ImVec2(x + col_w * 0.5f, top + radius), radius, word);
    }
  } else {
    const float row_h = (area.GetHeight() - m.gap * 4) / 5;
    const float radius = std::min(row_h * 0.42f, area.GetWidth() * 0.16f);
    for (int i = 0; i < 5; ++i) {
      const float y = area.Min.y + static_cast<float>(i) * (row_h + m.gap);
      const ImRect cell(area.Min.x, y, area.Max.x, y + row_h);
      const float cx = area.Min.x + area.GetWidth() * 0.28f;
      const ImRect word(cx + radius + m.gap * 4, y, area.Max.x - m.gap, y + row_h);
      face_button(ui, i + 1, cell, ImVec2(cx, y + row_h * 0.5f), radius, word);
    }
  }
}

void chips(CustomerUi& ui, ImRect area, const std::vector<Screen>& steps) {
  const Kind kind = ui.s.draft.kind;
  area = top_bar(ui, area, ui.t(kind_key("chips.title.", kind)));
  area = bottom_nav(ui, area, steps);
  paragraph(ui, area, ui.t(kind == Kind::complaint ? "chips.sorry" : "chips.hint"), ui.f.body, ui.p.text);
  const auto& categories = ui.s.draft.categories;
  chip_grid(
      ui, "chip", area, ui.survey.chips_for(kind), columns_for(area.GetWidth(), ui.m.target * 4.2f),
      [&](const Choice& c) { return std::find(categories.begin(), categories.end(), c.id) != categories.end(); },
      IntentType::toggle_chip);
}

void resolution(CustomerUi& ui, ImRect area, const std::vector<Screen>& steps) {
  area = top_bar(ui, area, ui.t("resolution.title"));
  area = bottom_nav(ui, area, steps);
  paragraph(ui, area, ui.t("resolution.hint"), ui.f.body, ui.p.text);
  std::vector<Choice> choices(ui.survey.resolutions.begin(), ui.survey.resolutions.end());
  chip_grid(
      ui, "resolution", area, choices, columns_for(area.GetWidth(), ui.m.target * 6.0f),
      [&](const Choice& c) { return ui.s.draft.desired_resolution == c.id; }, IntentType::choose_resolution);
}

void staff(CustomerUi& ui, ImRect area, const std::vector<Screen>& steps) {
  area = top_bar(ui, area, ui.t(kind_key("staff.title.", ui.s.draft.kind)));
  area = bottom_nav(ui, area, steps);
  paragraph(ui, area, ui.t("staff.hint"), ui.f.body, ui.p.text);
  chip_grid(
      ui, "staff", area, ui.survey.staff, columns_for(area.GetWidth(), ui.m.target * 4.8f),
      [&](const Choice& c) { return ui.s.draft.staff == c.id; }, IntentType::choose_staff);
}

void comment(CustomerUi& ui, ImRect area, const std::vector<Screen>& steps) {
  const Kind kind = ui.s.draft.kind;
  const auto at = std::find(steps.begin(), steps.end(), ui.s.screen);
  const bool last = at == steps.end() || at + 1 == steps.end() || ui.s.back_to_review;
  std::vector<Extra> extras{{"nav.done", ui.t("nav.done"), IntentType::done, last ? Look::primary : Look::secondary}};
  if (!last) extras.push_back({"nav.next", ui.t("nav.next") + " →", IntentType::next, Look::primary});

  const std::string& title = ui.t("comment.title");
  const AboveKeyboard above =
      choose_above_keyboard(ui, area, title, KeyboardMode::text, extras, true, ui.m.portrait, 0);
  ImRect slot;
  area = top_bar(ui, area, title, above.title ? nullptr : &slot);
  const ImRect field =
      slot.GetWidth() > 0 ? slot : take_top(area, above.tall_field ? ui.m.target * 2 : ui.m.target, ui.m.gap);
  text_field(ui, field, ui.s.draft.comment, ui.t("comment.placeholder"), false, above.title ? "" : title);

  if (above.phrases) {  // as many as fit on one row
    ImRect row = take_top(area, ui.m.target, ui.m.gap * 2);
    for (int i = 1; i <= 3; ++i) {
      const std::string& phrase = ui.t(kind_key("phrase.", kind) + "." + std::to_string(i));
      const float w = std::max(text_width(ui.f.body, phrase) + ui.m.gap * 6, ui.m.target);
      if (w > row.GetWidth()) break;
      if (button(ui, "phrase." + std::to_string(i), phrase, take_left(row, w, ui.m.gap * 2), Look::chip, false, {},
                 ui.f.body)) {
        const std::string& c = ui.s.draft.comment;
        ui.emit(IntentType::type_text, (c.empty() || c.back() == ' ' ? "" : " ") + phrase);
      }
    }
  }
  keyboard(ui, area, KeyboardMode::text, extras);
}

std::string contact_key(ContactField f) {
  switch (f) {
    case ContactField::name:
      return "contact.name";
    case ContactField::phone:
      return "contact.phone";
    case ContactField::email:
      return "contact.email";
    case ContactField::none:
      break;
  }
  return "contact.title";
}

const std::string& contact_value(const FlowState& s, ContactField f) {
  static const std::string none;
  switch (f) {
    case ContactField::name:
      return s.draft.contact.name;
    case ContactField::phone:
      return s.draft.contact.phone;
    case ContactField::email:
      return s.draft.contact.email;
    case ContactField::none:
      break;
  }
  return none;
}

const FieldError* error_for(const FlowState& s, std::string_view field) {
  for (const auto& e : s.errors)
    if (e.field == field) return &e;
  return nullptr;
}

void contact_editor(CustomerUi& ui, ImRect area, KeyboardMode mode) {
  const ContactField f = ui.s.editing;
  const std::string key = contact_key(f);
  const std::vector<Extra> extras{
      {"nav.ok", ui.t("nav.ok") + " ✓", IntentType::edit_field, Look::primary, static_cast<int>(ContactField::none)}};
  const FieldError* error = error_for(ui.s, "contact." + key.substr(key.find('.') + 1));
  const std::string hint = error ? friendly_error(ui.tr, ui.s.language, *error) : ui.t(key + ".hint");
  ImFont* const hint_font = error ? ui.f.bold : ui.f.small;
  // An error may need two lines (German at 800x480); the keyboard is fitted to what is left.
  const float hint_h =
      std::clamp(text_height(hint_font, hint, area.GetWidth()), ui.m.small_px * 1.5f, ui.m.body_px * 2.5f);
  const AboveKeyboard above = choose_above_keyboard(ui, area, ui.t(key), mode, extras, false, false, hint_h + ui.m.gap);
  ImRect slot;
  area = top_bar(ui, area, ui.t(key), above.title ? nullptr : &slot);
  const ImRect field = slot.GetWidth() > 0 ? slot : take_top(area, ui.m.target, ui.m.gap);
  text_field(ui, field, contact_value(ui.s, f), ui.t(key + ".hint"), error, above.title ? "" : ui.t(key));
  text_in_box(ui, hint, take_top(area, hint_h, ui.m.gap), hint_font, error ? ui.p.error : ui.p.muted, Align::left);
  keyboard(ui, area, mode, extras);
}

// One of name, phone and e-mail: its label, and a box showing the value that opens the keyboard.
void contact_field_row(CustomerUi& ui, ImRect& col, ContactField f, float label_w, float row_gap) {
  const Metrics& m = ui.m;
  const std::string key = contact_key(f);
  ImRect row = take_top(col, m.target, row_gap);
  const std::string& label = ui.t(key);
  ImGui::SetCursorScreenPos(row.Min);
  ImGui::PushID(key.c_str());
  const bool tapped = ImGui::InvisibleButton("##field", row.GetSize());
  ImGui::PopID();
  text_in_box(ui, label, take_left(row, label_w, m.gap * 2), ui.f.bold, ui.p.text, Align::left);
  const bool bad = error_for(ui.s, "contact." + key.substr(key.find('.') + 1)) != nullptr;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  fill_rect(dl, row.Min, row.Max, ui.p.surface, m.rounding * 0.5f);
  dl->AddRect(row.Min, row.Max, bad ? ui.p.error : ui.p.outline, m.rounding * 0.5f, 0, (bad ? 3.0f : 1.5f) * m.unit);
  const std::string& value = contact_value(ui.s, f);
  const ImRect value_box(row.Min + ImVec2(m.gap * 3, 0), row.Max - ImVec2(m.gap * 3, 0));
  text_in_box(ui, value.empty() ? ui.t("contact.tap_to_type") : one_line(ui.f.body, value, value_box.GetWidth()),
              value_box, ui.f.body, value.empty() ? ui.p.muted : ui.p.text, Align::left);
  record_tappable(ui, "field." + key.substr(key.find('.') + 1), label,
                  ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()));
  if (tapped) ui.emit(IntentType::edit_field, {}, static_cast<int>(f));
}

void contact_channels(CustomerUi& ui, ImRect& col, float label_w, float row_gap) {
  const Metrics& m = ui.m;
  // On a narrow screen the three channels need the whole width, so their label goes above.
  const ImRect channel_label = m.portrait ? take_top(col, m.body_px * 1.4f, m.gap) : ImRect();
  ImRect channels = take_top(col, m.target, row_gap);
  text_in_box(ui, ui.t("contact.channel"), m.portrait ? channel_label : take_left(channels, label_w, m.gap * 2),
              ui.f.bold, ui.p.text, Align::left);
  const char* ids[] = {"phone", "sms", "email"};
  const float cw = (channels.GetWidth() - m.gap * 4) / 3;
  for (const char* id : ids) {
    if (button(ui, std::string("channel.") + id, ui.t(std::string("channel.") + id), take_left(channels, cw, m.gap * 2),
               Look::chip, ui.s.draft.contact.channel == id))
      ui.emit(IntentType::choose_channel, id);
  }
}

// Consent: a real checkbox (a box and a tick, not just colour) with the text it agrees to.
void contact_consent(CustomerUi& ui, ImRect& col, float width) {
  const Metrics& m = ui.m;
  const std::string& agree = ui.t("contact.consent");
  const float agree_h = std::max(m.target, text_height(ui.f.bold, agree, width - m.target - m.gap * 3));
  ImRect consent = take_top(col, agree_h, m.gap);
  // Asked to tick the box, the customer must see it: on a short screen the error line pushes
  // it below the fold, so it scrolls into view when the error appears (and only then, so
  // the list still scrolls freely while it stays).
  bool* asked_before = ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("#consent_asked"), false);
  const bool asked = error_for(ui.s, "consent") != nullptr;
  if (asked && !*asked_before && consent.Max.y > ImGui::GetWindowPos().y + ImGui::GetWindowHeight())
    ImGui::SetScrollFromPosY(consent.Max.y + m.gap - ImGui::GetWindowPos().y, 1.0f);
  *asked_before = asked;
  ImGui::SetCursorScreenPos(consent.Min);
  const bool toggled = ImGui::InvisibleButton("##consent", consent.GetSize());
  const ImRect box = take_left(consent, m.target, m.gap * 3);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool given = ui.s.draft.consent.given;
  fill_rect(dl, box.Min, box.Max, given ? ui.p.primary : ui.p.surface, m.rounding * 0.4f);
  dl->AddRect(box.Min, box.Max, given ? ui.p.primary : ui.p.text, m.rounding * 0.4f, 0, 2.0f * m.unit);
  if (given) {
    const ImVec2 c = box.GetCenter();
    const float k = box.GetHeight() * 0.22f;
    const ImVec2 tick[3] = {ImVec2(c.x - k, c.y), ImVec2(c.x - k * 0.3f, c.y + k * 0.75f),
                            ImVec2(c.x + k * 1.1f, c.y - k * 0.8f)};
    dl->AddPolyline(tick, 3, ui.p.on_primary, 0, 3.0f * m.unit);
  }
  text_in_box(ui, agree, consent, ui.f.bold, ui.p.text, Align::left);
  record_tappable(ui, "consent", agree, ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()));
  if (toggled) ui.emit(IntentType::toggle_consent);
}

void contact(CustomerUi& ui, ImRect area, const std::vector<Screen>& steps) {
  area = top_bar(ui, area, ui.t("contact.title"));
  area = bottom_nav(ui, area, steps);
  const Metrics& m = ui.m;
  const float width = area.GetWidth() - ImGui::GetStyle().ScrollbarSize - m.gap;
  const ImVec2 origin = begin_scroll(ui, "contact", area);
  ImRect col(origin, origin + ImVec2(width, 100000.0f));

  const Resolution* res = ui.survey.find_resolution(ui.s.draft.desired_resolution);
  const std::string& intro = ui.t(res && res->needs_contact ? "contact.needed" : "contact.intro");
  paragraph(ui, col, intro, ui.f.body, ui.p.text);
  for (const auto& e : ui.s.errors)
    if (const std::string text = friendly_error(ui.tr, ui.s.language, e); text != intro)
      paragraph(ui, col, text, ui.f.bold, ui.p.error);

  const float label_w = m.portrait ? width * 0.32f : width * 0.26f;
  // On short screens (800x480) tighter rows keep the consent box in view without scrolling.
  const float row_gap = m.height < 600.0f ? m.gap * 0.5f : m.gap * 2;
  for (ContactField f : {ContactField::name, ContactField::phone, ContactField::email})
    contact_field_row(ui, col, f, label_w, row_gap);
  contact_channels(ui, col, label_w, row_gap);
  contact_consent(ui, col, width);
  paragraph(ui, col, ui.t("consent.text"), ui.f.small, ui.p.muted);
  end_scroll(ui);
}

std::string join_labels(const std::vector<Choice>& choices, const std::vector<std::string>& ids,
                        std::string_view lang) {
  std::string out;
  for (const auto& c : choices)
    if (std::find(ids.begin(), ids.end(), c.id) != ids.end()) out += (out.empty() ? "" : ", ") + c.text(lang);
  return out;
}

std::string label_of(const std::vector<Choice>& choices, const std::string& id, std::string_view lang) {
  for (const auto& c : choices)
    if (c.id == id) return c.text(lang);
  return {};
}

std::string contact_summary(const CustomerUi& ui) {
  const Contact& c = ui.s.draft.contact;
  std::string out;
  for (const std::string* part : {&c.name, &c.phone, &c.email})
    if (!part->empty()) out += (out.empty() ? "" : " · ") + *part;
  if (!c.channel.empty()) out += " · " + ui.t("channel." + c.channel);
  return out;
}

void review(CustomerUi& ui, ImRect area) {
  area = top_bar(ui, area, ui.t("review.title"));
  const Metrics& m = ui.m;
  ImRect bar = take_bottom(area, m.target, m.gap * 2);
  const std::string& send = ui.t("nav.send");
  if (button(ui, "nav.send", send, take_right(bar, button_width(ui, send, m.target * 3), 0), Look::primary))
    ui.emit(IntentType::send);

  const float width = area.GetWidth() - ImGui::GetStyle().ScrollbarSize - m.gap;
  const ImVec2 origin = begin_scroll(ui, "review", area);
  ImRect col(origin, origin + ImVec2(width, 100000.0f));
  paragraph(ui, col, ui.t("review.intro"), ui.f.body, ui.p.text);

  const Response& d = ui.s.draft;
  const std::string& lang = ui.s.language;
  struct Row {
    const char* key;
    std::string value;
    Screen step;
  };
  std::vector<Row> rows{{"review.categories", join_labels(ui.survey.categories, d.categories, lang), Screen::chips},
                        {"review.comment", d.comment.empty() ? "" : "“" + d.comment + "”", Screen::comment},
                        {"review.resolution", "", Screen::resolution}};
  if (const Resolution* r = ui.survey.find_resolution(d.desired_resolution)) rows.back().value = r->text(lang);
  if (!ui.survey.staff.empty())
    rows.push_back({"review.staff", label_of(ui.survey.staff, d.staff, lang), Screen::staff});
  rows.push_back({"review.contact", contact_summary(ui), Screen::contact});

  const std::string& change = ui.t("review.change");
  const float change_w = button_width(ui, change, m.target * 2);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const Row& row : rows) {
    const std::string value = row.value.empty() ? ui.t("review.none") : row.value;
    const float text_w = width - change_w - m.gap * 3;
    const float h = std::max(m.target, m.small_px * 1.2f + text_height(ui.f.body, value, text_w)) + m.gap;
    ImRect r = take_top(col, h, m.gap * 2);
    dl->AddLine(ImVec2(r.Min.x, r.Max.y + m.gap), ImVec2(r.Max.x, r.Max.y + m.gap), ui.p.outline, 1.0f);
    const ImRect edit = take_right(r, change_w, m.gap * 3);
    if (button(
            ui, std::string("edit.") + screen_name(row.step), change,
            ImRect(edit.Min.x, edit.GetCenter().y - m.target * 0.5f, edit.Max.x, edit.GetCenter().y + m.target * 0.5f),
            Look::secondary))
      ui.emit(IntentType::edit_step, {}, static_cast<int>(row.step));
    text_in_box(ui, ui.t(row.key), take_top(r, m.small_px * 1.2f, 0), ui.f.small, ui.p.muted, Align::left, false);
    text_in_box(ui, value, r, ui.f.body, row.value.empty() ? ui.p.muted : ui.p.text, Align::left, false);
  }
  end_scroll(ui);
}

std::string thank_you_message(const CustomerUi& ui) {
  const Response& r = ui.s.saved;
  const std::string& lang = ui.s.language;
  if (r.kind == Kind::compliment) {
    std::string out = ui.t("thanks.compliment");
    if (!r.staff.empty())
      out += " " + ui.tr.format(lang, "thanks.shout_out", {{"staff", label_of(ui.survey.staff, r.staff, lang)}});
    return out;
  }
  if (r.kind == Kind::suggestion) return ui.t("thanks.suggestion");
  const Resolution* res = ui.survey.find_resolution(r.desired_resolution);
  if (res && res->urgent) return ui.t("thanks.manager_now");
  if (!r.contact.phone.empty() || !r.contact.email.empty())
    return ui.tr.format(lang, "thanks.contact", {{"hours", std::to_string(ui.survey.sla_hours)}});
  return ui.t("thanks.complaint");
}

// A box of text sized to fit it, ending at the area's bottom at the latest: text too long
// for the screen then shrinks, or is recorded as an overflow, never drawn off the screen.
ImRect text_box_within(const ImRect& area, float x, float y, float w, float h) {
  const float top = std::min(y, area.Max.y);
  return ImRect(x, top, x + w, std::clamp(y + h, top, area.Max.y));
}

void thank_you(CustomerUi& ui, ImRect area) {
  const Metrics& m = ui.m;
  site_bar(ui, area);
  ImRect bottom = take_bottom(area, m.target, m.gap * 2);
  const std::string& finish = ui.t("thanks.done");
  const float w = button_width(ui, finish, m.target * 3);
  if (button(ui, "thanks.done", finish,
             ImRect(bottom.GetCenter().x - w * 0.5f, bottom.Min.y, bottom.GetCenter().x + w * 0.5f, bottom.Max.y),
             Look::primary))
    ui.emit(IntentType::finish);

  const std::string& title = ui.t("thanks.title");
  const std::string message = thank_you_message(ui);
  const float inner_w = std::min(area.GetWidth(), m.body_px * 30);
  const float th = text_height(ui.f.title, title, inner_w), mh = text_height(ui.f.body, message, inner_w);
  const float total = th + m.gap * 4 + mh;
  const float x = area.GetCenter().x - inner_w * 0.5f;
  const float y = area.Min.y + std::max(0.0f, (area.GetHeight() - total) * 0.5f);
  // A calm check mark above the words.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float r = std::min(m.target * 0.6f, (y - area.Min.y) * 0.45f);
  if (r > m.gap * 3) {
    const ImVec2 c(area.GetCenter().x, y - r - m.gap * 2);
    fill_circle(dl, c, r, ui.p.faces[4], 32);
    const ImVec2 tick[3] = {ImVec2(c.x - r * 0.4f, c.y), ImVec2(c.x - r * 0.1f, c.y + r * 0.3f),
                            ImVec2(c.x + r * 0.45f, c.y - r * 0.35f)};
    dl->AddPolyline(tick, 3, ui.p.on_face, 0, std::max(2.0f, r * 0.14f));
  }
  text_in_box(ui, title, text_box_within(area, x, y, inner_w, th), ui.f.title, ui.p.text);
  text_in_box(ui, message, text_box_within(area, x, y + th + m.gap * 4, inner_w, mh), ui.f.body, ui.p.text);
}

// The storage refuses writes: no faces to tap, just a calm notice until it is back. A pause
// sign says "not now" without colour alone; nothing here looks like an alarm.
void unavailable(CustomerUi& ui, ImRect area) {
  const Metrics& m = ui.m;
  site_bar(ui, area);
  const std::string& title = ui.t("unavailable.title");
  const std::string& text = ui.t("unavailable.text");
  const float inner_w = std::min(area.GetWidth(), m.body_px * 30);
  const float r = m.target * 0.6f;
  const float th = text_height(ui.f.title, title, inner_w), bh = text_height(ui.f.body, text, inner_w);
  const float total = r * 2 + m.gap * 4 + th + m.gap * 4 + bh;
  const float x = area.GetCenter().x - inner_w * 0.5f;
  float y = area.Min.y + std::max(0.0f, (area.GetHeight() - total) * 0.5f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c(area.GetCenter().x, y + r);
  dl->AddCircle(c, r, ui.p.muted, 48, std::max(2.0f, r * 0.1f));
  const float bar_w = r * 0.22f, bar_h = r * 0.9f;
  for (const float dx : {-r * 0.25f, r * 0.25f})
    fill_rect(dl, ImVec2(c.x + dx - bar_w * 0.5f, c.y - bar_h * 0.5f),
              ImVec2(c.x + dx + bar_w * 0.5f, c.y + bar_h * 0.5f), ui.p.muted, bar_w * 0.3f);
  y += r * 2 + m.gap * 4;
  text_in_box(ui, title, text_box_within(area, x, y, inner_w, th), ui.f.title, ui.p.text);
  y += th + m.gap * 4;
  text_in_box(ui, text, text_box_within(area, x, y, inner_w, bh), ui.f.body, ui.p.text);
}

// A modal card over the screen: "Still there?" or a failed save.
void overlay(CustomerUi& ui) {
  const Metrics& m = ui.m;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w = std::min(m.width - m.pad * 2, m.body_px * 26);
  const bool idle = ui.s.still_there;
  const std::string title = ui.t(idle ? "idle.title" : "error.title");
  // "1 second" has its own text in every language rather than a plural rule engine.
  const std::string text =
      !idle ? ui.t("error.text")
      : ui.s.still_there_left == 1
          ? ui.t("idle.countdown_one")
          : ui.tr.format(ui.s.language, "idle.countdown", {{"seconds", std::to_string(ui.s.still_there_left)}});
  const std::string action = ui.t(idle ? "idle.still_here" : "error.retry");
  const float inner = w - m.pad * 4;
  const float th = text_height(ui.f.title, title, inner), bh = text_height(ui.f.body, text, inner);
  const float h = m.pad * 2 + th + m.gap * 3 + bh + m.gap * 6 + m.target + m.pad * 2;
  ImRect card(ImVec2((m.width - w) * 0.5f, (m.height - h) * 0.5f), ImVec2((m.width + w) * 0.5f, (m.height + h) * 0.5f));
  fill_rect(dl, card.Min, card.Max, ui.p.background, m.rounding);
  dl->AddRect(card.Min, card.Max, ui.p.outline, m.rounding, 0, 2.0f * m.unit);
  ImRect area(card.Min + ImVec2(m.pad * 2, m.pad * 2), card.Max - ImVec2(m.pad * 2, m.pad * 2));
  text_in_box(ui, title, take_top(area, th, m.gap * 3), ui.f.title, ui.p.text);
  text_in_box(ui, text, take_top(area, bh, m.gap * 6), ui.f.body, ui.p.text);
  const float bw = button_width(ui, action, m.target * 3);
  ImRect b = take_top(area, m.target, 0);
  if (button(ui, idle ? "idle.still_here" : "error.retry", action,
             ImRect(b.GetCenter().x - bw * 0.5f, b.Min.y, b.GetCenter().x + bw * 0.5f, b.Max.y), Look::primary))
    ui.emit(idle ? IntentType::still_here : IntentType::dismiss_error);
}

constexpr ImGuiWindowFlags full_screen = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                         ImGuiWindowFlags_NoScrollWithMouse;

// The customer's current screen, in the full-screen window.
void draw_screen(CustomerUi& ui, const Flow& flow, ImRect area) {
  const auto steps = flow.steps(flow.state().draft.kind);
  switch (flow.state().screen) {
    case Screen::welcome:
      welcome(ui, area);
      break;
    case Screen::chips:
      chips(ui, area, steps);
      break;
    case Screen::comment:
      comment(ui, area, steps);
      break;
    case Screen::resolution:
      resolution(ui, area, steps);
      break;
    case Screen::staff:
      staff(ui, area, steps);
      break;
    case Screen::contact:
      if (auto mode = flow.keyboard_mode()) contact_editor(ui, area, *mode);
      else contact(ui, area, steps);
      break;
    case Screen::review:
      review(ui, area);
      break;
    case Screen::thank_you:
      thank_you(ui, area);
      break;
    case Screen::unavailable:
      unavailable(ui, area);
      break;
  }
}

// "Still there?" or "could not save", over the screen: only the card can be touched now.
void draw_card(const View& view, const Flow& flow, FrameRecord& record, std::vector<Intent>& intents) {
  const FlowState& s = flow.state();
  const Metrics& m = view.metrics;
  record.tappables.clear();  // only the card can be touched now
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
  ImGui::SetNextWindowFocus();
  ImGui::Begin("overlay", nullptr,
               (full_screen & ~ImGuiWindowFlags_NoBringToFrontOnFocus) | ImGuiWindowFlags_NoBackground);
  CustomerUi card_ui{
      {view.metrics, view.palette, view.fonts, view.translations, s.language, record}, s, flow.survey(), intents, {}};
  overlay(card_ui);
  ImGui::End();
}

}  // namespace

std::string friendly_error(const Translations& tr, std::string_view language, const FieldError& e) {
  std::string key = "error." + e.code;
  if (e.code == "required" || e.code == "too_long") key += "." + e.field.substr(e.field.find('.') + 1);
  if (e.code == "control_character" || key == "error.required.text_version" || key.starts_with("error.unknown"))
    key = "error.generic";
  return tr.text(language, key);
}

std::vector<Intent> draw_kiosk(const View& view, const Flow& flow, FrameRecord& record) {
  record.clear();
  std::vector<Intent> intents;
  const FlowState& s = flow.state();
  const bool card = s.still_there || s.save_failed;
  // Under a card the screen is drawn in its colours behind the scrim (no scrim pass).
  const Palette screen_palette = card ? behind_scrim(view.palette) : view.palette;
  CustomerUi ui{{view.metrics, screen_palette, view.fonts, view.translations, s.language, record},
                s,
                flow.survey(),
                intents,
                view.logo};
  const Metrics& m = view.metrics;
  record.background = screen_palette.background;

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, std::round(8.0f * m.unit));
  ImGui::PushStyleColor(ImGuiCol_ScrollbarBg, screen_palette.background);
  ImGui::PushStyleColor(ImGuiCol_ScrollbarGrab, screen_palette.outline);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
  // No window background: the renderer clears to the background colour, which is far
  // cheaper for the software renderer than filling the screen with triangles again.
  ImGui::Begin("kiosk", nullptr, full_screen | ImGuiWindowFlags_NoBackground);
  const ImRect area(m.pad, m.pad, m.width - m.pad, m.height - m.pad);
  draw_screen(ui, flow, area);
  ImGui::End();

  if (card) draw_card(view, flow, record, intents);
  ImGui::PopStyleColor(2);
  ImGui::PopStyleVar(3);
  return intents;
}

}  // namespace heard::ui
