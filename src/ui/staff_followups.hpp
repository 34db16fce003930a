#pragma once
// Staff mode's follow-ups: the queue of complaints to call back, one follow-up opened (its
// contact details revealed on request, and logged), and a note with the on-screen keyboard
// when staff mark it contacted, resolved or unreachable. Its own state machine.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/survey.hpp"
#include "store/staff_store.hpp"
#include "ui/keyboard.hpp"

namespace heard::ui {

struct FollowupState {
  std::vector<store::QueueItem> queue;
  std::optional<store::QueueItem> open;       // the follow-up being worked
  std::optional<Contact> revealed;            // its contact details, once revealed (logged)
  std::vector<store::FollowupEvent> history;  // its follow-up events so far, oldest first
  std::string new_status;                     // contacted / resolved / unreachable, on the note screen
  std::string note;
  KeyboardState keyboard;  // the note's
};

class Followups {
 public:
  static constexpr std::size_t queue_limit = 200;

  Followups(store::ResponseStore& store, store::StaffStore& staff) : store_(store), staff_(staff) {}

  const FollowupState& state() const { return s_; }
  void reset() { s_ = {}; }

  // The queue as it is now, the follow-up closed (and its contact masked again).
  void show_queue(const SurveyConfig& survey, Now now);
  // True when `response_id` is one to follow up (then it is open).
  bool open(const std::string& member, const std::string& response_id, const SurveyConfig& survey, Now now);
  void reveal(const std::string& member, Now now);
  // True when `status` is one staff can set (then the note screen is next).
  bool choose_status(const std::string& status);
  void press_key(KeyPress key, const std::string& typed);
  // Records the status and note; `sync_now` tells the hub within seconds. True when saved.
  bool save_note(const std::string& member, const SurveyConfig& survey, const std::function<void()>& sync_now, Now now);

 private:
  store::ResponseStore& store_;
  store::StaffStore& staff_;
  FollowupState s_;
};

}  // namespace heard::ui
