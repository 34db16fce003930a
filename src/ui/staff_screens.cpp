#include "ui/staff_screens.hpp"

#include <algorithm>
#include <cmath>

#include "core/sla.hpp"
#include "ui/keyboard_view.hpp"

namespace heard::ui {

namespace {

// Green, amber and red dark enough for body text on the light background; the words say
// the same, for anyone who cannot tell the colours apart.
ImU32 sla_colour(const Palette& p, SlaState s) {
  switch (s) {
    case SlaState::on_time: return IM_COL32(0x2e, 0x7d, 0x32, 255);
    case SlaState::due_soon: return IM_COL32(0xa8, 0x55, 0x00, 255);
    case SlaState::overdue: return p.error;
  }
  return p.text;
}

struct StaffUi {
  Ui& ui;
  const StaffState& s;
  const SurveyConfig& survey;
  Now now;  // wall for what is shown, steady for the lockout countdown
  std::vector<StaffIntent>& out;

  void emit(StaffAction a, std::string value = {}) { out.push_back({a, std::move(value)}); }
  float width_of(std::string_view label) const { return button_width(ui, label, ui.m.target * 2); }
  // The top bar of every inner staff screen: cut from `area`, with "← Back" already at its left.
  ImRect back_bar(ImRect& area) {
    ImRect bar = take_top(area, ui.m.target, ui.m.gap * 2);
    if (button(ui, "staff.back", "← Back", take_left(bar, width_of("← Back"), ui.m.gap * 3), Look::secondary))
      emit(StaffAction::back);
    return bar;
  }
  // A button at the right end of `bar`.
  bool right_button(ImRect& bar, std::string_view id, std::string_view label, Look look = Look::secondary) {
    return button(ui, id, label, take_right(bar, width_of(label), ui.m.gap * 2), look);
  }
  // A left-aligned paragraph at the top of `area`.
  void line(ImRect& area, std::string_view text, ImFont* font, ImU32 colour) {
    const float h = text_height(font, text, area.GetWidth());
    text_in_box(ui, text, take_top(area, h, ui.m.gap), font, colour, Align::left, false);
  }
  template <typename Choices>
  std::string label(const Choices& choices, const std::string& id) const {
    for (const auto& c : choices)
      if (c.id == id) return c.text("en");
    return id;
  }
};

std::string pin_message(const StaffState& s, Millis now) {
  if (s.no_pins)
    return "No staff PIN is set on this kiosk, so staff mode stays locked. Set one on the device with: "
           "heardctl set-pin --name \"Your name\"";
  if (s.locked_until > now)
    return "Too many wrong PINs. Staff mode is locked for " +
           std::to_string((s.locked_until - now + 999) / 1000) + " s; try again after that.";
  if (!s.message.empty()) return s.message;
  return "Enter your staff PIN.";
}

void pin_pad(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  ImRect bar = take_top(area, m.target, m.gap * 2);
  if (su.right_button(bar, "staff.cancel", "Cancel")) su.emit(StaffAction::cancel);
  text_in_box(ui, "Staff mode", bar, ui.f.title, ui.p.text, Align::left);

  const bool locked = su.s.locked_until > su.now.steady || su.s.no_pins;
  const std::string message = pin_message(su.s, su.now.steady);
  su.line(area, message, ui.f.body, su.s.message.empty() && !locked ? ui.p.text : ui.p.error);
  std::string dots;
  for (std::size_t i = 0; i < su.s.pin.size(); ++i) dots += i ? " •" : "•";
  text_in_box(ui, dots.empty() ? " " : dots, take_top(area, m.title_px * 1.4f, m.gap * 2), ui.f.title, ui.p.text);
  if (su.s.no_pins) return;

  const float key = std::min({m.target * 1.5f, (area.GetHeight() - m.gap * 3) / 4, (area.GetWidth() - m.gap * 2) / 3});
  const float key_w = std::min(key * 1.4f, (area.GetWidth() - m.gap * 2) / 3);  // room for "Clear"
  const float pad_w = key_w * 3 + m.gap * 2;
  const float x0 = area.GetCenter().x - pad_w * 0.5f;
  static const char* keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "OK"};
  for (int i = 0; i < 12; ++i) {
    const float x = x0 + static_cast<float>(i % 3) * (key_w + m.gap);
    const float y = area.Min.y + static_cast<float>(i / 3) * (key + m.gap);
    const std::string k = keys[i];
    const bool digit = k.size() == 1;
    const Look look = k == "OK" ? Look::primary : Look::key;
    if (button(ui, "pin." + k, k, ImRect(x, y, x + key_w, y + key), look, false, {}, digit ? ui.f.title : ui.f.bold) &&
        !locked) {
      if (digit) su.emit(StaffAction::digit, k);
      else su.emit(k == "OK" ? StaffAction::enter_pin : StaffAction::clear_pin);
    }
  }
}

// A queue row: a plain card that the caller writes on; tappable by id or its SLA words.
bool row_button(Ui& ui, const std::string& id, const std::string& label, ImRect r) {
  ImGui::SetCursorScreenPos(r.Min);
  ImGui::PushID(id.c_str());
  const bool clicked = ImGui::InvisibleButton("##row", r.GetSize());
  const bool held = ImGui::IsItemActive();
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(r.Min, r.Max, held ? ui.p.outline : ui.p.surface, ui.m.rounding);
  dl->AddRect(r.Min, r.Max, ui.p.outline, ui.m.rounding, 0, std::max(1.0f, ui.m.unit));
  record_tappable(ui, id, label, r);
  return clicked;
}

bool manager_now(const SurveyConfig& survey, const Response& r) {
  const Resolution* res = survey.find_resolution(r.desired_resolution);
  return res && res->urgent;
}

void queue(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  const ImRect bar = take_top(area, m.target, m.gap * 2);
  const bool more = su.s.queue.size() >= StaffMode::queue_limit;  // the oldest are shown; more wait behind them
  text_in_box(ui, "Follow-ups (" + std::to_string(su.s.queue.size()) + (more ? "+" : "") + ") · " + su.s.member, bar,
              ui.f.title,
              ui.p.text, Align::left);
  // Everything else staff mode offers, along the bottom.
  ImRect nav = take_bottom(area, m.target, m.gap * 2);
  const float w = (nav.GetWidth() - m.gap * 6) / 4;
  if (button(ui, "staff.insights", "Insights", take_left(nav, w, m.gap * 2), Look::secondary))
    su.emit(StaffAction::show_insights);
  if (button(ui, "staff.export", "Export", take_left(nav, w, m.gap * 2), Look::secondary))
    su.emit(StaffAction::show_export);
  if (button(ui, "staff.sync", "Sync status", take_left(nav, w, m.gap * 2), Look::secondary))
    su.emit(StaffAction::show_sync);
  if (button(ui, "staff.logout", "Log out", nav, Look::secondary)) su.emit(StaffAction::logout);

  const auto managers = std::count_if(su.s.queue.begin(), su.s.queue.end(), [&](const store::QueueItem& q) {
    // Someone may still be waiting at the counter: open and within the promised time.
    return q.status == "new" && q.sla.state != SlaState::overdue && manager_now(su.survey, q.response);
  });
  if (managers > 0) {
    const std::string alert = "Manager now: " + std::to_string(managers) +
                              (managers == 1 ? " customer is" : " customers are") + " asking to talk to a manager now";
    const ImRect box = take_top(area, m.body_px * 2.2f, m.gap * 2);
    ImGui::GetWindowDrawList()->AddRectFilled(box.Min, box.Max, ui.p.error, m.rounding);
    text_in_box(ui, alert, box, ui.f.bold, ui.p.on_primary);
  }
  if (su.s.queue.empty()) {
    su.line(area, "No follow-ups waiting. Complaints that ask to be contacted, or for a manager now, appear here.",
            ui.f.body, ui.p.muted);
    return;
  }
  const float row_h = m.body_px * 3.6f + m.gap * 2;
  const ImVec2 origin = begin_scroll(ui, "staff.queue", area);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < su.s.queue.size(); ++i) {
    const auto& q = su.s.queue[i];
    const float y = origin.y + static_cast<float>(i) * (row_h + m.gap);
    const ImRect row(origin.x, y, origin.x + area.GetWidth() - m.gap * 2, y + row_h);
    if (row_button(ui, "followup." + std::to_string(i), sla_words(q.sla), row)) su.emit(StaffAction::open, q.response.id);
    const ImU32 colour = sla_colour(ui.p, q.sla.state);
    dl->AddRectFilled(row.Min, ImVec2(row.Min.x + m.gap * 1.5f, row.Max.y), colour, m.rounding, ImDrawFlags_RoundCornersLeft);
    ImRect text(row.Min + ImVec2(m.gap * 3, m.gap), row.Max - ImVec2(m.gap * 2, m.gap));
    ImRect first = take_top(text, m.body_px * 1.5f, 0);
    const std::string status = q.status == "new" ? "New" : "Contacted";
    text_in_box(ui, status, take_right(first, su.width_of(status), m.gap), ui.f.bold, ui.p.text, Align::left);
    text_in_box(ui, sla_words(q.sla), first, ui.f.bold, colour, Align::left);
    std::string what = std::to_string(q.response.rating) + "/5 · " +
                       su.label(su.survey.resolutions, q.response.desired_resolution);
    if (!q.response.categories.empty()) what += " · " + su.label(su.survey.categories, q.response.categories.front());
    if (q.complaints_in_90_days >= 2) what += " · " + ordinal(q.complaints_in_90_days) + " complaint in 90 days";
    text_in_box(ui, what, text, ui.f.body, ui.p.text, Align::left);
  }
  ImGui::Dummy(ImVec2(1, static_cast<float>(su.s.queue.size()) * (row_h + m.gap)));
  end_scroll(ui);
}

