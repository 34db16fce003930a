#pragma once
// Reading what kiosks send, before anything is stored. A batch is "unreadable" (HTTP 400)
// only when a line cannot be tied to an id: not JSON, nested absurdly deep, too long, not
// an object with a string "id". Everything else is judged record by record, so one bad
// record is rejected with a reason while the rest of its batch is stored.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/response.hpp"
#include "store/response_store.hpp"

namespace heard::hub {

inline constexpr std::size_t max_records_per_batch = 500;  // the protocol's batch limit
inline constexpr std::size_t max_line_bytes = 64 * 1024;   // a valid record is well under 16 KiB
inline constexpr int max_json_depth = 16;                  // records nest three levels at most

class UnreadableBatch : public std::runtime_error {
  using std::runtime_error::runtime_error;
};
class BatchTooLarge : public std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The kiosk used an Idempotency-Key again for a different body (HTTP 422): "same key, same
// body, same result" cannot hold, and the first reply must not be overwritten.
class IdempotencyKeyReused : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct FeedbackEntry {
  std::string id;
  std::optional<Response> record;  // empty: rejected for `reason`
  std::string reason;
};

struct EventEntry {
  std::string id;
  std::optional<store::FollowupEvent> event;
  std::string reason;
};

struct Heartbeat {
  std::string kiosk_id;
  Millis at = 0;
  std::string app_version;
  std::int64_t outbox = 0;
  std::optional<Millis> oldest_unsynced_at;
  std::string last_error;
};

// Throw UnreadableBatch or BatchTooLarge (more than max_records_per_batch lines).
std::vector<FeedbackEntry> read_feedback_batch(std::string_view body, std::string_view kiosk_id);
std::vector<EventEntry> read_event_batch(std::string_view body);
Heartbeat read_heartbeat(std::string_view body, std::string_view kiosk_id);

}  // namespace heard::hub
