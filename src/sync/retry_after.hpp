#pragma once
// Reading the hub's Retry-After header (PROTOCOL.md: 429 and 503). Kept apart from Backoff,
// which the hub shares (heard_protocol): this one parses HTTP dates with libcurl.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace heard::sync {

// A Retry-After header: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT",
// and the obsolete RFC 850 and asctime forms). `now_s` is the current Unix time in seconds.
// Returns nullopt for anything unreadable; a date in the past gives zero.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now_s);

}  // namespace heard::sync