std::string masked_contact(const Contact& c) {
  std::string kinds;
  if (!c.phone.empty()) kinds = "phone";
  if (!c.email.empty()) kinds += kinds.empty() ? "e-mail" : " and e-mail";
  return "Contact: hidden (" + (kinds.empty() ? std::string("none left") : kinds) + ")";
}

void followup(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  const auto& q = *su.s.open;
  const Response& r = q.response;
  ImRect bar = su.back_bar(area);
  text_in_box(ui, "Follow-up", bar, ui.f.title, ui.p.text, Align::left);

  ImRect actions = take_bottom(area, m.target, m.gap * 2);
  const bool closed = q.status == "resolved" || q.status == "unreachable" || q.status == "purged";
  if (!closed) {
    const float w = (actions.GetWidth() - m.gap * 4) / 3;
    for (const char* st : {"contacted", "resolved", "unreachable"}) {
      std::string label = st;
      label[0] = static_cast<char>(std::toupper(label[0]));
      if (button(ui, std::string("status.") + st, label, take_left(actions, w, m.gap * 2), Look::primary))
        su.emit(StaffAction::choose_status, st);
    }
  }

  const ImU32 colour = closed ? ui.p.muted : sla_colour(ui.p, q.sla.state);
  su.line(area, closed ? "Closed: " + q.status : sla_words(q.sla) + " · status: " + q.status, ui.f.bold, colour);
  for (const auto& e : su.s.history)
    su.line(area, std::string(1, static_cast<char>(std::toupper(e.status[0]))) + e.status.substr(1) + " by " + e.by +
                      " · " + format_local_when(e.at, su.now.wall) + (e.note.empty() ? "" : " · “" + e.note + "”"),
            ui.f.body, ui.p.muted);
  su.line(area, "Rating " + std::to_string(r.rating) + "/5 · " + format_local_when(r.created_at, su.now.wall) + " (" +
                    format_duration(su.now.wall - r.created_at) + " ago)",
          ui.f.body, ui.p.text);
  std::string cats;
  for (const auto& c : r.categories) cats += (cats.empty() ? "" : ", ") + su.label(su.survey.categories, c);
  if (!cats.empty()) su.line(area, "What went wrong: " + cats, ui.f.body, ui.p.text);
  if (!r.comment.empty()) su.line(area, "Comment: “" + r.comment + "”", ui.f.body, ui.p.text);
  su.line(area, "Would make it right: " + su.label(su.survey.resolutions, r.desired_resolution), ui.f.body, ui.p.text);
  if (!r.staff.empty()) su.line(area, "Staff / department: " + su.label(su.survey.staff, r.staff), ui.f.body, ui.p.text);
  if (q.complaints_in_90_days >= 2)
    su.line(area, "Repeat: " + ordinal(q.complaints_in_90_days) + " complaint in 90 days from this contact", ui.f.bold,
            ui.p.text);

  if (q.contact_purged) {
    su.line(area, "Contact details were purged after the retention period.", ui.f.body, ui.p.muted);
  } else if (su.s.revealed) {
    const Contact& c = *su.s.revealed;
    std::string shown = "Contact: " + (c.name.empty() ? std::string("(no name)") : c.name);
    if (!c.phone.empty()) shown += " · " + c.phone;
    if (!c.email.empty()) shown += " · " + c.email;
    if (!c.channel.empty()) shown += " · prefers " + c.channel;
    su.line(area, shown, ui.f.bold, ui.p.text);
  } else if (!r.contact.empty()) {
    ImRect row = take_top(area, m.target, m.gap);
    if (button(ui, "staff.reveal", "Reveal", take_right(row, su.width_of("Reveal"), m.gap * 2), Look::secondary))
      su.emit(StaffAction::reveal);
    text_in_box(ui, masked_contact(r.contact), row, ui.f.body, ui.p.text, Align::left);
  } else {
    su.line(area, "No contact details left: speak to the customer at the counter.", ui.f.body, ui.p.muted);
  }
}

