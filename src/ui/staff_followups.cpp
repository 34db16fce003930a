#include "ui/staff_followups.hpp"

#include "core/log.hpp"

namespace heard::ui {

namespace {
// The hub takes notes of up to 2000 characters (hub/ingest.cpp); 1000 is plenty at a kiosk.
constexpr std::size_t max_note_code_points = 1000;
}  // namespace

void Followups::show_queue(const SurveyConfig& survey, Now now) {
  s_.open.reset();
  s_.revealed.reset();  // masked again once the member leaves it
  s_.queue = staff_.followup_queue(survey.sla_hours, now.wall, queue_limit);
}

bool Followups::open(const std::string& member, const std::string& response_id, const SurveyConfig& survey, Now now) {
  s_.open = staff_.followup(response_id, survey.sla_hours, now.wall);
  s_.revealed.reset();
  s_.history = store_.events_for(response_id);
  if (!s_.open) return false;
  staff_.audit(member, "open_followup", response_id, {}, now.wall);
  return true;
}

void Followups::reveal(const std::string& member, Now now) {
  if (s_.open) s_.revealed = staff_.reveal_contact(member, s_.open->response.id, now.wall);
}

bool Followups::choose_status(const std::string& status) {
  if (status != "contacted" && status != "resolved" && status != "unreachable") return false;
  s_.new_status = status;
  s_.note.clear();
  s_.keyboard = KeyboardState::opened(false);
  return true;
}

void Followups::press_key(KeyPress key, const std::string& typed) {
  ui::press_key(s_.keyboard, &s_.note, key, typed, max_note_code_points);
}

bool Followups::save_note(const std::string& member, const SurveyConfig& survey, const std::function<void()>& sync_now,
                          Now now) {
  if (!s_.open || s_.new_status.empty()) return false;
  staff_.record_followup(member, s_.open->response.id, s_.new_status, s_.note, now.wall);
  log::info("staff mode: " + member + " marked a follow-up " + s_.new_status);
  if (sync_now) sync_now();  // head office sees it within seconds, not at the next sync interval
  s_.open = staff_.followup(s_.open->response.id, survey.sla_hours, now.wall);
  s_.history = store_.events_for(s_.open->response.id);
  s_.new_status.clear();
  s_.note.clear();
  return true;
}

}  // namespace heard::ui
