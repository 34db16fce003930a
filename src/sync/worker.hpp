#pragma once
// The kiosk's sync worker: a thread of its own with its own SQLite connection and one curl
// multi handle, so the UI thread never waits on the network or the hub. The UI tells it
// about new responses (urgent ones are sent at once) and reads a status snapshot.
#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

#include "sync/config.hpp"
#include "sync/http.hpp"
#include "sync/status.hpp"

namespace heard::sync {

class SyncWorker {
 public:
  // Starts at once. An unconfigured SyncConfig gives an offline worker, and an unusable one
  // (bad value, unreadable or unsafe token file) a misconfigured one; neither starts a
  // thread, and status().detail says why.
  SyncWorker(const SyncConfig& config, std::filesystem::path database);
  ~SyncWorker();  // stop()
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  // After a response was committed; urgent ones wake the worker immediately.
  void notify_saved(bool urgent);
  // Returns within about a second even mid-transfer; idempotent.
  void stop();
  SyncStatus status() const { return status_.snapshot(); }

 private:
  void run(SyncConfig config, std::filesystem::path database);

  StatusBoard status_;
  std::unique_ptr<HttpClient> http_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> urgent_{false};
  std::thread thread_;
};

}  // namespace heard::sync
