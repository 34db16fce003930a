#include "ui/staff_screens.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/sla.hpp"
#include "ui/keyboard_view.hpp"

namespace heard::ui {

namespace {

// Green, amber and red dark enough for body text on the light background; the words say
// the same, for anyone who cannot tell the colours apart.
ImU32 sla_colour(const Palette& p, SlaState s) {
  switch (s) {
    case SlaState::on_time:
      return IM_COL32(0x2e, 0x7d, 0x32, 255);
    case SlaState::due_soon:
      return IM_COL32(0xa8, 0x55, 0x00, 255);
    case SlaState::overdue:
      return p.error;
  }
  return p.text;
}

// The English short weekday names format_local_when() writes, each with the key of its name
// in the staff language.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> english_days{{{"Mon", "staffmode.day.mon"},
                                                                                     {"Tue", "staffmode.day.tue"},
                                                                                     {"Wed", "staffmode.day.wed"},
                                                                                     {"Thu", "staffmode.day.thu"},
                                                                                     {"Fri", "staffmode.day.fri"},
                                                                                     {"Sat", "staffmode.day.sat"},
                                                                                     {"Sun", "staffmode.day.sun"}}};

// While customers see "temporarily unavailable": why, and since when (wall clock).
struct StorageNotice {
  std::optional<store::StorageProblem> problem;
  Millis since = 0;
};

// A Ui with staff mode's side: its state, the survey's labels, the customers' storage
// notice, and the sink for StaffIntents.
struct StaffUi {
  Ui& ui;
  const StaffMode& staff;  // each part's state: staff.session(), staff.followups(), …
  const SurveyConfig& survey;
  StorageNotice storage;
  Now now;  // wall for what is shown, steady for the lockout countdown
  std::vector<StaffIntent>& out;
  const std::string& lang = ui.language;

