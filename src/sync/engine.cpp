#include "sync/engine.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

#include "core/log.hpp"
#include "core/uuid.hpp"
#include "sync/protocol.hpp"

namespace heard::sync {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

// Retry-After beyond this is more likely a broken hub than a plan; check again a day later.
constexpr std::chrono::seconds max_retry_after = std::chrono::hours(24);

std::string describe_status(long status, const std::string& body) {
  std::string text = "HTTP " + std::to_string(status);
  if (!body.empty()) {
    // A short, single-line excerpt of what the hub said, for logs and staff status.
    std::string excerpt = body.substr(0, 160);
    std::replace_if(excerpt.begin(), excerpt.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    text += ": " + excerpt;
  }
  return text;
}

std::string seconds_text(milliseconds d) {
  return std::to_string(d.count() / 1000) + "." + std::to_string(d.count() % 1000 / 100) + " s";
}

}  // namespace

TransportOptions transport_options(const SyncConfig& config, std::string token) {
  TransportOptions t;
  t.token = std::move(token);
  t.ca_file = config.ca_file.string();
  t.pinned_public_key = config.pinned_public_key;
  t.connect_timeout = config.connect_timeout;
  t.low_speed_time = config.low_speed_time;
  t.low_speed_limit = config.low_speed_limit;
  return t;
}

SyncEngine::SyncEngine(const SyncConfig& config, const std::filesystem::path& database, HttpClient& http,
                       StatusBoard& status, const std::atomic<bool>& stop)
    : config_(config),
      http_(http),
      status_(status),
      stop_(stop),
      store_(database),
      inflight_(store_.database()),
      responses_(store_),
      events_(store_),
      response_lane_{responses_, config.max_batch_records, {}},
      event_lane_{events_, config.max_batch_records, {}},
      backoff_(config.backoff_min, config.backoff_max, std::random_device{}()) {}

void SyncEngine::publish(SyncState state) {
  // Counting the outbox costs a scan; while sending a backlog, once a second is plenty.
  const auto now_steady = Clock::now();
  const bool recount = state != SyncState::sending || now_steady - counted_at_ >= std::chrono::seconds(1);
  std::int64_t outbox = -1;
  std::int64_t events = -1;
  std::optional<Millis> oldest;
  if (recount) {
    try {
      outbox = responses_.pending_count();
      events = events_.pending_count();
      oldest = store_.oldest_unsynced();
      counted_at_ = now_steady;
    } catch (const std::exception&) {
      // A busy or failing database must not stop the status from updating; keep the last counts.
      outbox = -1;
    }
  }
  const Millis now = system_now_ms();
  const auto until_next = duration_cast<milliseconds>(not_before_ - now_steady).count();
  status_.update([&](SyncStatus& s) {
    s.state = state;
    if (outbox >= 0) {
      s.outbox = outbox;
      s.events_outbox = events;
      s.oldest_unsynced = oldest;
    }
    s.next_attempt_at = state == SyncState::waiting && until_next > 0 ? std::optional<Millis>(now + until_next)
                                                                      : std::nullopt;
    s.last_error = last_error_;
    if (state == SyncState::refused) s.detail = last_error_;
  });
}

std::optional<SyncEngine::Prepared> SyncEngine::next_batch(Lane& lane) {
  const auto name = lane.channel.name();
  // A batch that was sent but not resolved (even by a process since killed) goes again,
  // byte for byte, under the same key.
  if (auto inflight = inflight_.load(name)) {
    if (auto records = lane.channel.still_pending(inflight->ids))
      return Prepared{inflight->idempotency_key, make_batch(*records, records->size(), SIZE_MAX)};
    inflight_.clear(name);
  }
  std::vector<OutgoingRecord> records;
  bool exact = false;  // a half of an unreadable batch is sent as it is
  while (records.empty() && !lane.splits.empty()) {
    if (auto r = lane.channel.still_pending(lane.splits.front())) {
      records = std::move(*r);
      exact = true;
    }
    lane.splits.pop_front();
  }
  if (records.empty()) records = lane.channel.pending(lane.max_records);
  if (records.empty()) return std::nullopt;
  Prepared p{make_uuid_v7(), exact ? make_batch(records, records.size(), SIZE_MAX)
                                   : make_batch(records, lane.max_records, config_.max_batch_bytes)};
  // Saved before sending: if we die mid-request, the next start reuses this key.
  inflight_.save(name, {p.key, p.batch.ids});
  return p;
}

SyncEngine::Result SyncEngine::fail(const std::string& error, milliseconds wait, bool hub_asked) {
  ++report_.failures;
  last_error_ = error;
  not_before_ = Clock::now() + wait;
  hub_asked_wait_ = hub_asked;
  log::warning("sync: " + error + "; next attempt in " + seconds_text(wait));
  status_.update([&](SyncStatus& s) { s.last_error_at = system_now_ms(); });
  publish(SyncState::waiting);
  return Result::retry_later;
}

SyncEngine::Result SyncEngine::handle_reply(Lane& lane, const Prepared& p, const HttpResponse& reply) {
  const auto name = lane.channel.name();
  const auto& ids = p.batch.ids;
  if (reply.status == 0) return fail("cannot reach the hub: " + reply.error, backoff_.next_delay(), false);
  ++report_.batches;
  switch (classify(reply.status)) {
    case Verdict::processed: {
      BatchReply result;
      try {
        result = parse_batch_reply(reply.body, ids);
      } catch (const std::exception& e) {
        return fail(std::string("unusable reply from the hub: ") + e.what(), backoff_.next_delay(), false);
      }
      const Millis now = system_now_ms();
      std::vector<std::string> done = result.accepted;
      done.insert(done.end(), result.duplicates.begin(), result.duplicates.end());
      lane.channel.mark_synced(done, now);
      for (const auto& r : result.rejected) lane.channel.mark_rejected(r.id, r.reason);
      inflight_.clear(name);
      const std::size_t named = done.size() + result.rejected.size();
      if (named < ids.size())
        log::warning("sync: the hub's reply left out " + std::to_string(ids.size() - named) +
                     " records of the batch; they stay in the outbox");
      if (&lane == &response_lane_) {
        report_.accepted += static_cast<std::int64_t>(result.accepted.size());
        report_.duplicates += static_cast<std::int64_t>(result.duplicates.size());
      } else {
        report_.events_sent += static_cast<std::int64_t>(done.size());
      }
      report_.rejected += static_cast<std::int64_t>(result.rejected.size());
      backoff_.reset();
      last_error_.clear();
      lane.max_records = std::min(config_.max_batch_records, lane.max_records * 2);
      status_.update([&](SyncStatus& s) {
        s.last_success = now;
        s.synced += static_cast<std::int64_t>(done.size());
        s.rejected += static_cast<std::int64_t>(result.rejected.size());
      });
      return Result::resolved;
    }
    case Verdict::unreadable:
      inflight_.clear(name);
      if (ids.size() == 1) {
        lane.channel.mark_rejected(ids.front(), "the hub could not read this record (" +
                                                    describe_status(reply.status, reply.body) + ")");
        ++report_.rejected;
        status_.update([](SyncStatus& s) { ++s.rejected; });
      } else {
        // Bisect: the first half goes next, then the second; each half that fails again
        // splits again, down to the single unreadable record.
        const auto middle = ids.begin() + static_cast<std::ptrdiff_t>(ids.size() / 2);
        lane.splits.emplace_front(middle, ids.end());
        lane.splits.emplace_front(ids.begin(), middle);
      }
      return Result::resolved;
    case Verdict::too_large:
      inflight_.clear(name);
      if (ids.size() > 1) {
        lane.max_records = std::max<std::size_t>(1, ids.size() / 2);
        log::info("sync: the hub found a batch of " + std::to_string(ids.size()) + " too large; sending " +
                  std::to_string(lane.max_records) + " at a time");
        return Result::resolved;
      }
      return fail("the hub refuses even a single record as too large (HTTP 413)", backoff_.next_delay(), false);
    case Verdict::refused: {
      ++report_.failures;
      report_.refused = true;
      last_error_ = "the hub refused this kiosk's token (" + describe_status(reply.status, reply.body) +
                    "); check token_file and kiosk_id";
      refused_until_ = Clock::now() + config_.auth_retry_interval;
      log::error("sync: " + last_error_ + "; syncing paused until the configuration changes");
      status_.update([](SyncStatus& s) { s.last_error_at = system_now_ms(); });
      publish(SyncState::refused);
      return Result::refused;
    }
    case Verdict::overloaded: {
      const auto now_s = system_now_ms() / 1000;
      if (const auto after = parse_retry_after(reply.retry_after, now_s)) {
        backoff_.next_delay();  // still counts as a failure for what follows
        return fail("the hub is busy (" + describe_status(reply.status, reply.body) + ")",
                    duration_cast<milliseconds>(std::min(*after, max_retry_after)), true);
      }
      return fail("the hub is busy (" + describe_status(reply.status, reply.body) + ")", backoff_.next_delay(), false);
    }
    case Verdict::transient:
      break;
  }
  return fail("the hub answered " + describe_status(reply.status, reply.body), backoff_.next_delay(), false);
}

SyncEngine::Result SyncEngine::send_next(Lane& lane) {
  auto p = next_batch(lane);
  if (!p) return Result::nothing_to_send;
  publish(SyncState::sending);
  const Body body = encode_body(p->batch.ndjson);
  const auto url = kiosk_endpoint(parse_hub_url(config_.hub_url).base, config_.kiosk_id, lane.channel.path());
  const auto reply = http_.post(url, "application/x-ndjson", body, {"Idempotency-Key: " + p->key}, stop_);
  if (reply.interrupted) return Result::interrupted;
  return handle_reply(lane, *p, reply);
}

SyncEngine::Result SyncEngine::send_any() {
  const Result r = send_next(response_lane_);
  return r == Result::nothing_to_send ? send_next(event_lane_) : r;
}

void SyncEngine::send_heartbeat() {
  const auto oldest = store_.oldest_unsynced();
  const nlohmann::json j = {
      {"at", format_iso8601(system_now_ms())},
      {"app_version", HEARD_VERSION},
      {"outbox", responses_.pending_count()},
      {"oldest_unsynced_at", oldest ? nlohmann::json(format_iso8601(*oldest)) : nlohmann::json(nullptr)},
      {"last_error", last_error_.empty() ? nlohmann::json(nullptr) : nlohmann::json(last_error_)},
  };
  const auto url = kiosk_endpoint(parse_hub_url(config_.hub_url).base, config_.kiosk_id, heartbeat_path);
  const auto reply = http_.post(url, "application/json", Body{j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), false},
                                {}, stop_);
  if (reply.interrupted) return;
  if (classify(reply.status) == Verdict::refused) {
    handle_reply(response_lane_, Prepared{}, reply);
  } else if (reply.status != 204 && reply.status != 200) {
    // Heartbeats are best effort: the next one carries the news; batches keep their own backoff.
    log::info("sync: heartbeat not delivered (" +
              (reply.status ? describe_status(reply.status, reply.body) : reply.error) + ")");
  }
}

