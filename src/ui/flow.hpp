#pragma once
// The customer's path through the kiosk as a state machine, with no window: screens draw a
// FlowState and hand back Intents; Flow applies them, saves every confirmed step to the
// store, and runs the timers (idle -> "Still there?" -> reset, thank you -> welcome).
//
// One tap on a face saves a complete-able response at once (Stage::in_progress). Each step
// the customer confirms (Next, Done, Send) updates that same response; what is only on
// screen (the draft) is discarded when the customer walks away.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/flags.hpp"
#include "core/response.hpp"
#include "core/survey.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "store/response_store.hpp"
#include "ui/keyboard.hpp"

namespace heard::ui {

// `unavailable`: the storage refuses writes (disk full, read-only): no faces, a calm notice
// until a probe proves a save would work again.
enum class Screen { welcome, chips, comment, resolution, staff, contact, review, thank_you, unavailable };

enum class ContactField { none, name, phone, email };

struct FlowState {
  Screen screen = Screen::welcome;
  std::uint64_t generation = 0;  // bumps on every screen change and overlay; stale intents are dropped
  Millis screen_since = 0;       // steady clock (core/clock.hpp), as every timer here
  Millis last_activity = 0;      // steady clock
  std::string language;
  bool large_text = false;
  bool high_contrast = false;

  Response saved;                                        // as in the store; id empty while no response is open
  Response draft;                                        // as on screen
  ContactField editing = ContactField::none;             // contact field with the keyboard open
  KeyboardState keyboard;                                // while a field is open (comment, a contact field)
  bool back_to_review = false;                           // editing a step from "Here is what we heard"
  std::vector<FieldError> errors;                        // from the last confirmation, shown on screen
  bool still_there = false;                              // the idle overlay
  int still_there_left = 0;                              // seconds shown on it
  bool save_failed = false;                              // the store refused a write: tell the customer, keep the draft
  std::optional<store::StorageProblem> storage_problem;  // set while the screen is `unavailable`
  Millis storage_problem_since = 0;                      // wall clock: shown to staff as a time of day

  bool response_open() const { return !saved.id.empty(); }
};

enum class IntentType {
  rate,               // number: 1..5
  toggle_chip,        // value: category / improvement / praise id
  choose_resolution,  // value: resolution id (again to clear)
  choose_staff,       // value: staff id (again to clear)
  choose_channel,     // value: "phone", "sms", "email"
  toggle_consent,
  edit_field,  // number: ContactField; ContactField::none closes the keyboard
  type_text,   // value: text from a key
  backspace,
  shift,
  symbols,
  keyboard_page,  // the keyboard's next page of keys ("more letters")
  next,
  done,
  back,
  send,
  edit_step,  // number: Screen, from the review
  language,   // value: code
  toggle_large_text,
  toggle_high_contrast,
  still_here,
  finish,  // leave the thank-you screen now
  dismiss_error,
};

struct Intent {
  IntentType type;
  std::string value;
  int number = 0;
  std::uint64_t generation = 0;  // the screen generation it was drawn on
};

// The keyboard's keys as customer intents (see KeyActions).
inline constexpr KeyActions<IntentType> keyboard_intents{
    IntentType::type_text, IntentType::backspace, IntentType::shift, IntentType::symbols, IntentType::keyboard_page};

class Flow {
 public:
  static constexpr Millis tap_guard_ms = 300;             // taps this soon after a screen change are ignored
  static constexpr Millis probe_unavailable_ms = 10'000;  // how often to try the storage while it refuses
  static constexpr Millis probe_idle_ms = 60'000;         // on Welcome, after the last successful write

  Flow(const SurveyConfig& survey, store::ResponseStore& store, std::string kiosk_id, std::string app_version, Now now);

  const FlowState& state() const { return s_; }
  const SurveyConfig& survey() const { return *survey_; }
  // Runs `survey` (published at the hub) from now on, but only between customers: false, and
  // nothing changes, unless the Welcome screen shows with no response open. `survey` must
  // outlive its use.
  bool use_survey(const SurveyConfig& survey, Now now);
  bool between_customers() const;

  // Applies one intent; false when ignored (drawn on an earlier screen, or too soon after a change).
  bool apply(const Intent& intent, Now now);
  // Advances the timers to `now`. Timers run on now.steady, so a wall-clock step (NTP)
  // neither freezes taps nor cuts a customer off; only what is stamped uses now.wall.
  void tick(Now now);
  // When tick() must next run, on the steady clock; nullopt while nothing is pending.
  std::optional<Millis> next_deadline() const;

  // The steps after the rating for this kind of response, in order.
  std::vector<Screen> steps(Kind kind) const;
  // The keyboard a screen shows, if any.
  std::optional<KeyboardMode> keyboard_mode() const;

  // Staff mode is open now: responses completed within flags::staff_window_ms of this are
  // flagged "staff_present".
  void staff_seen(Now now) { staff_seen_ = now.steady; }

  // Called once a response is complete (sent, or left by a customer who walked away), after
  // the commit: the sync worker sends it, at once when it is urgent.
  void on_complete(std::function<void(const Response&)> listener) { on_complete_ = std::move(listener); }

 private:
  void go(Screen screen, Now now);
  void reset(Now now);
  void rate(int rating, Now now);
  bool confirm(store::Stage stage, bool contact_may_follow, Now now);
  void forward(bool done, Now now);
  void back(Now now);
  std::string* typing_target();
  std::size_t typing_limit() const;  // of the field typing_target() points to, in code points
  Response candidate() const;
  bool staff_recent(Now now) const { return staff_seen_ && now.steady - *staff_seen_ <= flags::staff_window_ms; }

  // The storage refused `r` (a new rating when `in_store` is false, else a confirmed step).
  void storage_unavailable(const store::StorageUnavailableError& e, std::optional<Response> r, bool in_store, Now now);
  // Tries a real write; back to Welcome (saving what was held) when it works.
  void probe(Now now);
  void wrote(Now now) { next_probe_ = now.steady + probe_idle_ms; }

  const SurveyConfig* survey_;
  store::ResponseStore& store_;
  // What the customer confirmed while the storage refused it: kept in memory only, saved
  // (complete) as soon as the storage is back; never acknowledged with "thank you".
  std::optional<Response> held_;
  bool held_in_store_ = false;  // its rating was saved before: update rather than insert
  Millis next_probe_ = 0;       // steady clock
  std::string kiosk_id_;
  std::string app_version_;
  UuidV7Generator ids_;
  FlowState s_;
  std::function<void(const Response&)> on_complete_;
  flags::BurstWatch burst_;
  std::optional<Millis> staff_seen_;  // steady clock
};

const char* screen_name(Screen screen);

}  // namespace heard::ui