void note(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  ImRect bar = su.back_bar(area);
  if (su.right_button(bar, "staff.save", "Save", Look::primary)) su.emit(StaffAction::save_note);
  text_in_box(ui, "Mark " + su.s.new_status + " · note (optional)", bar, ui.f.title, ui.p.text, Align::left);

  const ImRect field = take_top(area, m.body_px * 2.6f, m.gap * 2);
  ImGui::GetWindowDrawList()->AddRect(field.Min, field.Max, ui.p.outline, m.rounding * 0.5f, 0, 2.0f * m.unit);
  text_in_box(ui, su.s.note.empty() ? " " : su.s.note + "|", ImRect(field.Min + ImVec2(m.gap * 2, 0), field.Max),
              ui.f.body, ui.p.text, Align::left);

  // The customers' keyboard (keys of touch size, paged when they must be), in English.
  const auto pressed = draw_keyboard(ui, area, {"en", KeyboardMode::text, su.s.shift, su.s.symbols, su.s.keyboard_page}, {});
  if (!pressed) return;
  switch (pressed->what) {
    case KeyPress::text: su.emit(StaffAction::type_text, pressed->text); break;
    case KeyPress::backspace: su.emit(StaffAction::backspace); break;
    case KeyPress::shift: su.emit(StaffAction::shift); break;
    case KeyPress::symbols: su.emit(StaffAction::symbols); break;
    case KeyPress::page: su.emit(StaffAction::keyboard_page); break;
    case KeyPress::extra: break;  // none: Save is in the top bar
  }
}

