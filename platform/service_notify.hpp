#pragma once
// Tells systemd that the kiosk is up and still alive (the unit is Type=notify with
// WatchdogSec): READY=1 once the first frame is on screen, then WATCHDOG=1 from the main
// loop, so a hung UI is killed and restarted. Outside systemd every call does nothing.
#include <optional>

#include "core/time.hpp"

namespace heard::kiosk {

class ServiceNotifier {
 public:
  ServiceNotifier();

  void ready();
  // From the main loop, with the steady clock (core/clock.hpp): a wall-clock step must
  // neither stop the pings nor let systemd restart a kiosk that is fine. Pings at most
  // twice per watchdog interval.
  void alive(Millis steady_now);
  // The loop must wake at least this often for alive() to keep the watchdog fed.
  std::optional<Millis> max_sleep() const;

 private:
  Millis interval_ms_ = 0;  // 0: no watchdog asked for
  Millis last_ping_ = 0;
};

}  // namespace heard::kiosk
