#pragma once
// Staff mode as a state machine with no window, like Flow for customers: the staff screens
// draw a StaffState and hand back StaffIntents; StaffMode applies them to the store.
//
// Getting in: press and hold the top-left corner of the Welcome screen for 3 seconds (a
// customer does not hold a blank corner that long), then a staff PIN. Getting out: "Log
// out", or 2 minutes without a touch, back to the customer's Welcome screen.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/survey.hpp"
#include "core/words.hpp"
#include "store/database.hpp"
#include "store/insights.hpp"
#include "ui/insights_loader.hpp"
#include "ui/keyboard.hpp"
#include "store/staff_store.hpp"
#include "store/usb_export.hpp"
#include "sync/status.hpp"

namespace heard::ui {

// Words for staff, not yet in any language: a translation key (assets/i18n) and its values,
// said in the staff language by the staff screens. Whole sentences with placeholders, never
// pieces, so each language can order them its own way.
struct StaffText {
  std::string key;  // empty: nothing to say
  std::vector<std::pair<std::string, std::string>> values;      // placeholder -> text as is
  std::vector<std::pair<std::string, std::string>> translated;  // placeholder -> a key of its own
  std::optional<std::int64_t> count;  // set: `key` has plural forms (Translations::plural)

  bool empty() const { return key.empty(); }
};

// "staffmode.storage.full", …: the key of a storage problem's words for staff.
std::string storage_problem_key(store::StorageProblem problem);

enum class StaffScreen { closed, pin, queue, followup, note, sync, usb_export, insights };

struct StaffState {
  StaffScreen screen = StaffScreen::closed;
  std::uint64_t generation = 0;  // bumps on every change worth drawing again
  std::string pin;               // digits typed so far (drawn as dots)
  std::string language;          // what staff mode speaks ([staff] language in heard.conf)
  std::string member;            // who is logged in
  StaffText message;             // the last PIN problem
  bool no_pins = false;          // nobody has a PIN yet: staff mode stays locked
  Millis locked_until = 0;       // wrong-PIN lockout, on the steady clock (core/clock.hpp)
  std::vector<store::QueueItem> queue;
  std::optional<store::QueueItem> open;  // the follow-up being worked
  std::optional<Contact> revealed;       // its contact details, once revealed (logged)
  std::vector<store::FollowupEvent> history;  // its follow-up events so far, oldest first
  std::string new_status;                // contacted / resolved / unreachable, on the note screen
  std::string note;
  KeyboardState keyboard;  // the note's
  std::optional<sync::SyncStatus> sync;  // nullopt: this kiosk has no sync worker
  std::vector<store::Rejected> rejected;  // what the hub refused, newest first
  // Export to USB.
  std::vector<std::filesystem::path> export_folders;  // sticks found (and the configured folder)
  int export_days = 7;                                 // 1 = today; 0 = everything
  store::ExportFormat export_format = store::ExportFormat::csv;
  bool export_contact = false;   // only after the extra confirmation
  bool confirm_contact = false;  // that confirmation is on screen
  StaffText export_result;       // what happened
  bool export_failed = false;
  // Insights dashboard.
  int insights_days = 7;  // 1 = today
  std::optional<store::Insights> insights;
  bool insights_loading = false;  // the queries run on their own thread (ui/insights_loader.hpp)
  std::string insights_error;
};

enum class StaffAction {
  digit,        // value: "0".."9"
  clear_pin,
  enter_pin,
  cancel,       // leave the PIN pad
  open,         // value: response id
  back,
  reveal,
  choose_status,  // value: contacted / resolved / unreachable
  type_text,    // value: text of a key
  backspace,
  shift,
  symbols,
  keyboard_page,
  save_note,
  show_sync,
  sync_now,
  resend_rejected,  // what the hub refused goes back in the outbox
  show_export,     // also looks for sticks again
  export_days,     // value: "1", "7", "30", "0"
  export_format,   // value: "csv", "json"
  toggle_contact,  // asks for confirmation before including contact details
  confirm_contact, // value: "yes" or "no"
  export_to,       // value: index into export_folders
  show_insights,   // value: "1", "7", "30" (days; 1 = today), or empty for the last choice
  logout,
};

struct StaffIntent {
  StaffAction action;
  std::string value;
};

class StaffMode {
 public:
  static constexpr Millis hold_ms = 3'000;         // the hidden gesture
  static constexpr Millis idle_logout_ms = 120'000;
  static constexpr std::size_t queue_limit = 200;
  static constexpr Millis purge_every_ms = 24LL * 3'600'000;
  static constexpr Millis insights_poll_ms = 20;  // how often a frame looks for the dashboard's numbers

  StaffMode(store::ResponseStore& store, const SurveyConfig& survey);
  // A survey published at the hub, once the flow took it (Flow::use_survey).
  void use_survey(const SurveyConfig& survey) { survey_ = &survey; }

  const StaffState& state() const { return s_; }
  bool active() const { return s_.screen != StaffScreen::closed; }

  // The kiosk's sync worker: its status, and a way to wake it now. Without them the sync
  // panel says sync is not configured.
  void sync_controls(std::function<sync::SyncStatus()> status, std::function<void()> sync_now) {
    sync_source_ = std::move(status);
    sync_now_ = std::move(sync_now);
  }

  // Where this device keeps things (heard.conf's [paths]): `usb_export_dir` is offered
  // before any stick found (empty: none); the dashboard's stop-words come from
  // `assets_dir`/stopwords.json (empty: store::default_assets_dir()).
  void device_paths(std::filesystem::path usb_export_dir, std::filesystem::path assets_dir) {
    usb_export_dir_ = std::move(usb_export_dir);
    assets_dir_ = std::move(assets_dir);
  }

  // The language of the staff screens (heard.conf's [staff] language); by default the
  // survey's first language.
  void language(std::string code);

  // The pointer as the customer screens see it, for the hidden gesture: held down inside
  // the corner (`corner` px square) of the Welcome screen for hold_ms opens the PIN pad.
  void watch_gesture(bool down, float x, float y, float corner, bool on_welcome, Now now);

  void apply(const StaffIntent& intent, Now now);
  // Opens the PIN pad after a completed gesture; logs out after idle_logout_ms untouched.
  // Also purges contact details past retention: at start and daily, while staff mode is shut.
  void tick(Now now);
  std::optional<Millis> next_deadline() const;  // steady clock
  // Work on another thread that the screen is waiting for (the dashboard's queries).
  bool background_busy() const { return insights_loader_.busy(); }

 private:
  void apply_one(const StaffIntent& intent, Now now);
  void start(StaffScreen screen);
  void purge(Now now);
  void open_pin_pad(Now now);
  void enter_pin(Now now);
  void refresh_queue(Now now);
  void logout(const char* why, Now now);
  void export_now(std::size_t folder, Now now);
  void load_insights(Now now);
  void changed() { ++s_.generation; }

  store::ResponseStore& store_;
  store::StaffStore staff_;
  const SurveyConfig* survey_;
  std::function<sync::SyncStatus()> sync_source_;
  std::function<void()> sync_now_;
  StaffState s_;
  // Steady clock, as every timer here; the store gets wall time for its stamps.
  std::optional<Millis> hold_since_;
  Millis last_activity_ = 0;
  Millis next_purge_ = 0;  // the first tick purges
  std::optional<StopWords> stop_words_;  // read on first use of the dashboard
  InsightsLoader insights_loader_;
  Millis last_tick_ = 0;  // steady clock: while the dashboard loads, poll for it from here
  std::filesystem::path usb_export_dir_;
  std::filesystem::path assets_dir_;
};

}  // namespace heard::ui
