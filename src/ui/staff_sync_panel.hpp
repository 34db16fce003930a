#pragma once
// Staff mode's sync panel: the sync worker's status, "Sync now", and what the hub refused
// (sent again on request). Its own state machine, fed by the kiosk's sync worker.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/staff_store.hpp"
#include "sync/status.hpp"

namespace heard::ui {

struct SyncPanelState {
  std::optional<sync::SyncStatus> sync;   // nullopt: this kiosk has no sync worker
  std::vector<store::Rejected> rejected;  // what the hub refused, newest first
};

class SyncPanel {
 public:
  SyncPanel(store::ResponseStore& store, store::StaffStore& staff) : store_(store), staff_(staff) {}

  // The kiosk's sync worker: its status, and a way to wake it now. Without them the panel
  // says sync is not configured.
  void controls(std::function<sync::SyncStatus()> status, std::function<void()> sync_now) {
    status_ = std::move(status);
    sync_now_ = std::move(sync_now);
  }
  const std::function<void()>& sync_now_hook() const { return sync_now_; }

  const SyncPanelState& state() const { return s_; }
  void reset() { s_ = {}; }

  void show();
  // The status again: it changes with time alone while the panel is on screen.
  void refresh() {
    if (status_) s_.sync = status_();
  }
  void sync_now(const std::string& member, Now now);
  // What the hub refused goes back in the outbox.
  void resend_rejected(const std::string& member, Now now);

 private:
  store::ResponseStore& store_;
  store::StaffStore& staff_;
  std::function<sync::SyncStatus()> status_;
  std::function<void()> sync_now_;
  SyncPanelState s_;
};

}  // namespace heard::ui
