#pragma once
// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a 12-bit counter that keeps ids made
// within the same millisecond in order ("method 1"), then 62 random bits. Sorting the text
// sorts by creation time, which keeps the SQLite primary-key index append-mostly.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace heard {

class UuidV7Generator {
 public:
  // `now` is the caller's clock; if it steps backwards, ids keep increasing.
  std::string next(Millis now);

 private:
  std::mutex mutex_;
  Millis last_ms_ = -1;
  std::uint16_t counter_ = 0;
};

// A process-wide generator on the system clock.
std::string make_uuid_v7();

// Canonical lowercase 8-4-4-4-12 hex form of any version.
bool is_uuid(std::string_view text);

}  // namespace heard