std::string when(Millis at, Millis now) {
  return format_local_when(at, now) + " (" + format_duration(now - at) + " ago)";
}

// While customers see "temporarily unavailable": why, in the words staff act on.
void storage_line(StaffUi& su, ImRect& area) {
  const auto& problem = su.ui.s.storage_problem;
  if (!problem) return;
  su.line(area, "Storage unavailable: " + std::string(store::to_string(*problem)) + " since " +
                    when(su.ui.s.storage_problem_since, su.now.wall) +
                    ". Customers see \"temporarily unavailable\"; the kiosk retries every 10 s.",
          su.ui.f.bold, su.ui.p.error);
}

void sync_panel(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  ImRect bar = su.back_bar(area);
  storage_line(su, area);
  if (!su.s.sync || su.s.sync->state == sync::SyncState::offline) {
    text_in_box(ui, "Sync status", bar, ui.f.title, ui.p.text, Align::left);
    su.line(area, "Sync is not configured on this kiosk: responses stay on the device until a hub is set in "
                  "the [sync] section of /etc/heard/heard.conf.", ui.f.body, ui.p.text);
    return;
  }
  if (su.right_button(bar, "staff.sync_now", "Sync now", Look::primary)) su.emit(StaffAction::sync_now);
  text_in_box(ui, "Sync status", bar, ui.f.title, ui.p.text, Align::left);
  const sync::SyncStatus& st = *su.s.sync;
  su.line(area, "State: " + std::string(sync::to_string(st.state)) + (st.detail.empty() ? "" : " — " + st.detail),
          ui.f.bold, st.last_error.empty() ? ui.p.text : ui.p.error);
  su.line(area, "Waiting to send: " + std::to_string(st.outbox) + " responses, " + std::to_string(st.events_outbox) +
                    " follow-up events", ui.f.body, ui.p.text);
  if (st.oldest_unsynced) su.line(area, "Oldest unsent: " + when(*st.oldest_unsynced, su.now.wall), ui.f.body, ui.p.text);
  su.line(area, "Last success: " + (st.last_success ? when(*st.last_success, su.now.wall) : std::string("none yet")),
          ui.f.body, ui.p.text);
  if (!st.last_error.empty())
    su.line(area, "Last error: " + st.last_error + (st.last_error_at ? " · " + when(*st.last_error_at, su.now.wall) : ""),
            ui.f.body, ui.p.error);
  su.line(area, "Refused by the hub since start: " + std::to_string(st.rejected) + " (kept for staff)", ui.f.body,
          ui.p.text);
  for (const auto& r : su.s.rejected)
    su.line(area, "Refused " + r.kind + " " + r.id.substr(0, 8) + "…: " + r.reason, ui.f.small, ui.p.error);
  if (su.s.rejected.empty()) return;
  // Once the hub (or its configuration) is fixed, what it refused goes out again: as
  // `heardctl resend-rejected`, without a laptop at the kiosk.
  const std::string label = "Send refused ones again";
  ImRect row = take_top(area, ui.m.target, ui.m.gap);
  if (button(ui, "staff.resend_rejected", label, take_left(row, su.width_of(label), 0), Look::secondary))
    su.emit(StaffAction::resend_rejected);
}