DrainReport SyncEngine::drain(Clock::time_point deadline) {
  report_ = {};
  while (!stop_.load() && !refused_until_) {
    const auto now = Clock::now();
    if (now < not_before_) {
      if (not_before_ >= deadline) break;
      http_.wait(duration_cast<milliseconds>(not_before_ - now) + milliseconds(1));
      continue;
    }
    if (now >= deadline) break;
    if (send_any() == Result::nothing_to_send) break;
  }
  if (!stop_.load() && !refused_until_) send_heartbeat();
  report_.last_error = last_error_;
  report_.outbox_left = responses_.pending_count();
  report_.events_left = events_.pending_count();
  publish(report_.outbox_left + report_.events_left == 0 ? SyncState::idle : SyncState::waiting);
  return report_;
}

void SyncEngine::run(std::atomic<bool>& urgent) {
  auto next_heartbeat = Clock::now();
  auto idle_until = Clock::now();
  while (!stop_.load()) {
    auto now = Clock::now();
    try {
      if (urgent.exchange(false)) {
        idle_until = now;
        if (!hub_asked_wait_) not_before_ = std::min(not_before_, now);
      }
      if (refused_until_ && now >= *refused_until_) refused_until_.reset();
      if (!refused_until_ && now >= next_heartbeat) {
        next_heartbeat = now + config_.heartbeat_interval;
        send_heartbeat();
        continue;
      }
      if (!refused_until_ && now >= not_before_ && now >= idle_until) {
        if (send_any() != Result::nothing_to_send) continue;
        idle_until = now + config_.sync_interval;
      }
    } catch (const std::exception& e) {
      // The database was busy, full or unreadable: nothing is lost, try again later.
      fail(std::string("kiosk database problem: ") + e.what(), backoff_.next_delay(), false);
    }
    now = Clock::now();
    auto wake_at = next_heartbeat;
    if (refused_until_) wake_at = *refused_until_;
    else wake_at = std::min(wake_at, std::max(not_before_, idle_until));
    publish(refused_until_ ? SyncState::refused : now < not_before_ ? SyncState::waiting : SyncState::idle);
    if (wake_at > now) http_.wait(duration_cast<milliseconds>(wake_at - now) + milliseconds(1));
  }
  publish(SyncState::stopped);
}

}  // namespace heard::sync
