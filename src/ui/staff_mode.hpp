#pragma once
// Staff mode as a state machine with no window, like Flow for customers: the staff screens
// draw its parts' states and hand back StaffIntents; StaffMode routes each to the part that
// owns it and says which screen shows next.
//
// The parts, each a small state machine with its own state:
//   StaffSession  (staff_session.hpp)     the hidden gesture, PIN, lockout, logout, idle logout
//   Followups     (staff_followups.hpp)   the queue, one follow-up, its note
//   UsbExport     (staff_export.hpp)      export to a stick
//   InsightsPanel (staff_insights.hpp)    the dashboard
//   SyncPanel     (staff_sync_panel.hpp)  sync status, "Sync now", what the hub refused
// What it takes from heard.conf comes in StaffSettings (staff_settings.hpp). The daily
// privacy purge is not staff mode's: it is a job of the kiosk's main loop (privacy_purge.hpp).
//
// Getting in: press and hold the top-left corner of the Welcome screen for 3 seconds (a
// customer does not hold a blank corner that long), then a staff PIN. Getting out: "Log
// out", or 2 minutes without a touch, back to the customer's Welcome screen.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/survey.hpp"
#include "store/staff_store.hpp"
#include "sync/status.hpp"
#include "ui/staff_export.hpp"
#include "ui/staff_followups.hpp"
#include "ui/staff_insights.hpp"
#include "ui/staff_session.hpp"
#include "ui/staff_settings.hpp"
#include "ui/staff_sync_panel.hpp"
#include "ui/staff_text.hpp"

namespace heard::ui {

enum class StaffScreen { closed, pin, queue, followup, note, sync, usb_export, insights };

// What is on screen; each part keeps its own state (StaffMode::session() and so on).
struct StaffState {
  StaffScreen screen = StaffScreen::closed;
  std::uint64_t generation = 0;  // bumps on every change worth drawing again
  std::string language;          // what staff mode speaks ([staff] language in heard.conf)
};

enum class StaffAction {
  // StaffSession
  digit,  // value: "0".."9"
  clear_pin,
  enter_pin,
  cancel,  // leave the PIN pad
  logout,
  // Followups
  open,  // value: response id
  back,  // also from the other screens, to the queue
  reveal,
  choose_status,  // value: contacted / resolved / unreachable
  type_text,      // value: text of a key
  backspace,
  shift,
  symbols,
  keyboard_page,
  save_note,
  // SyncPanel
  show_sync,
  sync_now,
  resend_rejected,  // what the hub refused goes back in the outbox
  // UsbExport
  show_export,      // also looks for sticks again
  export_days,      // value: "1", "7", "30", "0"
  export_format,    // value: "csv", "json"
  toggle_contact,   // asks for confirmation before including contact details
  confirm_contact,  // value: "yes" or "no"
  export_to,        // value: index into the export folders
  // InsightsPanel
  show_insights,  // value: "1", "7", "30" (days; 1 = today), or empty for the last choice
};

// The keyboard's keys as staff intents (see KeyActions).
inline constexpr KeyActions<StaffAction> keyboard_actions{StaffAction::type_text, StaffAction::backspace,
                                                          StaffAction::shift, StaffAction::symbols,
                                                          StaffAction::keyboard_page};

struct StaffIntent {
  StaffAction action;
  std::string value;
};

class StaffMode {
 public:
  static constexpr Millis hold_ms = StaffSession::hold_ms;
  static constexpr Millis idle_logout_ms = StaffSession::idle_logout_ms;
  static constexpr std::size_t queue_limit = Followups::queue_limit;
  static constexpr Millis insights_poll_ms = 20;  // how often a frame looks for the dashboard's numbers

  StaffMode(store::ResponseStore& store, const SurveyConfig& survey);
  // A survey published at the hub, once the flow took it (Flow::use_survey).
  void use_survey(const SurveyConfig& survey) { survey_ = &survey; }
  // What the device configuration says (heard.conf): the export folder, the assets, the
  // staff language (empty: the survey's first language).
  void configure(StaffSettings settings);

  const StaffState& state() const { return s_; }
  const SessionState& session() const { return session_.state(); }
  const FollowupState& followups() const { return followups_.state(); }
  const ExportState& usb_export() const { return export_.state(); }
  const InsightsState& insights() const { return insights_.state(); }
  const SyncPanelState& sync_panel() const { return sync_.state(); }
  bool active() const { return s_.screen != StaffScreen::closed; }

  // The kiosk's sync worker: its status, and a way to wake it now. Without them the sync
  // panel says sync is not configured.
  void sync_controls(std::function<sync::SyncStatus()> status, std::function<void()> sync_now) {
    sync_.controls(std::move(status), std::move(sync_now));
  }

  // The pointer as the customer screens see it, for the hidden gesture (StaffSession).
  void watch_gesture(bool down, float x, float y, float corner, bool on_welcome, Now now);

  void apply(const StaffIntent& intent, Now now);
  // Opens the PIN pad after a completed gesture; logs out after idle_logout_ms untouched.
  void tick(Now now);
  std::optional<Millis> next_deadline() const;  // steady clock
  // Work on another thread that the screen is waiting for (the dashboard's queries).
  bool background_busy() const { return insights_.busy(); }

 private:
  void apply_one(const StaffIntent& intent, Now now);
  void apply_session(const StaffIntent& intent, Now now);
  void apply_followups(const StaffIntent& intent, Now now);
  void apply_export(const StaffIntent& intent, Now now);
  void logout(const char* why, Now now);
  void reset_parts();
  void show(StaffScreen screen) { s_.screen = screen; }
  void changed() { ++s_.generation; }

  store::StaffStore staff_;
  const SurveyConfig* survey_;
  StaffSettings settings_;
  StaffState s_;
  StaffSession session_;
  Followups followups_;
  UsbExport export_;
  InsightsPanel insights_;
  SyncPanel sync_;
  Millis last_tick_ = 0;  // steady clock: while the dashboard loads, poll for it from here
};

}  // namespace heard::ui