  const std::string& t(std::string_view key) const { return ui.tr.text(lang, key); }
  std::string f(std::string_view key,
                std::initializer_list<std::pair<std::string_view, std::string_view>> values) const {
    return ui.tr.format(lang, key, values);
  }
  std::string n(std::string_view key, std::int64_t count,
                std::initializer_list<std::pair<std::string_view, std::string_view>> values = {}) const {
    return ui.tr.plural(lang, key, count, values);
  }
  // Words decided in StaffMode, said now in the staff language.
  std::string say(const StaffText& text) const {
    if (text.empty()) return {};
    auto values = text.values;
    for (const auto& [name, key] : text.translated) values.emplace_back(name, t(key));
    if (!text.count) return ui.tr.format(lang, text.key, values);
    const std::string form = text.key + "." + std::string(Translations::plural_form(lang, *text.count));
    values.insert(values.begin(), {"count", std::to_string(*text.count)});
    return ui.tr.format(lang, form, values);
  }
  std::string duration(Millis ms) const { return staff_duration(ui.tr, lang, ms); }
  // format_local_when() with the weekday in the staff language: "Mo 14:05", "lun. 14:05".
  // Older instants are ISO dates ("2026-09-14 14:05"), which every language reads.
  std::string when(Millis at) const {
    const std::string shown = format_local_when(at, now.wall);
    for (const auto& [english, key] : english_days)
      if (shown.starts_with(english)) return t(key) + shown.substr(english.size());
    return shown;
  }
  // "5 min ago"; under a minute "just now", as "0 min ago" reads like a fault.
  std::string ago(Millis at) const {
    if (now.wall - at < 60'000) return t("staffmode.just_now");
    return f("staffmode.ago", {{"duration", duration(now.wall - at)}});
  }
  std::string when_and_ago(Millis at) const { return f("staffmode.when_ago", {{"when", when(at)}, {"ago", ago(at)}}); }
  std::string quoted(std::string_view text) const { return f("staffmode.quoted", {{"text", text}}); }
  std::string sla(const SlaClock& clock) const { return sla_words(ui.tr, lang, clock); }

  void emit(StaffAction a, std::string value = {}) { out.push_back({a, std::move(value)}); }
  float width_of(std::string_view label) const { return button_width(ui, label, ui.m.target * 2); }
  // The top bar of every inner staff screen: cut from `area`, with "← Back" already at its left.
  ImRect back_bar(ImRect& area) {
    ImRect bar = take_top(area, ui.m.target, ui.m.gap * 2);
    const std::string& back = t("staffmode.back");
    if (button(ui, "staff.back", back, take_left(bar, width_of(back), ui.m.gap * 3), Look::secondary))
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
      if (c.id == id) return c.text(lang);
    return id;
  }
};

std::string pin_message(const StaffUi& su, Millis now) {
  const SessionState& s = su.staff.session();
  if (s.no_pins) return su.t("staffmode.pin.no_pins");
  if (s.locked_until > now) return su.n("staffmode.pin.locked", (s.locked_until - now + 999) / 1000);
  if (!s.message.empty()) return su.say(s.message);
  return su.t("staffmode.pin.enter");
}

void pin_pad(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  const SessionState& session = su.staff.session();
  ImRect bar = take_top(area, m.target, m.gap * 2);
  if (su.right_button(bar, "staff.cancel", su.t("staffmode.cancel"))) su.emit(StaffAction::cancel);
  text_in_box(ui, su.t("staffmode.title"), bar, ui.f.title, ui.p.text, Align::left);

  const bool locked = session.locked_until > su.now.steady || session.no_pins;
  const std::string message = pin_message(su, su.now.steady);
  su.line(area, message, ui.f.body, session.message.empty() && !locked ? ui.p.text : ui.p.error);
  std::string dots;
  for (std::size_t i = 0; i < session.pin.size(); ++i) dots += i ? " •" : "•";
  text_in_box(ui, dots.empty() ? " " : dots, take_top(area, m.title_px * 1.4f, m.gap * 2), ui.f.title, ui.p.text);
  if (session.no_pins) return;

  const float key = std::min({m.target * 1.5f, (area.GetHeight() - m.gap * 3) / 4, (area.GetWidth() - m.gap * 2) / 3});
  const float key_w = std::min(key * 1.4f, (area.GetWidth() - m.gap * 2) / 3);  // room for "Clear"
  const float pad_w = key_w * 3 + m.gap * 2;
  const float x0 = area.GetCenter().x - pad_w * 0.5f;
  static const char* keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "OK"};
  for (int i = 0; i < 12; ++i) {
    const float x = x0 + static_cast<float>(i % 3) * (key_w + m.gap);
    const float y = area.Min.y + static_cast<float>(i / 3) * (key + m.gap);
    const std::string k = keys[i];  // the id stays English; the label is the staff language's
    const bool digit = k.size() == 1;
    const Look look = k == "OK" ? Look::primary : Look::key;
    const std::string label = digit ? k : su.t(k == "OK" ? "staffmode.pin.ok" : "staffmode.pin.clear");
    if (button(ui, "pin." + k, label, ImRect(x, y, x + key_w, y + key), look, false, {},
               digit ? ui.f.title : ui.f.bold) &&
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

// Everything else staff mode offers, along the bottom of the queue: one row of four, or two
// rows of two when a label would not fit its button whole ("Auswertung", "Sincronización" on
// a portrait screen), as a word broken across lines is hard to read.
void nav_buttons(StaffUi& su, ImRect& area) {
  struct Nav {
    const char* id;
    const char* key;
    StaffAction action;
  };
  static constexpr Nav navs[] = {{"staff.insights", "staffmode.nav.insights", StaffAction::show_insights},
                                 {"staff.export", "staffmode.nav.export", StaffAction::show_export},
                                 {"staff.sync", "staffmode.nav.sync", StaffAction::show_sync},
                                 {"staff.logout", "staffmode.nav.logout", StaffAction::logout}};
  const Metrics& m = su.ui.m;
  const float quarter = (area.GetWidth() - m.gap * 6) / 4;
  const bool one_row =
      std::all_of(std::begin(navs), std::end(navs), [&](const Nav& n) { return su.width_of(su.t(n.key)) <= quarter; });
  const int per_row = one_row ? 4 : 2;
  ImRect rows[2];
  if (!one_row) rows[1] = take_bottom(area, m.target, m.gap * 2);
  rows[0] = take_bottom(area, m.target, m.gap * 2);
  const float w = (area.GetWidth() - m.gap * 2 * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
  for (int i = 0; i < 4; ++i) {
    ImRect& row = rows[i / per_row];
    const bool last = i % per_row == per_row - 1;
    const ImRect r = last ? row : take_left(row, w, m.gap * 2);
    if (button(su.ui, navs[i].id, su.t(navs[i].key), r, Look::secondary)) su.emit(navs[i].action);
  }
}

void queue(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  const FollowupState& f = su.staff.followups();
  const ImRect bar = take_top(area, m.target, m.gap * 2);
  const bool more = f.queue.size() >= StaffMode::queue_limit;  // the oldest are shown; more wait behind them
  text_in_box(ui,
              su.f(more ? "staffmode.queue.title_more" : "staffmode.queue.title",
                   {{"count", std::to_string(f.queue.size())}, {"member", su.staff.session().member}}),
              bar, ui.f.title, ui.p.text, Align::left);
  nav_buttons(su, area);

  const auto managers = std::count_if(f.queue.begin(), f.queue.end(), [&](const store::QueueItem& q) {
    // Someone may still be waiting at the counter: open and within the promised time.
    return q.status == "new" && q.sla.state != SlaState::overdue && manager_now(su.survey, q.response);
  });
  if (managers > 0) {
    const std::string alert = su.n("staffmode.queue.manager_now", managers);
    const ImRect box = take_top(area, m.body_px * 2.2f, m.gap * 2);
    ImGui::GetWindowDrawList()->AddRectFilled(box.Min, box.Max, ui.p.error, m.rounding);
    text_in_box(ui, alert, box, ui.f.bold, ui.p.on_primary);
  }
  if (f.queue.empty()) {
    su.line(area, su.t("staffmode.queue.empty"), ui.f.body, ui.p.muted);
    return;
  }
  const float row_h = m.body_px * 3.6f + m.gap * 2;
  const ImVec2 origin = begin_scroll(ui, "staff.queue", area);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < f.queue.size(); ++i) {
    const auto& q = f.queue[i];
    const float y = origin.y + static_cast<float>(i) * (row_h + m.gap);
    const ImRect row(origin.x, y, origin.x + area.GetWidth() - m.gap * 2, y + row_h);
    if (row_button(ui, "followup." + std::to_string(i), su.sla(q.sla), row)) su.emit(StaffAction::open, q.response.id);
    const ImU32 colour = sla_colour(ui.p, q.sla.state);
    dl->AddRectFilled(row.Min, ImVec2(row.Min.x + m.gap * 1.5f, row.Max.y), colour, m.rounding,
                      ImDrawFlags_RoundCornersLeft);
    ImRect text(row.Min + ImVec2(m.gap * 3, m.gap), row.Max - ImVec2(m.gap * 2, m.gap));
    ImRect first = take_top(text, m.body_px * 1.5f, 0);
    const std::string& status = su.t(q.status == "new" ? "staffmode.status.new" : "staffmode.status.contacted");
    // As wide as the word itself (it is no button), so the SLA words beside it keep their size.
    text_in_box(ui, status, take_right(first, text_width(ui.f.bold, status) + m.gap, m.gap * 2), ui.f.bold, ui.p.text,
                Align::left);
    text_in_box(ui, su.sla(q.sla), first, ui.f.bold, colour, Align::left);
    // Facts in a list, " · " between them: no sentence is built from pieces here.
    std::string what =
        std::to_string(q.response.rating) + "/5 · " + su.label(su.survey.resolutions, q.response.desired_resolution);
    if (!q.response.categories.empty()) what += " · " + su.label(su.survey.categories, q.response.categories.front());
    if (q.complaints_in_90_days >= 2) what += " · " + su.n("staffmode.queue.repeat", q.complaints_in_90_days);
    text_in_box(ui, what, text, ui.f.body, ui.p.text, Align::left);
  }
  ImGui::Dummy(ImVec2(1, static_cast<float>(f.queue.size()) * (row_h + m.gap)));
  end_scroll(ui);
}

std::string masked_contact(const StaffUi& su, const Contact& c) {
  if (!c.phone.empty() && !c.email.empty()) return su.t("staffmode.followup.hidden.phone_email");
  if (!c.phone.empty()) return su.t("staffmode.followup.hidden.phone");
  if (!c.email.empty()) return su.t("staffmode.followup.hidden.email");
  return su.t("staffmode.followup.hidden.none");
}

// "Resolved by Marta · Mo 14:05": one sentence per kind of event, as languages word them differently.
std::string event_words(const StaffUi& su, const store::FollowupEvent& e) {
  const bool known =
      e.status == "contacted" || e.status == "resolved" || e.status == "unreachable" || e.status == "purged";
  std::string line = su.f(known ? "staffmode.followup.event." + e.status : std::string("staffmode.followup.event"),
                          {{"by", e.by}, {"when", su.when(e.at)}, {"status", e.status}});
  if (!e.note.empty()) line += " · " + su.quoted(e.note);
  return line;
}

// The follow-up's state in one line: "On time: 3 h left · status: new", "Closed: resolved".
std::string followup_state(const StaffUi& su, const store::QueueItem& q, bool closed) {
  if (closed) return su.t("staffmode.followup.closed." + q.status);
  return su.f(q.status == "new" ? "staffmode.followup.open.new" : "staffmode.followup.open.contacted",
              {{"sla", su.sla(q.sla)}});
}

std::string revealed_contact(const StaffUi& su, const Contact& c) {
  std::string details = c.name.empty() ? su.t("staffmode.followup.no_name") : c.name;
  if (!c.phone.empty()) details += " · " + c.phone;
  if (!c.email.empty()) details += " · " + c.email;
  if (!c.channel.empty())
    details += " · " + su.f("staffmode.followup.prefers", {{"channel", su.t("channel." + c.channel)}});
  return su.f("staffmode.followup.contact", {{"details", details}});
}

void followup(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  const FollowupState& f = su.staff.followups();
  const auto& q = *f.open;
  const Response& r = q.response;
  ImRect bar = su.back_bar(area);
  text_in_box(ui, su.t("staffmode.followup.title"), bar, ui.f.title, ui.p.text, Align::left);

  ImRect actions = take_bottom(area, m.target, m.gap * 2);
  const bool closed = q.status == "resolved" || q.status == "unreachable" || q.status == "purged";
  if (!closed) {
    const float w = (actions.GetWidth() - m.gap * 4) / 3;
    for (const char* st : {"contacted", "resolved", "unreachable"}) {
      const std::string& label = su.t(std::string("staffmode.status.") + st);
      if (button(ui, std::string("status.") + st, label, take_left(actions, w, m.gap * 2), Look::primary))
        su.emit(StaffAction::choose_status, st);
    }
  }

  const ImU32 colour = closed ? ui.p.muted : sla_colour(ui.p, q.sla.state);
  su.line(area, followup_state(su, q, closed), ui.f.bold, colour);
  for (const auto& e : f.history) su.line(area, event_words(su, e), ui.f.body, ui.p.muted);
  su.line(area,
          su.f("staffmode.followup.rating",
               {{"rating", std::to_string(r.rating)}, {"when", su.when(r.created_at)}, {"ago", su.ago(r.created_at)}}),
          ui.f.body, ui.p.text);
  std::string cats;
  for (const auto& c : r.categories) cats += (cats.empty() ? "" : ", ") + su.label(su.survey.categories, c);
  if (!cats.empty()) su.line(area, su.f("staffmode.followup.categories", {{"categories", cats}}), ui.f.body, ui.p.text);
  if (!r.comment.empty())
    su.line(area, su.f("staffmode.followup.comment", {{"comment", su.quoted(r.comment)}}), ui.f.body, ui.p.text);
  su.line(
      area,
      su.f("staffmode.followup.resolution", {{"resolution", su.label(su.survey.resolutions, r.desired_resolution)}}),
      ui.f.body, ui.p.text);
  if (!r.staff.empty())
    su.line(area, su.f("staffmode.followup.staff", {{"staff", su.label(su.survey.staff, r.staff)}}), ui.f.body,
            ui.p.text);
  if (q.complaints_in_90_days >= 2)
    su.line(area, su.n("staffmode.followup.repeat", q.complaints_in_90_days), ui.f.bold, ui.p.text);

  if (q.contact_purged) {
    su.line(area, su.t("staffmode.followup.purged"), ui.f.body, ui.p.muted);
  } else if (f.revealed) {
    su.line(area, revealed_contact(su, *f.revealed), ui.f.bold, ui.p.text);
  } else if (!r.contact.empty()) {
    ImRect row = take_top(area, m.target, m.gap);
    const std::string& reveal = su.t("staffmode.followup.reveal");
    if (button(ui, "staff.reveal", reveal, take_right(row, su.width_of(reveal), m.gap * 2), Look::secondary))
      su.emit(StaffAction::reveal);
    text_in_box(ui, masked_contact(su, r.contact), row, ui.f.body, ui.p.text, Align::left);
  } else {
    su.line(area, su.t("staffmode.followup.no_contact"), ui.f.body, ui.p.muted);
  }
}

void note(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  const FollowupState& f = su.staff.followups();
  ImRect bar = su.back_bar(area);
  if (su.right_button(bar, "staff.save", su.t("staffmode.save"), Look::primary)) su.emit(StaffAction::save_note);
  text_in_box(ui, su.t("staffmode.note.title." + f.new_status), bar, ui.f.title, ui.p.text, Align::left);

  const ImRect field = take_top(area, m.body_px * 2.6f, m.gap * 2);
  ImGui::GetWindowDrawList()->AddRect(field.Min, field.Max, ui.p.outline, m.rounding * 0.5f, 0, 2.0f * m.unit);
  text_in_box(ui, f.note.empty() ? " " : f.note + "|", ImRect(field.Min + ImVec2(m.gap * 2, 0), field.Max), ui.f.body,
              ui.p.text, Align::left);

  // The customers' keyboard (keys of touch size, paged when they must be), laid out for the staff language.
  const auto pressed = draw_keyboard(ui, area, KeyboardMode::text, f.keyboard, {});
  if (!pressed || pressed->extra) return;                             // no extras: Save is in the top bar
  su.emit(action_of(keyboard_actions, pressed->key), pressed->text);  // text: empty but for a text key
}

// While customers see "temporarily unavailable": why, in the words staff act on.
void storage_line(StaffUi& su, ImRect& area) {
  const auto& problem = su.storage.problem;
  if (!problem) return;
  su.line(area,
          su.f("staffmode.storage.line",
               {{"problem", su.t(storage_problem_key(*problem))}, {"when", su.when_and_ago(su.storage.since)}}),
          su.ui.f.bold, su.ui.p.error);
}

void sync_panel(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const SyncPanelState& panel = su.staff.sync_panel();
  ImRect bar = su.back_bar(area);
  storage_line(su, area);
  if (!panel.sync || panel.sync->state == sync::SyncState::offline) {
    text_in_box(ui, su.t("staffmode.sync.title"), bar, ui.f.title, ui.p.text, Align::left);
    su.line(area, su.t("staffmode.sync.not_configured"), ui.f.body, ui.p.text);
    return;
  }
  if (su.right_button(bar, "staff.sync_now", su.t("staffmode.sync.now"), Look::primary)) su.emit(StaffAction::sync_now);
  text_in_box(ui, su.t("staffmode.sync.title"), bar, ui.f.title, ui.p.text, Align::left);
  const sync::SyncStatus& st = *panel.sync;
  // The worker's detail and errors are technical English from the sync code and the hub: shown as they are.
  const std::string state = su.t("staffmode.sync.state." + std::string(sync::to_string(st.state)));
  su.line(area,
          st.detail.empty() ? su.f("staffmode.sync.state", {{"state", state}})
                            : su.f("staffmode.sync.state_detail", {{"state", state}, {"detail", st.detail}}),
          ui.f.bold, st.last_error.empty() ? ui.p.text : ui.p.error);
  su.line(area,
          su.f("staffmode.sync.waiting", {{"responses", su.n("staffmode.sync.responses", st.outbox)},
                                          {"events", su.n("staffmode.sync.events", st.events_outbox)}}),
          ui.f.body, ui.p.text);
  if (st.oldest_unsynced)
    su.line(area, su.f("staffmode.sync.oldest", {{"when", su.when_and_ago(*st.oldest_unsynced)}}), ui.f.body,
            ui.p.text);
  su.line(area,
          st.last_success ? su.f("staffmode.sync.last_success", {{"when", su.when_and_ago(*st.last_success)}})
                          : su.t("staffmode.sync.last_success_none"),
          ui.f.body, ui.p.text);
  if (!st.last_error.empty())
    su.line(area,
            st.last_error_at ? su.f("staffmode.sync.last_error_at",
                                    {{"error", st.last_error}, {"when", su.when_and_ago(*st.last_error_at)}})
                             : su.f("staffmode.sync.last_error", {{"error", st.last_error}}),
            ui.f.body, ui.p.error);
  su.line(area, su.f("staffmode.sync.refused_total", {{"count", std::to_string(st.rejected)}}), ui.f.body, ui.p.text);
  for (const auto& r : panel.rejected)
    su.line(area,
            su.f(r.kind == "response" ? "staffmode.sync.refused.response" : "staffmode.sync.refused.followup",
                 {{"id", r.id.substr(0, 8)}, {"reason", r.reason}}),
            ui.f.small, ui.p.error);
  if (panel.rejected.empty()) return;
  // Once the hub (or its configuration) is fixed, what it refused goes out again: as
  // `heardctl resend-rejected`, without a laptop at the kiosk.
  const std::string& label = su.t("staffmode.sync.resend");
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
  const ExportState& s = su.staff.usb_export();
  ImRect bar = su.back_bar(area);
  if (su.right_button(bar, "export.rescan", su.t("staffmode.export.rescan"))) su.emit(StaffAction::show_export);
  text_in_box(ui, su.t("staffmode.export.title"), bar, ui.f.title, ui.p.text, Align::left);

  choice_row(su, area, "export.period", su.t("staffmode.export.period"),
             {{"1", su.t("staffmode.period.today")},
              {"7", su.t("staffmode.period.7")},
              {"30", su.t("staffmode.period.30")},
              {"0", su.t("staffmode.period.all")}},
             std::to_string(s.days), StaffAction::export_days);
  choice_row(su, area, "export.format", su.t("staffmode.export.format"), {{"csv", "CSV"}, {"json", "JSON"}},
             s.format == store::ExportFormat::json ? "json" : "csv", StaffAction::export_format);
  ImRect contact = take_top(area, m.target, m.gap * 3);
  take_left(contact, m.target * 2, m.gap * 2);
  const std::string& with = su.t("staffmode.export.contact");
  if (button(ui, "export.contact", with, take_left(contact, su.width_of(with) + m.target * 0.6f, 0), Look::chip,
             s.contact))
    su.emit(StaffAction::toggle_contact);

  if (!s.result.empty())
    su.line(area, su.say(s.result), ui.f.bold, s.failed ? ui.p.error : IM_COL32(0x2e, 0x7d, 0x32, 255));
  if (s.folders.empty()) {
    su.line(area, su.t("staffmode.export.no_stick"), ui.f.body, ui.p.text);
    return;
  }
  for (std::size_t i = 0; i < s.folders.size() && area.GetHeight() >= m.target; ++i) {
    const std::string label = su.f("staffmode.export.to", {{"folder", s.folders[i].string()}});
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

// "3.4" or "3,4": one decimal, with the staff language's decimal separator.
std::string one_decimal(double value, std::string_view point) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  std::string out = buf;
  if (const auto dot = out.find('.'); dot != std::string::npos) out.replace(dot, 1, point);
  return out;
}

std::string percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f\u00a0%%", p);
  return buf;
}

// The dashboard: one scrolling column of sections, each drawn with the window's draw list.
// Longer than 60 lines on purpose: the sections are drawn top to bottom into one column
// (`col`), whose cursor each moves on; apart, they would only hand that cursor around.
void insights(StaffUi& su, ImRect area) {
  Ui& ui = su.ui;
  const Metrics& m = ui.m;
  const InsightsState& dash = su.staff.insights();
  ImRect bar = su.back_bar(area);
  text_in_box(ui, su.t("staffmode.insights.title"), bar, ui.f.title, ui.p.text, Align::left);
  choice_row(
      su, area, "insights", "",
      {{"1", su.t("staffmode.period.today")}, {"7", su.t("staffmode.period.7")}, {"30", su.t("staffmode.period.30")}},
      std::to_string(dash.days), StaffAction::show_insights);
  // The queries run on their own thread; until they answer, say so calmly (no stale numbers).
  if (dash.loading) {
    su.line(area, su.t("staffmode.insights.loading"), ui.f.title, ui.p.muted);
    return;
  }
  if (!dash.error.empty()) {
    su.line(area, su.f("staffmode.insights.error", {{"error", dash.error}}), ui.f.body, ui.p.text);
    return;
  }
  if (!dash.insights) return;
  const store::Insights& in = *dash.insights;

  const ImVec2 origin = begin_scroll(ui, "staff.insights", area);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float width = area.GetWidth() - m.gap * 3;
  ImRect col(origin, ImVec2(origin.x + width, origin.y + 100000));
  const float top = col.Min.y;
  su.line(
      col,
      su.n("staffmode.insights.summary", in.responses,
           {{"number", grouped(in.responses)},
            {"csat", percent(in.csat_percent)},
            {"average", in.responses ? one_decimal(in.average, su.t("staffmode.decimal_point")) : std::string("–")}}),
      ui.f.title, ui.p.text);
  if (in.flagged_left_out > 0)
    su.line(col, su.n("staffmode.insights.flagged", in.flagged_left_out, {{"number", grouped(in.flagged_left_out)}}),
            ui.f.small, ui.p.muted);

  // Ratings: one bar per face, in the face's colour, with the count in words beside it.
  su.line(col, su.t("staffmode.insights.ratings"), ui.f.bold, ui.p.text);
  const std::int64_t most = std::max<std::int64_t>(1, *std::max_element(in.by_rating.begin(), in.by_rating.end()));
  for (int rating = 5; rating >= 1; --rating) {
    ImRect row = take_top(col, m.body_px * 1.5f, m.gap * 0.5f);
    text_in_box(ui, std::to_string(rating), take_left(row, m.body_px * 1.5f, m.gap), ui.f.bold, ui.p.text, Align::left);
    const std::int64_t n = in.by_rating[static_cast<std::size_t>(rating - 1)];
    ImRect count = take_right(row, m.body_px * 7, m.gap);
    const float w = row.GetWidth() * static_cast<float>(n) / static_cast<float>(most);
    dl->AddRectFilled(row.Min + ImVec2(0, m.gap * 0.4f),
                      ImVec2(row.Min.x + std::max(w, 2.0f), row.Max.y - m.gap * 0.4f), ui.p.faces[rating - 1]);
    text_in_box(ui, grouped(n) + (in.responses ? " · " + percent(100.0 * n / in.responses) : ""), count, ui.f.small,
                ui.p.text, Align::left);
  }
  take_top(col, m.gap, 0);

  // Weekday x hour: darker is busier; local time of each response.
  su.line(col, su.t("staffmode.insights.when"), ui.f.bold, ui.p.text);
  std::int64_t busiest = 1;
  for (const auto& day : in.heat) busiest = std::max(busiest, *std::max_element(day.begin(), day.end()));
  static const char* days[7] = {"staffmode.day.mon", "staffmode.day.tue", "staffmode.day.wed", "staffmode.day.thu",
                                "staffmode.day.fri", "staffmode.day.sat", "staffmode.day.sun"};
  const float label_w = m.body_px * 2.6f, cell_w = (width - label_w) / 24, cell_h = m.body_px * 1.2f;
  for (int d = 0; d < 7; ++d) {
    ImRect row = take_top(col, cell_h, 2);
    text_in_box(ui, su.t(days[d]), take_left(row, label_w, 0), ui.f.small, ui.p.text, Align::left);
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

  su.line(col, su.t("staffmode.insights.categories"), ui.f.bold, ui.p.text);
  if (in.categories.empty()) su.line(col, su.t("staffmode.insights.no_complaints"), ui.f.body, ui.p.muted);
  for (std::size_t i = 0; i < in.categories.size() && i < 8; ++i) {
    const auto& c = in.categories[i];
    const std::int64_t change = c.count - c.previous;
    const std::string trend =
        change == 0 ? su.t("staffmode.insights.no_change") : (change > 0 ? "+" : "–") + grouped(std::abs(change));
    su.line(col,
            su.f("staffmode.insights.category", {{"category", su.label(su.survey.categories, c.category)},
                                                 {"count", grouped(c.count)},
                                                 {"change", trend}}),
            ui.f.body, change > 0 ? ui.p.error : ui.p.text);
  }
  take_top(col, m.gap, 0);

  su.line(col, su.t("staffmode.insights.words"), ui.f.bold, ui.p.text);
  std::string words;
  for (const auto& [word, n] : in.top_words)
    words += (words.empty() ? "" : " · ") + word + " (" + std::to_string(n) + ")";
  su.line(col, words.empty() ? su.t("staffmode.insights.none_yet") : words, ui.f.body, ui.p.text);
  take_top(col, m.gap, 0);

  su.line(col, su.t("staffmode.insights.recent"), ui.f.bold, ui.p.text);
  for (const auto& c : in.recent)
    su.line(col, su.quoted(c.text) + " · " + std::to_string(c.rating) + "/5 · " + su.when(c.at), ui.f.body, ui.p.text);
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
  const std::string& text = su.t("staffmode.confirm.text");
  const float inner = w - m.pad * 4, th = text_height(ui.f.body, text, inner);
  const float h = m.pad * 4 + th + m.gap * 4 + m.target;
  ImRect card(ImVec2((m.width - w) * 0.5f, (m.height - h) * 0.5f), ImVec2((m.width + w) * 0.5f, (m.height + h) * 0.5f));
  dl->AddRectFilled(card.Min, card.Max, ui.p.background, m.rounding);
  ImRect area(card.Min + ImVec2(m.pad * 2, m.pad * 2), card.Max - ImVec2(m.pad * 2, m.pad * 2));
  text_in_box(ui, text, take_top(area, th, m.gap * 4), ui.f.body, ui.p.text, Align::left);
  ImRect row = take_top(area, m.target, 0);
  const float bw = (row.GetWidth() - m.gap * 2) / 2;
  if (button(ui, "confirm.no", su.t("staffmode.confirm.no"), take_left(row, bw, m.gap * 2), Look::secondary))
    su.emit(StaffAction::confirm_contact, "no");
  if (button(ui, "confirm.yes", su.t("staffmode.confirm.yes"), row, Look::primary))
    su.emit(StaffAction::confirm_contact, "yes");
}

constexpr ImGuiWindowFlags full_screen = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse;

}  // namespace

std::string staff_duration(const Translations& tr, std::string_view language, Millis ms) {
  const long long minutes = std::max<Millis>(ms, 0) / 60'000;
  const long long days = minutes / (24 * 60), hours = minutes / 60 % 24, mins = minutes % 60;
  char padded[8];
  std::snprintf(padded, sizeof padded, "%02lld", mins);
  if (days > 0)
    return tr.format(language, "staffmode.duration.days_hours",
                     {{"days", std::to_string(days)}, {"hours", std::to_string(hours)}});
  if (hours > 0)
    return tr.format(language, "staffmode.duration.hours_minutes",
                     {{"hours", std::to_string(hours)}, {"minutes", padded}});
  return tr.format(language, "staffmode.duration.minutes", {{"minutes", std::to_string(mins)}});
}

std::string sla_words(const Translations& tr, std::string_view lang, const SlaClock& sla) {
  auto duration = [&](Millis ms) { return staff_duration(tr, lang, ms); };
  switch (sla.state) {
    case SlaState::overdue:
      return tr.format(lang, "staffmode.sla.overdue", {{"duration", duration(-sla.left_ms)}});
    case SlaState::due_soon:
      return tr.format(lang, "staffmode.sla.due_soon", {{"duration", duration(sla.left_ms)}});
    case SlaState::on_time:
      return tr.format(lang, "staffmode.sla.on_time", {{"duration", duration(sla.left_ms)}});
  }
  return {};
}

std::vector<StaffIntent> draw_staff(const View& view, const StaffMode& staff, const Flow& flow, Now now,
                                    FrameRecord& record) {
  record.clear();
  std::vector<StaffIntent> out;
  Ui ui{view.metrics, view.palette, view.fonts, view.translations, staff.state().language, record};
  const StorageNotice storage{flow.state().storage_problem, flow.state().storage_problem_since};
  StaffUi su{ui, staff, flow.survey(), storage, now, out};
  const Metrics& m = view.metrics;

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
  ImGui::Begin("staff", nullptr, full_screen | ImGuiWindowFlags_NoBackground);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(m.width, m.height), view.palette.background);
  const ImRect area(m.pad, m.pad, m.width - m.pad, m.height - m.pad);
  switch (staff.state().screen) {
    case StaffScreen::closed:
      break;
    case StaffScreen::pin:
      pin_pad(su, area);
      break;
    case StaffScreen::queue:
      queue(su, area);
      break;
    case StaffScreen::followup:
      if (staff.followups().open) followup(su, area);
      break;
    case StaffScreen::note:
      note(su, area);
      break;
    case StaffScreen::sync:
      sync_panel(su, area);
      break;
    case StaffScreen::usb_export:
      usb_export(su, area);
      break;
    case StaffScreen::insights:
      insights(su, area);
      break;
  }
  ImGui::End();
  if (staff.usb_export().confirm_contact) {
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
