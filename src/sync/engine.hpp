#pragma once
// The kiosk's side of src/sync/PROTOCOL.md over its own SQLite connection: takes batches from
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

#include "store/database.hpp"
#include "store/open.hpp"
#include "store/outbox.hpp"
#include "sync/backoff.hpp"
#include "sync/channels.hpp"
#include "sync/config.hpp"
#include "sync/config_folder.hpp"
#include "sync/event_pull.hpp"
#include "sync/http.hpp"
#include "sync/protocol.hpp"
#include "sync/status.hpp"

namespace heard::sync {

struct DrainReport {
  std::int64_t accepted = 0;
  std::int64_t duplicates = 0;  // the hub already had them (an earlier reply was lost)
  std::int64_t rejected = 0;
  std::int64_t events_sent = 0;
  std::int64_t events_pulled = 0;  // new follow-up events from the hub (sync/event_pull.hpp)
  std::string pull_problem;        // why they were not pulled; empty when they were
  std::int64_t batches = 0;        // requests that got a reply
  std::int64_t failures = 0;       // requests that did not get a usable reply
  bool refused = false;            // 401/403: the token is wrong or revoked
  std::string last_error;
  std::int64_t outbox_left = 0;
  std::int64_t events_left = 0;
};

// Transport and timing knobs that tests shorten.
TransportOptions transport_options(const SyncConfig& config, std::string token);

// Where the engine reads the time and waits. Tests substitute simulated time, so that "how
// many requests does a failing hub get in ten minutes" does not depend on machine load.
class Timekeeper {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~Timekeeper() = default;
  virtual Clock::time_point now() = 0;
  // Waits up to `d`; may return early (HttpClient::wake() from another thread).
  virtual void wait(std::chrono::milliseconds d) = 0;
};

// The real clock; waits on the HttpClient so that wake() cuts them short.
class RealTime : public Timekeeper {
 public:
  explicit RealTime(HttpClient& http) : http_(http) {}
  Clock::time_point now() override { return Clock::now(); }
  void wait(std::chrono::milliseconds d) override { http_.wait(d); }

 private:
  HttpClient& http_;
};

class SyncEngine {
 public:
  // Opens its own plain connection to the kiosk database (store::open_plain): never creates,
  // quarantines or migrates it; throws when the file is not ready. `stop` and `urgent` are set by other
  // threads, which then call http.wake().
  // `time` defaults to the real clock.
  SyncEngine(const SyncConfig& config, const std::filesystem::path& database, HttpClient& http, StatusBoard& status,
             const std::atomic<bool>& stop, Timekeeper* time = nullptr);

  // Sends until both outboxes are empty, waiting out transient failures until `deadline`;
  // stops at once when the hub refuses the token. Sends one heartbeat at the end. No
  // transfer outlives the deadline (the closing heartbeat may take 2 s past it).
  DrainReport drain(std::chrono::steady_clock::time_point deadline);

  // The worker's loop: keeps the outboxes drained, heartbeats on its interval, and returns
  // when `stop` is set. `urgent` (an urgent response was saved) skips any idle or backoff
  // wait, but never a wait the hub asked for (Retry-After) or a refused token.
  void run(std::atomic<bool>& urgent);

 private:
  // While halving a batch the hub answered 400 to: what the halves showed so far.
  struct Bisection {
    std::size_t records = 0;            // in the batch that was first refused
    bool any_readable = false;          // some part was read: the hub works, so the data is bad
    std::vector<Rejection> unreadable;  // single records the hub could not read
  };
  struct Lane {
    Channel& channel;
    std::size_t max_records;                      // halved on 413, regrown on success
    std::deque<std::vector<std::string>> splits;  // halves of a batch the hub could not read
    std::optional<Bisection> bisection;
  };
  struct Prepared {
    std::string key;
    Batch batch;
  };
  enum class Result { nothing_to_send, resolved, retry_later, refused, interrupted };

  Result send_next(Lane& lane);
  std::optional<Prepared> next_batch(Lane& lane);
  Result handle_reply(Lane& lane, const Prepared& p, const HttpResponse& reply);
  Result handle_processed(Lane& lane, const Prepared& p, const HttpResponse& reply);
  Result handle_unreadable(Lane& lane, const Prepared& p, const HttpResponse& reply);
  Result handle_overloaded(const HttpResponse& reply);
  // Once every half of a refused batch has had its answer: reject the unreadable records,
  // or, when the hub could read none of them, blame the hub and back off.
  Result conclude_bisection(Lane& lane);
  void reject(Lane& lane, const std::string& id, const std::string& reason);
  void count_rejected(std::int64_t n);  // in this pass's report and the status staff see
  Result fail(const std::string& error, std::chrono::milliseconds wait, bool hub_asked);
  // How long the next transfer may take: the transport's limit, cut to the drain deadline.
  // nullopt outside drain(): the transport's own limit.
  std::optional<std::chrono::milliseconds> transfer_timeout(
      std::chrono::milliseconds at_least = std::chrono::milliseconds(1)) const;
  // One batch from whichever lane has work: responses first, then events.
  Result send_any();
  void send_heartbeat();
  void publish(SyncState state);
  // Follow-up events made elsewhere (sync/event_pull.hpp); with each heartbeat. Returns how
  // many new ones were stored, or why none could be asked for.
  PullReport pull_events();
  // The survey published at the hub (sync/config_pull.hpp); with each heartbeat too.
  void pull_config();

  SyncConfig config_;
  HttpClient& http_;
  StatusBoard& status_;
  const std::atomic<bool>& stop_;
  store::Database db_;  // plain (store/open.hpp): the UI thread checks and migrates the file
  store::Outbox outbox_;
  Channel responses_;
  Channel events_;
  Lane response_lane_;
  Lane event_lane_;
  std::unique_ptr<Timekeeper> real_time_;  // when no Timekeeper was given
  Timekeeper& time_;
  Backoff backoff_;
  DrainReport report_;

  using Clock = std::chrono::steady_clock;
  Clock::time_point not_before_{};                         // no batch before this (backoff or Retry-After)
  Clock::time_point deadline_ = Clock::time_point::max();  // drain()'s; no transfer outlives it
  bool untrusted_ = false;       // the last transfer failed the hub's certificate or pin: drain() stops
  bool hub_asked_wait_ = false;  // not_before_ came from Retry-After: urgent does not skip it
  std::optional<Clock::time_point> refused_until_;
  // A hub without the events pull (404, PROTOCOL 1.1) is asked again only after this.
  std::optional<Clock::time_point> events_not_offered_until_;
  std::optional<Clock::time_point> config_not_offered_until_;  // likewise for the survey
  ConfigFolder config_folder_;
  bool pull_due_ = false;           // a heartbeat went out; pull once the outboxes are drained
  Clock::time_point counted_at_{};  // when publish() last counted the outbox
  std::string last_error_;
};

}  // namespace heard::sync
