#pragma once
// The daily privacy purge: contact details past the survey's retention are deleted, at
// start and then every day. A housekeeping job of the kiosk's main loop (platform/
// kiosk_app.cpp ticks it while staff mode is shut), not of any screen.
#include <functional>

#include "core/clock.hpp"
#include "core/survey.hpp"
#include "store/staff_store.hpp"

namespace heard::ui {

class PrivacyPurge {
 public:
  static constexpr Millis every_ms = 24LL * 3'600'000;

  PrivacyPurge(store::ResponseStore& store, const SurveyConfig& survey) : staff_(store), survey_(&survey) {}
  // A survey published at the hub (its retention), once the flow took it.
  void use_survey(const SurveyConfig& survey) { survey_ = &survey; }
  // Wakes the sync worker when the purge left events for the hub.
  void on_hub_events(std::function<void()> wake_sync) { wake_sync_ = std::move(wake_sync); }

  // Purges when due (the first tick purges). A failure is logged; the next day tries again.
  void tick(Now now);
  Millis next_deadline() const { return next_; }  // steady clock

 private:
  store::StaffStore staff_;
  const SurveyConfig* survey_;
  std::function<void()> wake_sync_;
  Millis next_ = 0;  // steady clock
};

}  // namespace heard::ui