// A row of choices after a label; `chosen` marks the current one (check mark, not colour alone).
void choice_row(StaffUi& su, ImRect& area, std::string_view id, std::string_view label,
                const std::vector<std::pair<std::string, std::string>>& options, const std::string& chosen,
                StaffAction action) {
  Ui& ui = su.ui;
  ImRect row = take_top(area, ui.m.target, ui.m.gap * 2);
  if (!label.empty())
    text_in_box(ui, label, take_left(row, ui.m.target * 2, ui.m.gap * 2), ui.f.bold, ui.p.text, Align::left);
  const float indent = row.Min.x;
  for (const auto& [value, text] : options) {
    const float w = su.width_of(text) + ui.m.target * 0.6f;  // room for the check mark
    if (w > row.GetWidth() && row.Min.x > indent) {          // narrow screens: wrap to another row
      row = take_top(area, ui.m.target, ui.m.gap * 2);
      row.Min.x = indent;
    }
    if (button(ui, std::string(id) + "." + value, text, take_left(row, std::min(w, row.GetWidth()), ui.m.gap * 2),
               Look::chip, value == chosen))
      su.emit(action, value);
  }
}

void usb_export(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  const StaffState& s = su.s;
  ImRect bar = su.back_bar(area);
  if (su.right_button(bar, "export.rescan", "Look again")) su.emit(StaffAction::show_export);
  text_in_box(ui, "Export to USB", bar, ui.f.title, ui.p.text, Align::left);

  choice_row(su, area, "export.period", "Period", {{"1", "Today"}, {"7", "7 days"}, {"30", "30 days"}, {"0", "Everything"}},
             std::to_string(s.export_days), StaffAction::export_days);
  choice_row(su, area, "export.format", "Format", {{"csv", "CSV"}, {"json", "JSON"}},
             s.export_format == store::ExportFormat::json ? "json" : "csv", StaffAction::export_format);
  ImRect contact = take_top(area, m.target, m.gap * 3);
  take_left(contact, m.target * 2, m.gap * 2);
  const std::string with = "Include contact details";
  if (button(ui, "export.contact", with, take_left(contact, su.width_of(with) + m.target * 0.6f, 0), Look::chip,
             s.export_contact))
    su.emit(StaffAction::toggle_contact);

  if (!s.export_result.empty())
    su.line(area, s.export_result, ui.f.bold, s.export_failed ? ui.p.error : IM_COL32(0x2e, 0x7d, 0x32, 255));
  if (s.export_folders.empty()) {
    su.line(area, "No USB stick found. Insert one, wait a moment, then tap Look again.", ui.f.body, ui.p.text);
    return;
  }
  for (std::size_t i = 0; i < s.export_folders.size() && area.GetHeight() >= m.target; ++i) {
    const std::string label = "Export to " + s.export_folders[i].string();
    if (button(ui, "export.to." + std::to_string(i), label, take_top(area, m.target, m.gap), Look::primary))
      su.emit(StaffAction::export_to, std::to_string(i));
  }
}

