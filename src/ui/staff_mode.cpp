#include "ui/staff_mode.hpp"

#include "core/log.hpp"
#include "store/paths.hpp"
#include "ui/keyboard.hpp"

namespace heard::ui {

namespace {
constexpr std::size_t max_pin_digits = 12;
// The hub takes notes of up to 2000 code points (PROTOCOL: follow-up events); 1000 is plenty.
constexpr std::size_t max_note_code_points = 1000;

// The keyboard's keys as staff intents name them.
KeyPress key_press(StaffAction action) {
  switch (action) {
    case StaffAction::backspace: return KeyPress::backspace;
    case StaffAction::shift: return KeyPress::shift;
    case StaffAction::symbols: return KeyPress::symbols;
    case StaffAction::keyboard_page: return KeyPress::page;
    default: return KeyPress::text;
  }
}

// Today starts at local midnight; otherwise the last N days up to now.
Millis period_start(int days, Millis now) {
  if (days > 1) return now - days * 24LL * 3'600'000;
  const Millis offset = static_cast<Millis>(local_utc_offset_min(now)) * 60'000, day = 24LL * 3'600'000;
  return (now + offset) / day * day - offset;
}
}  // namespace

std::string storage_problem_key(store::StorageProblem problem) {
  switch (problem) {
    case store::StorageProblem::full: return "staffmode.storage.full";
    case store::StorageProblem::read_only: return "staffmode.storage.read_only";
    case store::StorageProblem::permission: return "staffmode.storage.permission";
    case store::StorageProblem::io: return "staffmode.storage.io";
  }
  return "staffmode.storage.io";
}

StaffMode::StaffMode(store::ResponseStore& store, const SurveyConfig& survey)
    : store_(store), staff_(store), survey_(&survey) {
  s_.language = survey.languages.empty() ? "en" : survey.languages.front();
}

void StaffMode::language(std::string code) {
  if (code.empty()) return;  // not configured: keep the survey's first language
  s_.language = std::move(code);
  changed();
}

void StaffMode::watch_gesture(bool down, float x, float y, float corner, bool on_welcome, Now now) {
  if (active()) return;
  const bool in_corner = down && on_welcome && x >= 0 && y >= 0 && x <= corner && y <= corner;
  if (!in_corner) hold_since_.reset();
  else if (!hold_since_) hold_since_ = now.steady;
}

void StaffMode::tick(Now now) {
  last_tick_ = now.steady;
  if (auto done = insights_loader_.take(); done && s_.insights_loading) {
    // Dropped when staff left the dashboard (or logged out) meanwhile.
    s_.insights_loading = false;
    s_.insights = std::move(done->insights);
    s_.insights_error = done->error;
    if (!done->error.empty()) log::error("staff mode: the dashboard's queries failed: " + done->error);
    changed();
  }
  if (!active()) {
    if (hold_since_ && now.steady - *hold_since_ >= hold_ms) open_pin_pad(now);
    else if (now.steady >= next_purge_) purge(now);
    return;
  }
  if (now.steady - last_activity_ >= idle_logout_ms) {
    logout("auto_logout", now);
    return;
  }
  // The lockout countdown and the sync panel change with time alone.
  if (s_.screen == StaffScreen::pin && s_.locked_until && now.steady >= s_.locked_until) {
    s_.locked_until = 0;
    staff_.lockout_served(now.wall);
    s_.message = {};
    changed();
  }
  if (s_.screen == StaffScreen::sync && sync_source_) s_.sync = sync_source_();
}

std::optional<Millis> StaffMode::next_deadline() const {
  if (insights_loader_.busy()) return last_tick_ + insights_poll_ms;
  if (!active()) return hold_since_ ? std::min(*hold_since_ + hold_ms, next_purge_) : next_purge_;
  Millis next = last_activity_ + idle_logout_ms;
  if (s_.locked_until) next = std::min(next, s_.locked_until);
  return next;
}

void StaffMode::purge(Now now) {
  next_purge_ = now.steady + purge_every_ms;
  try {
    const store::PurgeRules rules{survey_->contact_retention_days, survey_->contact_hard_limit_days};
    const auto report = staff_.purge(rules, "retention", now.wall);
    if (report.purged)
      log::info("privacy: purged the contact details of " + std::to_string(report.purged) + " responses");
    if (report.hub_events && sync_now_) sync_now_();
  } catch (const std::exception& e) {
    // A full disk must not stop the kiosk taking feedback; the next day tries again.
    log::error(std::string("privacy: the daily purge of contact details failed: ") + e.what());
  }
}

void StaffMode::start(StaffScreen screen) {
  StaffState fresh;  // nothing of the last member's session is left behind
  fresh.screen = screen;
  fresh.generation = s_.generation + 1;
  fresh.language = s_.language;  // a setting of the device, not of the session
  s_ = std::move(fresh);
}

namespace {
// `key` says what cannot be done; the problem (full, read_only, …) is translated with it.
StaffText storage_message(const store::StorageUnavailableError& e, const char* key) {
  return {key, {}, {{"problem", storage_problem_key(e.problem())}}, std::nullopt};
}
}  // namespace

void StaffMode::open_pin_pad(Now now) {
  hold_since_.reset();
  start(StaffScreen::pin);
  last_activity_ = now.steady;
  try {
    s_.no_pins = !staff_.has_pins();
    if (auto until = staff_.locked_until(now.wall)) s_.locked_until = now.steady_when(*until);
  } catch (const store::StorageUnavailableError& e) {
    s_.message = storage_message(e, "staffmode.pin.storage_pins");
    return;
  }
  staff_.audit_or_log("unknown", "staff_mode_opened", now.wall);
}

void StaffMode::enter_pin(Now now) {
  store::Login login;
  try {
    login = staff_.login(s_.pin, now.wall);
  } catch (const store::StorageUnavailableError& e) {
    s_.pin.clear();
    s_.message = storage_message(e, "staffmode.pin.storage_check");
    return;
  }
  s_.pin.clear();
  switch (login.outcome) {
    case store::Login::Outcome::ok:
      s_.member = login.name;
      s_.message = {};
      s_.locked_until = 0;
      refresh_queue(now);
      s_.screen = StaffScreen::queue;
      break;
    case store::Login::Outcome::wrong_pin:
      s_.message = {"staffmode.pin.wrong", {}, {}, login.tries_left};
      break;
    case store::Login::Outcome::locked:
      s_.locked_until = now.steady_when(login.locked_until);
      s_.message = {};
      break;
    case store::Login::Outcome::no_pins:
      s_.no_pins = true;
      break;
  }
}

void StaffMode::refresh_queue(Now now) {
  s_.queue = staff_.followup_queue(survey_->sla_hours, now.wall, queue_limit);
}

void StaffMode::logout(const char* why, Now now) {
  if (!s_.member.empty()) staff_.audit_or_log(s_.member, why, now.wall);
  start(StaffScreen::closed);
}

namespace {
// What staff can do about a failed write, in the staff language (store::classify_export_failure).
const char* export_failure_key(const store::FileWriteError& e) {
  switch (store::classify_export_failure(e)) {
    case store::ExportFailure::stick_full: return "staffmode.export.stick_full";
    case store::ExportFailure::stick_read_only: return "staffmode.export.stick_read_only";
    case store::ExportFailure::stick_gone: return "staffmode.export.stick_gone";
    case store::ExportFailure::other: break;
  }
  return "staffmode.export.not_written";
}
}  // namespace

void StaffMode::export_now(std::size_t folder, Now now) {
  store::ExportFilter filter;
  filter.include_contact = s_.export_contact;
  if (s_.export_days > 0) filter.since = period_start(s_.export_days, now.wall);
  try {
    const auto done = store::export_to_folder(store_.database(), s_.export_folders[folder], "", s_.export_format,
                                              filter, now.wall);
    s_.export_result = {"staffmode.export.saved", {{"file", done.file.string()}}, {}, static_cast<std::int64_t>(done.count)};
    s_.export_failed = false;
    staff_.audit(s_.member, s_.export_contact ? "export_with_contact" : "export", {},
                 done.file.string() + " (" + std::to_string(done.count) + " responses)", now.wall);
  } catch (const store::FileWriteError& e) {
    s_.export_result = {export_failure_key(e), {{"error", e.what()}}, {}, std::nullopt};
    s_.export_failed = true;
    log::warning(std::string("staff mode: export failed: ") + e.what());
  } catch (const std::exception& e) {
    s_.export_result = {"staffmode.export.failed", {{"error", e.what()}}, {}, std::nullopt};
    s_.export_failed = true;
    log::error(std::string("staff mode: the export failed: ") + e.what());
  }
}

void StaffMode::load_insights(Now now) {
  if (!stop_words_) {
    try {
      stop_words_ = load_stop_words((assets_dir_.empty() ? store::default_assets_dir() : assets_dir_) / "stopwords.json");
    } catch (const std::exception& e) {
      log::warning(std::string("staff mode: no stop-words for the dashboard's word list: ") + e.what());
      stop_words_ = StopWords{};
    }
  }
  s_.insights_loading = true;
  s_.insights_error.clear();
  insights_loader_.start({store_.file(), period_start(s_.insights_days, now.wall), now.wall, *stop_words_});
  staff_.audit(s_.member, "insights", {}, std::to_string(s_.insights_days) + " days", now.wall);
}

void StaffMode::apply(const StaffIntent& in, Now now) {
  try {
    apply_one(in, now);
  } catch (const store::StorageUnavailableError& e) {
    // The sync panel says so; staff mode stays usable for what needs no write.
    log::error(std::string("staff mode: storage unavailable: ") + e.what());
  }
}

void StaffMode::apply_one(const StaffIntent& in, Now now) {
  if (!active()) return;
  last_activity_ = now.steady;
  const bool locked = s_.locked_until > now.steady;
  switch (in.action) {
    case StaffAction::digit:
      if (!locked && !s_.no_pins && s_.pin.size() < max_pin_digits) s_.pin += in.value;
      break;
    case StaffAction::clear_pin: s_.pin.clear(); break;
    case StaffAction::enter_pin:
      if (!locked && !s_.no_pins && !s_.pin.empty()) enter_pin(now);
      break;
    case StaffAction::cancel: logout("logout", now); return;
    case StaffAction::logout: logout("logout", now); return;
    case StaffAction::open:
      s_.open = staff_.followup(in.value, survey_->sla_hours, now.wall);
      s_.revealed.reset();
      s_.history = store_.events_for(in.value);
      if (s_.open) {
        staff_.audit(s_.member, "open_followup", in.value, {}, now.wall);
        s_.screen = StaffScreen::followup;
      }
      break;
    case StaffAction::back:
      if (s_.screen == StaffScreen::note) {
        s_.screen = StaffScreen::followup;
      } else {
        s_.open.reset();
        s_.revealed.reset();  // masked again once the member leaves it
        refresh_queue(now);
        s_.screen = StaffScreen::queue;
      }
      break;
    case StaffAction::reveal:
      if (s_.open) s_.revealed = staff_.reveal_contact(s_.member, s_.open->response.id, now.wall);
      break;
    case StaffAction::choose_status:
      if (in.value == "contacted" || in.value == "resolved" || in.value == "unreachable") {
        s_.new_status = in.value;
        s_.note.clear();
        s_.keyboard = KeyboardState::opened(false);
        s_.screen = StaffScreen::note;
      }
      break;
    case StaffAction::type_text:
    case StaffAction::backspace:
    case StaffAction::shift:
    case StaffAction::symbols:
    case StaffAction::keyboard_page:
      press_key(s_.keyboard, &s_.note, key_press(in.action), in.value, max_note_code_points);
      break;
    case StaffAction::save_note:
      if (s_.open && !s_.new_status.empty()) {
        staff_.record_followup(s_.member, s_.open->response.id, s_.new_status, s_.note, now.wall);
        log::info("staff mode: " + s_.member + " marked a follow-up " + s_.new_status);
        if (sync_now_) sync_now_();  // head office sees it within seconds, not at the next sync interval
        s_.open = staff_.followup(s_.open->response.id, survey_->sla_hours, now.wall);
        s_.history = store_.events_for(s_.open->response.id);
        s_.new_status.clear();
        s_.note.clear();
        s_.screen = StaffScreen::followup;
      }
      break;
    case StaffAction::sync_now:
      if (sync_now_) {
        staff_.audit(s_.member, "sync_now", {}, {}, now.wall);
        sync_now_();
        s_.sync = sync_source_();
      }
      break;
    case StaffAction::resend_rejected: {
      const auto counts = store_.resend_rejected(std::nullopt);
      staff_.audit(s_.member, "resend_rejected", {},
                   std::to_string(counts.responses) + " responses, " + std::to_string(counts.events) + " events",
                   now.wall);
      if (sync_now_) sync_now_();
      s_.rejected = staff_.rejected(5);
      if (sync_source_) s_.sync = sync_source_();
      break;
    }
    case StaffAction::show_export: {
      s_.export_folders = store::find_export_folders(
          "/proc/mounts", usb_export_dir_.empty() ? std::nullopt : std::optional<std::filesystem::path>(usb_export_dir_));
      s_.export_result = {};
      s_.screen = StaffScreen::usb_export;
      break;
    }
    case StaffAction::export_days: s_.export_days = std::stoi(in.value); break;
    case StaffAction::export_format:
      s_.export_format = in.value == "json" ? store::ExportFormat::json : store::ExportFormat::csv;
      break;
    case StaffAction::toggle_contact:
      if (s_.export_contact) s_.export_contact = false;
      else s_.confirm_contact = true;
      break;
    case StaffAction::confirm_contact:
      s_.export_contact = in.value == "yes";
      s_.confirm_contact = false;
      break;
    case StaffAction::export_to:
      if (const auto i = std::stoul(in.value); i < s_.export_folders.size()) export_now(i, now);
      break;
    case StaffAction::show_insights:
      if (!in.value.empty()) s_.insights_days = std::stoi(in.value);
      load_insights(now);
      s_.screen = StaffScreen::insights;
      break;
    case StaffAction::show_sync:
      s_.sync = sync_source_ ? std::optional(sync_source_()) : std::nullopt;
      s_.rejected = staff_.rejected(5);
      s_.screen = StaffScreen::sync;
      break;
  }
  changed();
}

}  // namespace heard::ui
