#include "ui/privacy_purge.hpp"

#include <string>

#include "core/log.hpp"

namespace heard::ui {

void PrivacyPurge::tick(Now now) {
  if (now.steady < next_) return;
  next_ = now.steady + every_ms;
  try {
    const store::PurgeRules rules{survey_->contact_retention_days, survey_->contact_hard_limit_days};
    const auto report = staff_.purge(rules, "retention", now.wall);
    if (report.purged)
      log::info("privacy: purged the contact details of " + std::to_string(report.purged) + " responses");
    if (report.hub_events && wake_sync_) wake_sync_();
  } catch (const std::exception& e) {
    // A full disk must not stop the kiosk taking feedback; the next day tries again.
    log::error(std::string("privacy: the daily purge of contact details failed: ") + e.what());
  }
}

}  // namespace heard::ui