std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += "\u00a0";  // a no-break space, so a number never wraps
    out += digits[i];
  }
  return out;
}

std::string percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f\u00a0%%", p);
  return buf;
}

// The dashboard: one scrolling column of sections, each drawn with the window's draw list.
void insights(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  ImRect bar = su.back_bar(area);
  text_in_box(ui, "Insights", bar, ui.f.title, ui.p.text, Align::left);
  choice_row(su, area, "insights", "", {{"1", "Today"}, {"7", "7 days"}, {"30", "30 days"}},
             std::to_string(su.s.insights_days), StaffAction::show_insights);
  // The queries run on their own thread; until they answer, say so calmly (no stale numbers).
  if (su.s.insights_loading) {
    su.line(area, "Loading…", ui.f.title, ui.p.muted);
    return;
  }
  if (!su.s.insights_error.empty()) {
    su.line(area, "The numbers cannot be read now: " + su.s.insights_error, ui.f.body, ui.p.text);
    return;
  }
  if (!su.s.insights) return;
  const store::Insights& in = *su.s.insights;

  const ImVec2 origin = begin_scroll(ui, "staff.insights", area);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float width = area.GetWidth() - m.gap * 3;
  ImRect col(origin, ImVec2(origin.x + width, origin.y + 100000));
  const float top = col.Min.y;
  su.line(col, grouped(in.responses) + " responses · CSAT " + percent(in.csat_percent) + " · average " +
                   (in.responses ? std::to_string(in.average).substr(0, 3) : std::string("–")) + " / 5",
          ui.f.title, ui.p.text);

  // Ratings: one bar per face, in the face's colour, with the count in words beside it.
  su.line(col, "Ratings", ui.f.bold, ui.p.text);
  const std::int64_t most = std::max<std::int64_t>(1, *std::max_element(in.by_rating.begin(), in.by_rating.end()));
  for (int rating = 5; rating >= 1; --rating) {
    ImRect row = take_top(col, m.body_px * 1.5f, m.gap * 0.5f);
    text_in_box(ui, std::to_string(rating), take_left(row, m.body_px * 1.5f, m.gap), ui.f.bold, ui.p.text, Align::left);
    const std::int64_t n = in.by_rating[static_cast<std::size_t>(rating - 1)];
    ImRect count = take_right(row, m.body_px * 7, m.gap);
    const float w = row.GetWidth() * static_cast<float>(n) / static_cast<float>(most);
    dl->AddRectFilled(row.Min + ImVec2(0, m.gap * 0.4f), ImVec2(row.Min.x + std::max(w, 2.0f), row.Max.y - m.gap * 0.4f),
                      ui.p.faces[rating - 1]);
    text_in_box(ui, grouped(n) + (in.responses ? " · " + percent(100.0 * n / in.responses) : ""), count, ui.f.small,
                ui.p.text, Align::left);
  }
  take_top(col, m.gap, 0);

  // Weekday x hour: darker is busier; local time of each response.
  su.line(col, "When (local time; darker = more responses)", ui.f.bold, ui.p.text);
  std::int64_t busiest = 1;
  for (const auto& day : in.heat) busiest = std::max(busiest, *std::max_element(day.begin(), day.end()));
  static const char* days[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const float label_w = m.body_px * 2.6f, cell_w = (width - label_w) / 24, cell_h = m.body_px * 1.2f;
  for (int d = 0; d < 7; ++d) {
    ImRect row = take_top(col, cell_h, 2);
    text_in_box(ui, days[d], take_left(row, label_w, 0), ui.f.small, ui.p.text, Align::left);
    for (int h = 0; h < 24; ++h) {
      const float share = static_cast<float>(in.heat[static_cast<std::size_t>(d)][static_cast<std::size_t>(h)]) /
                          static_cast<float>(busiest);
      const ImVec2 a(row.Min.x + static_cast<float>(h) * cell_w, row.Min.y);
      ImU32 fill = ui.p.primary;
      fill = (fill & 0x00ffffff) | (static_cast<ImU32>(20 + 235 * share) << 24);
      dl->AddRectFilled(a, a + ImVec2(cell_w - 2, cell_h), fill);
    }
  }
  ImRect hours = take_top(col, m.small_px * 1.4f, m.gap * 2);
  for (int h = 0; h < 24; h += 6)
    text_in_box(ui, std::to_string(h) + ":00",
                ImRect(hours.Min.x + label_w + static_cast<float>(h) * cell_w, hours.Min.y,
                       hours.Min.x + label_w + static_cast<float>(h + 6) * cell_w, hours.Max.y),
                ui.f.small, ui.p.muted, Align::left);

  su.line(col, "Complaint categories (change against the period before)", ui.f.bold, ui.p.text);
  if (in.categories.empty()) su.line(col, "No complaints in this period.", ui.f.body, ui.p.muted);
  for (std::size_t i = 0; i < in.categories.size() && i < 8; ++i) {
    const auto& c = in.categories[i];
    const std::int64_t change = c.count - c.previous;
    const std::string trend = change == 0 ? "no change" : (change > 0 ? "+" : "–") + grouped(std::abs(change));
    su.line(col, su.label(su.survey.categories, c.category) + ": " + grouped(c.count) + " (" + trend + ")", ui.f.body,
            change > 0 ? ui.p.error : ui.p.text);
  }
  take_top(col, m.gap, 0);

  su.line(col, "Words that recur in complaints", ui.f.bold, ui.p.text);
  std::string words;
  for (const auto& [word, n] : in.top_words) words += (words.empty() ? "" : " · ") + word + " (" + std::to_string(n) + ")";
  su.line(col, words.empty() ? std::string("None yet.") : words, ui.f.body, ui.p.text);
  take_top(col, m.gap, 0);

  su.line(col, "Recent comments", ui.f.bold, ui.p.text);
  for (const auto& c : in.recent)
    su.line(col, "“" + c.text + "” · " + std::to_string(c.rating) + "/5 · " + format_local_when(c.at, su.now.wall), ui.f.body,
            ui.p.text);
  ImGui::Dummy(ImVec2(1, col.Min.y - top));
  end_scroll(ui);
}

// The extra confirmation before contact details go onto a stick.
void confirm_contact(StaffUi& su) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(m.width, m.height), ui.p.scrim);
  const float w = std::min(m.width - m.pad * 2, m.body_px * 30);
  const std::string text = "Contact details are personal data. Include them only if this stick stays with the "
                           "business and is wiped after use. The export is logged with your name.";
  const float inner = w - m.pad * 4, th = text_height(ui.f.body, text, inner);
  const float h = m.pad * 4 + th + m.gap * 4 + m.target;
  ImRect card(ImVec2((m.width - w) * 0.5f, (m.height - h) * 0.5f), ImVec2((m.width + w) * 0.5f, (m.height + h) * 0.5f));
  dl->AddRectFilled(card.Min, card.Max, ui.p.background, m.rounding);
  ImRect area(card.Min + ImVec2(m.pad * 2, m.pad * 2), card.Max - ImVec2(m.pad * 2, m.pad * 2));
  text_in_box(ui, text, take_top(area, th, m.gap * 4), ui.f.body, ui.p.text, Align::left);
  ImRect row = take_top(area, m.target, 0);
  const float bw = (row.GetWidth() - m.gap * 2) / 2;
  if (button(ui, "confirm.no", "Leave them out", take_left(row, bw, m.gap * 2), Look::secondary))
    su.emit(StaffAction::confirm_contact, "no");
  if (button(ui, "confirm.yes", "Include them", row, Look::primary)) su.emit(StaffAction::confirm_contact, "yes");
}

