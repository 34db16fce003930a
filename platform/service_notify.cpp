#include "service_notify.hpp"

#include <systemd/sd-daemon.h>

namespace heard::kiosk {

ServiceNotifier::ServiceNotifier() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0) interval_ms_ = static_cast<Millis>(usec / 1000);
}

void ServiceNotifier::ready() { sd_notify(0, "READY=1\nSTATUS=Waiting for customers"); }

void ServiceNotifier::alive(Millis now) {  // steady clock
  if (interval_ms_ == 0 || now - last_ping_ < interval_ms_ / 2) return;
  sd_notify(0, "WATCHDOG=1");
  last_ping_ = now;
}

std::optional<Millis> ServiceNotifier::max_sleep() const {
  if (interval_ms_ == 0) return std::nullopt;
  return interval_ms_ / 2;
}

}  // namespace heard::kiosk
