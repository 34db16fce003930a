#pragma once
// The kiosk-offline rule as a pure function of what the kiosks last reported and the wall
// clock passed in, so it can be judged at any instant in a test without waiting.
//
// A kiosk is offline when its last heartbeat was received longer ago than the hub's
// offline_after_min (the console's own "offline" threshold), or when that heartbeat says its
// oldest unsynced response is older than unsynced_limit_min. A kiosk that never reported is
// not judged: it may not be installed yet, and the console shows it as never seen.
#include <optional>
#include <string>
#include <vector>

#include "alert_config.hpp"
#include "alert_store.hpp"

namespace heard::hub::alerts {

// Why `kiosk` counts as offline at `now_wall`; empty: it does not.
std::string offline_reason(const KioskHealth& kiosk, const OfflineRule& rule, Millis now_wall);

struct OfflineKiosk {
  KioskHealth kiosk;
  std::string reason;  // empty when it is back
  Millis opened_at = 0;
};

struct OfflineChanges {
  std::vector<OfflineKiosk> went_offline;  // not open before
  std::vector<OfflineKiosk> came_back;     // open before, fine now (opened_at: when it was opened)
};

// What changed since `open` (the kiosks whose offline alert is open).
OfflineChanges offline_changes(const std::vector<KioskHealth>& kiosks, const std::vector<OpenAlert>& open,
                               const OfflineRule& rule, Millis now_wall);

}  // namespace heard::hub::alerts
