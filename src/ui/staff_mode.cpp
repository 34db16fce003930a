#include "ui/staff_mode.hpp"

#include "core/log.hpp"

namespace heard::ui {

StaffMode::StaffMode(store::ResponseStore& store, const SurveyConfig& survey)
    : staff_(store),
      survey_(&survey),
      session_(staff_),
      followups_(store, staff_),
      export_(staff_),
      insights_(store, staff_),
      sync_(store, staff_) {
  s_.language = survey.languages.empty() ? "en" : survey.languages.front();
}

void StaffMode::configure(StaffSettings settings) {
  settings_ = std::move(settings);
  if (settings_.language.empty()) return;  // not configured: keep the survey's first language
  s_.language = settings_.language;
  changed();
}

void StaffMode::watch_gesture(bool down, float x, float y, float corner, bool on_welcome, Now now) {
  if (!active()) session_.watch_gesture(down, x, y, corner, on_welcome, now);
}

void StaffMode::tick(Now now) {
  last_tick_ = now.steady;
  if (insights_.poll()) changed();
  if (!active()) {
    if (session_.gesture_done(now)) {
      reset_parts();  // nothing of the last member's session is left behind
      session_.open_pin_pad(now);
      show(StaffScreen::pin);
      changed();
    }
    return;
  }
  if (session_.idle(now)) {
    logout("auto_logout", now);
    return;
  }
  // The lockout countdown and the sync panel change with time alone.
  if (s_.screen == StaffScreen::pin && session_.lockout_served(now)) changed();
  if (s_.screen == StaffScreen::sync) sync_.refresh();
}

std::optional<Millis> StaffMode::next_deadline() const {
  if (insights_.busy()) return last_tick_ + insights_poll_ms;
  if (!active()) return session_.gesture_deadline();
  return session_.next_deadline();
}

void StaffMode::logout(const char* why, Now now) {
  session_.logout(why, now);
  reset_parts();
  show(StaffScreen::closed);
  changed();
}

void StaffMode::reset_parts() {
  followups_.reset();
  export_.reset();
  insights_.reset();
  sync_.reset();
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
  session_.touched(now);
  const std::string& member = session_.state().member;
  switch (in.action) {
    case StaffAction::digit:
    case StaffAction::clear_pin:
    case StaffAction::enter_pin:
      apply_session(in, now);
      break;
    case StaffAction::cancel:
    case StaffAction::logout:
      logout("logout", now);
      return;
    case StaffAction::open:
    case StaffAction::back:
    case StaffAction::reveal:
    case StaffAction::choose_status:
    case StaffAction::type_text:
    case StaffAction::backspace:
    case StaffAction::shift:
    case StaffAction::symbols:
    case StaffAction::keyboard_page:
    case StaffAction::save_note:
      apply_followups(in, now);
      break;
    case StaffAction::show_sync:
      sync_.show();
      show(StaffScreen::sync);
      break;
    case StaffAction::sync_now:
      sync_.sync_now(member, now);
      break;
    case StaffAction::resend_rejected:
      sync_.resend_rejected(member, now);
      break;
    case StaffAction::show_export:
    case StaffAction::export_days:
    case StaffAction::export_format:
    case StaffAction::toggle_contact:
    case StaffAction::confirm_contact:
    case StaffAction::export_to:
      apply_export(in, now);
      break;
    case StaffAction::show_insights:
      insights_.show(member, in.value, settings_.assets_dir, now);
      show(StaffScreen::insights);
      break;
  }
  changed();
}

void StaffMode::apply_session(const StaffIntent& in, Now now) {
  if (in.action == StaffAction::digit) session_.digit(in.value, now);
  else if (in.action == StaffAction::clear_pin) session_.clear();
  else if (session_.enter(now)) {
    followups_.show_queue(*survey_, now);
    show(StaffScreen::queue);
  }
}

void StaffMode::apply_followups(const StaffIntent& in, Now now) {
  const std::string& member = session_.state().member;
  switch (in.action) {
    case StaffAction::open:
      if (followups_.open(member, in.value, *survey_, now)) show(StaffScreen::followup);
      break;
    case StaffAction::back:
      if (s_.screen == StaffScreen::note) {
        show(StaffScreen::followup);
      } else {
        followups_.show_queue(*survey_, now);
        show(StaffScreen::queue);
      }
      break;
    case StaffAction::reveal:
      followups_.reveal(member, now);
      break;
    case StaffAction::choose_status:
      if (followups_.choose_status(in.value)) show(StaffScreen::note);
      break;
    case StaffAction::save_note:
      if (followups_.save_note(member, *survey_, sync_.sync_now_hook(), now)) show(StaffScreen::followup);
      break;
    default:
      followups_.press_key(*key_of(keyboard_actions, in.action), in.value);
      break;
  }
}

void StaffMode::apply_export(const StaffIntent& in, Now now) {
  switch (in.action) {
    case StaffAction::show_export:
      export_.rescan(settings_.usb_export_dir);
      show(StaffScreen::usb_export);
      break;
    case StaffAction::export_days:
      export_.days(in.value);
      break;
    case StaffAction::export_format:
      export_.format(in.value);
      break;
    case StaffAction::toggle_contact:
      export_.toggle_contact();
      break;
    case StaffAction::confirm_contact:
      export_.confirm_contact(in.value == "yes");
      break;
    default:
      export_.export_to(session_.state().member, in.value, now);
      break;
  }
}

}  // namespace heard::ui
