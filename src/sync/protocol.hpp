#pragma once
// The shapes of src/sync/PROTOCOL.md that both ends need: endpoint paths, the 200 reply to a
// batch, and what the kiosk does with each HTTP status. The hub builds its replies with
// the same code the kiosk reads them with.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace heard::sync {

inline constexpr const char* feedback_path = "/feedback";
inline constexpr const char* events_path = "/events";
inline constexpr const char* heartbeat_path = "/heartbeat";
// "{base}/v1/kiosks/{kiosk_id}{path}"
std::string kiosk_endpoint(std::string_view base, std::string_view kiosk_id, std::string_view path);

struct Rejection {
  std::string id;
  std::string reason;
  bool operator==(const Rejection&) const = default;
};

// Every id of the batch appears in exactly one list.
struct BatchReply {
  std::vector<std::string> accepted;
  std::vector<std::string> duplicates;
  std::vector<Rejection> rejected;
};

std::string to_json_text(const BatchReply& reply);

// Reads a 200 body, keeping only ids that were sent (a confused hub must never make us mark
// a record we did not send). Ids missing from the reply simply stay in the outbox.
// Throws std::runtime_error when the body is not a reply at all.
BatchReply parse_batch_reply(std::string_view body, const std::vector<std::string>& sent_ids);

// Text from the hub (a rejection reason, an error body) made safe to log and store: control
// characters (ESC, CR, LF, C1 controls, ...) become spaces so a hostile hub cannot forge log
// lines or terminal escapes, invalid UTF-8 becomes U+FFFD, and the result is cut to at most
// `max_bytes` on a character boundary, ending in "…" when cut.
inline constexpr std::size_t max_hub_text_bytes = 200;
std::string sanitize_hub_text(std::string_view text, std::size_t max_bytes = max_hub_text_bytes);

// What the kiosk does about an HTTP status (0: no reply arrived at all).
enum class Verdict {
  processed,   // 200: read the reply
  unreadable,  // 400: bisect the batch
  too_large,   // 413: halve the batch size
  refused,     // 401, 403: stop until the configuration changes or a long interval
  overloaded,  // 429, 503: wait Retry-After, else back off
  key_reused,  // 409, 422: the hub saw this Idempotency-Key with another body; new key, back off
  transient,   // anything else: back off
};
Verdict classify(long http_status);

}  // namespace heard::sync
