#include "sync/worker.hpp"

#include "core/log.hpp"
#include "sync/engine.hpp"

namespace heard::sync {

SyncWorker::SyncWorker(const SyncConfig& config, std::filesystem::path database) {
  if (!config.configured()) {
    status_.update([](SyncStatus& s) {
      s.state = SyncState::offline;
      s.detail = "no hub configured: responses stay on this kiosk";
    });
    return;
  }
  std::string token;
  try {
    validate(config);
    token = read_token_file(config.token_file);
  } catch (const std::exception& e) {
    log::error(std::string("sync: not started: ") + e.what());
    status_.update([&](SyncStatus& s) {
      s.state = SyncState::misconfigured;
      s.detail = e.what();
    });
    return;
  }
  http_ = std::make_unique<HttpClient>(transport_options(config, std::move(token)));
  status_.update([](SyncStatus& s) { s.state = SyncState::idle; });
  thread_ = std::thread(&SyncWorker::run, this, config, std::move(database));
}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::notify_saved(bool urgent) {
  if (!urgent || !http_) return;  // others go with the next regular check
  urgent_ = true;
  http_->wake();
}

void SyncWorker::stop() {
  stop_ = true;
  if (http_) http_->wake();
  if (thread_.joinable()) thread_.join();
}

void SyncWorker::run(SyncConfig config, std::filesystem::path database) {
  Backoff retry(config.backoff_min, config.backoff_max, std::random_device{}());
  while (!stop_.load()) {
    try {
      SyncEngine engine(config, database, *http_, status_, stop_);
      engine.run(urgent_);
      return;
    } catch (const std::exception& e) {
      // The engine could not open the database; it may be a moment (busy, disk full).
      const auto wait = retry.next_delay();
      log::error(std::string("sync: cannot open the kiosk database: ") + e.what());
      status_.update([&](SyncStatus& s) {
        s.state = SyncState::waiting;
        s.last_error = std::string("kiosk database problem: ") + e.what();
        s.last_error_at = system_now_ms();
      });
      http_->wait(wait);
    }
  }
  status_.update([](SyncStatus& s) { s.state = SyncState::stopped; });
}

}  // namespace heard::sync
