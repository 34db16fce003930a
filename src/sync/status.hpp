#pragma once
// What staff mode shows about sync. The worker publishes; the UI thread takes copies.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace heard::sync {

enum class SyncState {
  offline,        // no hub configured
  misconfigured,  // a hub is configured but the settings or token file are unusable (see detail)
  idle,           // everything sent; waiting for new responses
  sending,
  waiting,  // a failure: waiting before the next attempt (see next_attempt_at)
  refused,  // the hub refused the token (401/403): waiting for a new configuration
  stopped,
};

inline std::string_view to_string(SyncState s) {
  switch (s) {
    case SyncState::offline:
      return "offline";
    case SyncState::misconfigured:
      return "misconfigured";
    case SyncState::idle:
      return "idle";
    case SyncState::sending:
      return "sending";
    case SyncState::waiting:
      return "waiting";
    case SyncState::refused:
      return "refused";
    case SyncState::stopped:
      return "stopped";
  }
  return "unknown";
}

struct SyncStatus {
  SyncState state = SyncState::offline;
  std::string detail;              // why offline, misconfigured or refused
  std::int64_t outbox = 0;         // responses waiting to be sent
  std::int64_t events_outbox = 0;  // follow-up events waiting to be sent
  std::optional<Millis> oldest_unsynced;
  std::optional<Millis> last_success;
  std::optional<Millis> next_attempt_at;
  std::string last_error;  // empty after a success
  std::optional<Millis> last_error_at;
  std::int64_t synced = 0;    // responses and events acknowledged since start
  std::int64_t rejected = 0;  // refused by the hub since start (flagged for staff)
};

class StatusBoard {
 public:
  SyncStatus snapshot() const {
    std::lock_guard lock(mutex_);
    return status_;
  }
  template <typename Change>
  void update(Change&& change) {
    std::lock_guard lock(mutex_);
    change(status_);
  }

 private:
  mutable std::mutex mutex_;
  SyncStatus status_;
};

}  // namespace heard::sync