constexpr ImGuiWindowFlags full_screen = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse;

}  // namespace

std::string ordinal(int n) {
  const int tens = n % 100, ones = n % 10;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th";
  return std::to_string(n) + suffix;
}

std::string sla_words(const SlaClock& sla) {
  switch (sla.state) {
    case SlaState::overdue: return "Overdue by " + format_duration(-sla.left_ms);
    case SlaState::due_soon: return "Due soon: " + format_duration(sla.left_ms) + " left";
    case SlaState::on_time: return "On time: " + format_duration(sla.left_ms) + " left";
  }
  return {};
}

std::vector<StaffIntent> draw_staff(const View& view, const StaffMode& staff, const Flow& flow, Now now,
                                    FrameRecord& record) {
  record.clear();
  std::vector<Intent> unused;  // customer intents: none come from staff screens
  std::vector<StaffIntent> out;
  Ui ui{view.metrics, view.palette, view.fonts, view.translations, flow.state(), flow.survey(), record, unused};
  StaffUi su{ui, staff.state(), flow.survey(), now, out};
  const Metrics& m = view.metrics;

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
  ImGui::Begin("staff", nullptr, full_screen | ImGuiWindowFlags_NoBackground);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(m.width, m.height), view.palette.background);
  const ImRect area(m.pad, m.pad, m.width - m.pad, m.height - m.pad);
  switch (staff.state().screen) {
    case StaffScreen::closed: break;
    case StaffScreen::pin: pin_pad(su, area); break;
    case StaffScreen::queue: queue(su, area); break;
    case StaffScreen::followup:
      if (staff.state().open) followup(su, area);
      break;
    case StaffScreen::note: note(su, area); break;
    case StaffScreen::sync: sync_panel(su, area); break;
    case StaffScreen::usb_export: usb_export(su, area); break;
    case StaffScreen::insights: insights(su, area); break;
  }
  ImGui::End();
  if (staff.state().confirm_contact) {
    record.tappables.clear();  // only the card can be touched now: it is a window of its own, in front
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
    ImGui::SetNextWindowFocus();
    ImGui::Begin("staff.overlay", nullptr, full_screen | ImGuiWindowFlags_NoBackground);
    confirm_contact(su);
    ImGui::End();
  }
  ImGui::PopStyleVar(2);
  return out;
}

}  // namespace heard::ui
