#pragma once
// The kiosk's side of shared/PROTOCOL.md over its own SQLite connection: takes batches from
// the outbox (urgent first, then oldest), sends them, and acts on every reply exactly as the
// protocol's table says. Used by the worker thread (run) and by `heardctl sync --once`
// (drain). Not thread-safe: one engine per thread; other threads use the HttpClient's
// wake() and the StatusBoard.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/response_store.hpp"
#include "sync/backoff.hpp"
#include "sync/channels.hpp"
#include "sync/config.hpp"
#include "sync/http.hpp"
#include "sync/inflight.hpp"
#include "sync/status.hpp"

namespace heard::sync {

struct DrainReport {
  std::int64_t accepted = 0;
  std::int64_t duplicates = 0;  // the hub already had them (an earlier reply was lost)
  std::int64_t rejected = 0;
  std::int64_t events_sent = 0;
  std::int64_t batches = 0;   // requests that got a reply
  std::int64_t failures = 0;  // requests that did not get a usable reply
  bool refused = false;       // 401/403: the token is wrong or revoked
  std::string last_error;
  std::int64_t outbox_left = 0;
  std::int64_t events_left = 0;
};

// Transport and timing knobs that tests shorten.
TransportOptions transport_options(const SyncConfig& config, std::string token);

class SyncEngine {
 public:
  // Opens its own connection to the kiosk database. `stop` and `urgent` are set by other
  // threads, which then call http.wake().
  SyncEngine(const SyncConfig& config, const std::filesystem::path& database, HttpClient& http,
             StatusBoard& status, const std::atomic<bool>& stop);

  // Sends until both outboxes are empty, waiting out transient failures until `deadline`;
  // stops at once when the hub refuses the token. Sends one heartbeat at the end.
  DrainReport drain(std::chrono::steady_clock::time_point deadline);

  // The worker's loop: keeps the outboxes drained, heartbeats on its interval, and returns
  // when `stop` is set. `urgent` (an urgent response was saved) skips any idle or backoff
  // wait, but never a wait the hub asked for (Retry-After) or a refused token.
  void run(std::atomic<bool>& urgent);

 private:
  struct Lane {
    Channel& channel;
    std::size_t max_records;                     // halved on 413, regrown on success
    std::deque<std::vector<std::string>> splits;  // halves of a batch the hub could not read
  };
  struct Prepared {
    std::string key;
    Batch batch;
  };
  enum class Result { nothing_to_send, resolved, retry_later, refused, interrupted };

  Result send_next(Lane& lane);
  std::optional<Prepared> next_batch(Lane& lane);
  Result handle_reply(Lane& lane, const Prepared& p, const HttpResponse& reply);
  Result fail(const std::string& error, std::chrono::milliseconds wait, bool hub_asked);
  // One batch from whichever lane has work: responses first, then events.
  Result send_any();
  void send_heartbeat();
  void publish(SyncState state);

  SyncConfig config_;
  HttpClient& http_;
  StatusBoard& status_;
  const std::atomic<bool>& stop_;
  store::ResponseStore store_;
  InflightLog inflight_;
  ResponseChannel responses_;
  EventChannel events_;
  Lane response_lane_;
  Lane event_lane_;
  Backoff backoff_;
  DrainReport report_;

  using Clock = std::chrono::steady_clock;
  Clock::time_point not_before_{};  // no batch before this (backoff or Retry-After)
  bool hub_asked_wait_ = false;     // not_before_ came from Retry-After: urgent does not skip it
  std::optional<Clock::time_point> refused_until_;
  Clock::time_point counted_at_{};  // when publish() last counted the outbox
  std::string last_error_;
};

}  // namespace heard::sync
