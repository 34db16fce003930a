#pragma once
// PROTOCOL 1.1's first pull: follow-up events made elsewhere (at head office, or on another
// kiosk of the site), so a case resolved at head office shows resolved in this kiosk's staff
// queue. Pages are read until the hub says there are no more; each page's events and its
// cursor are stored in one transaction, so a lost connection repeats at most one page (and
// event ids deduplicate it).
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/outbox.hpp"
#include "sync/http.hpp"

namespace heard::sync {

inline constexpr std::size_t max_event_page_bytes = 1u << 20;  // PROTOCOL 1.1: 1 MiB a reply
inline constexpr int event_page_limit = 500;
inline constexpr const char* events_cursor_name = "events";

struct EventPage {
  std::vector<store::FollowupEvent> events;
  std::string cursor;
  bool more = false;
};

// Reads a 200 body. Throws std::runtime_error when it is not a page at all; an event that is
// malformed (or its text too long) fails the whole page, so the cursor never skips it.
EventPage parse_event_page(std::string_view body);

struct PullReport {
  enum class Outcome { done, not_offered, refused, failed, interrupted };
  Outcome outcome = Outcome::done;
  int pages = 0;
  int stored = 0;  // new events
  std::string error;
};

// Pulls every page after the stored cursor from `base` (the hub URL's base) for `kiosk_id`.
PullReport pull_events(HttpClient& http, std::string_view base, std::string_view kiosk_id, store::Outbox& outbox,
                       const std::atomic<bool>& stop, Millis now, std::optional<std::chrono::milliseconds> timeout);

}  // namespace heard::sync
