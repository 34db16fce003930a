#include "ui/staff_sync_panel.hpp"

namespace heard::ui {

namespace {
constexpr int rejected_shown = 5;
}  // namespace

void SyncPanel::show() {
  s_.sync = status_ ? std::optional(status_()) : std::nullopt;
  s_.rejected = staff_.rejected(rejected_shown);
}

void SyncPanel::sync_now(const std::string& member, Now now) {
  if (!sync_now_) return;
  staff_.audit(member, "sync_now", {}, {}, now.wall);
  sync_now_();
  s_.sync = status_();
}

void SyncPanel::resend_rejected(const std::string& member, Now now) {
  const auto counts = store_.resend_rejected(std::nullopt);
  staff_.audit(member, "resend_rejected", {},
               std::to_string(counts.responses) + " responses, " + std::to_string(counts.events) + " events", now.wall);
  if (sync_now_) sync_now_();
  s_.rejected = staff_.rejected(rejected_shown);
  refresh();
}

}  // namespace heard::ui
