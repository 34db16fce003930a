#include "sync/channels.hpp"

#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "core/response_json.hpp"

namespace heard::sync {

using nlohmann::json;

std::vector<OutgoingRecord> ResponseChannel::pending(std::size_t limit) {
  std::vector<OutgoingRecord> out;
  for (const auto& r : store_.outbox(limit)) out.push_back({r.id, heard::to_json_line(r)});
  return out;
}

std::optional<std::vector<OutgoingRecord>> ResponseChannel::still_pending(const std::vector<std::string>& ids) {
  store::Statement waiting(store_.database(),
                           "SELECT 1 FROM responses WHERE id = ? AND complete = 1 AND synced_at IS NULL "
                           "AND rejected_reason IS NULL");
  std::vector<OutgoingRecord> out;
  for (const auto& id : ids) {
    waiting.bind(1, id);
    const bool is_waiting = waiting.step();
    waiting.reset();
    const auto r = is_waiting ? store_.find(id) : std::nullopt;
    if (!r) return std::nullopt;
    out.push_back({id, heard::to_json_line(*r)});
  }
  return out;
}

void ResponseChannel::mark_rejected(const std::string& id, const std::string& reason) {
  store_.mark_rejected(id, reason);
  log::warning("sync: the hub rejected response " + id + ": " + reason + " (kept on the kiosk for staff)");
}

std::string to_json_line(const store::FollowupEvent& e) {
  const json j = {{"id", e.id},         {"response_id", e.response_id},
                  {"at", format_iso8601(e.at)}, {"status", e.status},
                  {"by", e.by},         {"note", e.note.empty() ? json(nullptr) : json(e.note)}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<OutgoingRecord> EventChannel::pending(std::size_t limit) {
  std::vector<OutgoingRecord> out;
  for (const auto& e : store_.event_outbox(limit)) out.push_back({e.id, to_json_line(e)});
  return out;
}

std::optional<std::vector<OutgoingRecord>> EventChannel::still_pending(const std::vector<std::string>& ids) {
  store::Statement s(store_.database(),
                     "SELECT id, response_id, at, status, by, note FROM followup_events "
                     "WHERE id = ? AND synced_at IS NULL AND rejected_reason IS NULL");
  std::vector<OutgoingRecord> out;
  for (const auto& id : ids) {
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    out.push_back({id, to_json_line(store::FollowupEvent{s.column_text(0), s.column_text(1), s.column_int64(2),
                                                          s.column_text(3), s.column_text(4), s.column_text(5)})});
    s.reset();
  }
  return out;
}

std::int64_t EventChannel::pending_count() { return store_.event_outbox_size(); }

void EventChannel::mark_rejected(const std::string& id, const std::string& reason) {
  store_.mark_event_rejected(id, reason);
  log::warning("sync: the hub rejected follow-up event " + id + ": " + reason + " (kept on the kiosk for staff)");
}

}  // namespace heard::sync
