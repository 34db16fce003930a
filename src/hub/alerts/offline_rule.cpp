#include "offline_rule.hpp"

#include <map>

namespace heard::hub::alerts {

namespace {

std::string minutes(Millis ms) {
  const Millis m = ms / 60'000;
  return m < 120 ? std::to_string(m) + " minutes" : std::to_string(m / 60) + " hours";
}

}  // namespace

std::string offline_reason(const KioskHealth& kiosk, const OfflineRule& rule, Millis now_wall) {
  const Millis silent = now_wall - kiosk.received_at;
  if (silent > Millis(rule.silent_min) * 60'000) return "silent for " + minutes(silent);
  if (kiosk.oldest_unsynced_at) {
    const Millis waiting = now_wall - *kiosk.oldest_unsynced_at;
    if (waiting > Millis(rule.unsynced_limit_min) * 60'000)
      return "its oldest unsent response is " + minutes(waiting) + " old";
  }
  return {};
}

OfflineChanges offline_changes(const std::vector<KioskHealth>& kiosks, const std::vector<OpenAlert>& open,
                               const OfflineRule& rule, Millis now_wall) {
  std::map<std::string, Millis> opened;
  for (const auto& a : open) opened[a.subject] = a.opened_at;
  OfflineChanges out;
  for (const auto& k : kiosks) {
    const std::string reason = offline_reason(k, rule, now_wall);
    const auto was = opened.find(k.kiosk_id);
    if (!reason.empty() && was == opened.end()) out.went_offline.push_back({k, reason, now_wall});
    if (reason.empty() && was != opened.end()) out.came_back.push_back({k, "", was->second});
  }
  return out;
}

}  // namespace heard::hub::alerts
