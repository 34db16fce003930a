#include "sync/engine.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

#include "core/log.hpp"
#include "core/uuid.hpp"
#include "sync/config_pull.hpp"
#include "sync/event_pull.hpp"
#include "sync/protocol.hpp"
#include "sync/retry_after.hpp"

namespace heard::sync {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

// Retry-After beyond this is more likely a broken hub than a plan; check again a day later.
constexpr std::chrono::seconds max_retry_after = std::chrono::hours(24);

// The closing heartbeat of a drain may outlive its deadline by this much: head office
// should still hear how the drain ended, but a trickling hub must not hold it for long.
constexpr milliseconds heartbeat_grace{2000};
// Each page of follow-up events pulled from the hub (sync/event_pull.hpp) gets this long.
constexpr milliseconds max_pull_time{10'000};

// What a drain's report says when follow-up events could not be pulled; empty when they were.
std::string pull_problem(const PullReport& report) {
  switch (report.outcome) {
    case PullReport::Outcome::done:
      return {};
    case PullReport::Outcome::not_offered:
      return "the hub does not offer follow-up events (an older hub)";
    case PullReport::Outcome::refused:
      return "the hub refused this kiosk's token";
    case PullReport::Outcome::interrupted:
      return "stopped";
    case PullReport::Outcome::failed:
      return report.error;
  }
  return report.error;
}

std::string describe_status(long status, const std::string& body) {
  std::string text = "HTTP " + std::to_string(status);
  if (!body.empty()) {
    // A short, single-line excerpt of what the hub said, for logs and staff status; a
    // hostile hub's escapes and newlines must not reach either.
    text += ": " + sanitize_hub_text(body, 160);
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
                       StatusBoard& status, const std::atomic<bool>& stop, Timekeeper* time)
    : config_(config),
      http_(http),
      status_(status),
      stop_(stop),
      db_(store::open_plain(database)),
      outbox_(db_),
      responses_(outbox_, store::Stream::responses),
      events_(outbox_, store::Stream::events),
      response_lane_{responses_, config.max_batch_records, {}, {}},
      event_lane_{events_, config.max_batch_records, {}, {}},
      real_time_(time ? nullptr : std::make_unique<RealTime>(http)),
      time_(time ? *time : *real_time_),
      backoff_(config.backoff_min, config.backoff_max, std::random_device{}()),
      config_folder_(ConfigFolder::beside(database)) {}

void SyncEngine::publish(SyncState state) {
  // Counting the outbox costs a scan; while sending a backlog, once a second is plenty.
  const auto now_steady = time_.now();
  const bool recount = state != SyncState::sending || now_steady - counted_at_ >= std::chrono::seconds(1);
  std::int64_t outbox = -1;
  std::int64_t events = -1;
  std::optional<Millis> oldest;
  if (recount) {
    try {
      outbox = responses_.pending_count();
      events = events_.pending_count();
      oldest = outbox_.oldest_unsynced_response();
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
    s.next_attempt_at =
        state == SyncState::waiting && until_next > 0 ? std::optional<Millis>(now + until_next) : std::nullopt;
    s.last_error = last_error_;
    if (state == SyncState::refused) s.detail = last_error_;
  });
}

std::optional<SyncEngine::Prepared> SyncEngine::next_batch(Lane& lane) {
  // A batch that was sent but not resolved (even by a process since killed) goes again,
  // byte for byte, under the same key.
  if (auto inflight = outbox_.inflight(lane.channel.stream())) {
    if (auto records = lane.channel.still_pending(inflight->ids))
      return Prepared{inflight->idempotency_key, make_batch(*records, records->size(), SIZE_MAX)};
    outbox_.clear_inflight(lane.channel.stream());
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
  outbox_.set_inflight(lane.channel.stream(), {p.key, p.batch.ids});
  return p;
}

SyncEngine::Result SyncEngine::fail(const std::string& error, milliseconds wait, bool hub_asked) {
  ++report_.failures;
  last_error_ = error;
  not_before_ = time_.now() + wait;
  hub_asked_wait_ = hub_asked;
  log::warning("sync: " + error + "; next attempt in " + seconds_text(wait));
  status_.update([&](SyncStatus& s) { s.last_error_at = system_now_ms(); });
  publish(SyncState::waiting);
  return Result::retry_later;
}

SyncEngine::Result SyncEngine::handle_reply(Lane& lane, const Prepared& p, const HttpResponse& reply) {
  const auto& ids = p.batch.ids;
  untrusted_ = reply.untrusted;
  if (reply.untrusted)
    return fail("the hub's identity cannot be verified (" + reply.error + "); check ca_file and pinned_public_key",
                backoff_.next_delay(), false);
  if (reply.status == 0) return fail("cannot reach the hub: " + reply.error, backoff_.next_delay(), false);
  ++report_.batches;
  switch (classify(reply.status)) {
    case Verdict::processed:
      return handle_processed(lane, p, reply);
    case Verdict::unreadable:
      return handle_unreadable(lane, p, reply);
    case Verdict::too_large:
      outbox_.clear_inflight(lane.channel.stream());
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
      refused_until_ = time_.now() + config_.auth_retry_interval;
      log::error("sync: " + last_error_ + "; syncing paused until the configuration changes");
      status_.update([](SyncStatus& s) { s.last_error_at = system_now_ms(); });
      publish(SyncState::refused);
      return Result::refused;
    }
    case Verdict::overloaded:
      return handle_overloaded(reply);
    case Verdict::key_reused:
      // The records changed since the key was first used (a purge, say): same key, same
      // body no longer holds, so they go again under a new key.
      outbox_.clear_inflight(lane.channel.stream());
      return fail("the hub refused the batch's Idempotency-Key (" + describe_status(reply.status, reply.body) +
                      "); sending it again under a new key",
                  backoff_.next_delay(), false);
    case Verdict::transient:
      break;
  }
  return fail("the hub answered " + describe_status(reply.status, reply.body), backoff_.next_delay(), false);
}

SyncEngine::Result SyncEngine::handle_processed(Lane& lane, const Prepared& p, const HttpResponse& reply) {
  const auto& ids = p.batch.ids;
  BatchReply result;
  try {
    result = parse_batch_reply(reply.body, ids);
  } catch (const std::exception& e) {
    return fail(std::string("unusable reply from the hub: ") + e.what(), backoff_.next_delay(), false);
  }
  const Millis now = system_now_ms();
  std::vector<std::string> done = result.accepted;
  done.insert(done.end(), result.duplicates.begin(), result.duplicates.end());
  std::vector<store::RejectedRecord> rejected;
  for (const auto& r : result.rejected) rejected.push_back({r.id, r.reason});
  // One transaction for the whole reply: a batch of 500 costs one commit, not one per mark.
  lane.channel.settle(done, rejected, now);
  count_rejected(static_cast<std::int64_t>(rejected.size()));
  if (&lane == &response_lane_) {
    report_.accepted += static_cast<std::int64_t>(result.accepted.size());
    report_.duplicates += static_cast<std::int64_t>(result.duplicates.size());
  } else {
    report_.events_sent += static_cast<std::int64_t>(done.size());
  }
  const std::size_t named = done.size() + result.rejected.size();
  if (named > 0) {
    status_.update([&](SyncStatus& s) {
      s.last_success = now;
      s.synced += static_cast<std::int64_t>(done.size());
    });
    if (lane.bisection) lane.bisection->any_readable = true;
  }
  if (named < ids.size()) {
    if (lane.bisection && lane.splits.empty()) {
      if (conclude_bisection(lane) == Result::retry_later) return Result::retry_later;
    }
    // A gateway or a confused hub answering 200 without settling the batch: resending at
    // once would hammer it (thousands of requests a minute), so this is a failure.
    return fail("the hub's reply (HTTP 200) settled " + std::to_string(named) + " of the " +
                    std::to_string(ids.size()) + " records sent; the rest stay in the outbox",
                backoff_.next_delay(), false);
  }
  backoff_.reset();
  last_error_.clear();
  lane.max_records = std::min(config_.max_batch_records, lane.max_records * 2);
  if (lane.bisection && lane.splits.empty()) return conclude_bisection(lane);
  return Result::resolved;
}

SyncEngine::Result SyncEngine::handle_unreadable(Lane& lane, const Prepared& p, const HttpResponse& reply) {
  const auto& ids = p.batch.ids;
  outbox_.clear_inflight(lane.channel.stream());
  if (!lane.bisection) lane.bisection = Bisection{ids.size(), false, {}};
  if (ids.size() == 1) {
    lane.bisection->unreadable.push_back(
        {ids.front(), "the hub could not read this record (" + describe_status(reply.status, reply.body) + ")"});
  } else {
    // Bisect: the first half goes next, then the second; each half that fails again
    // splits again, down to the single unreadable record.
    const auto middle = ids.begin() + static_cast<std::ptrdiff_t>(ids.size() / 2);
    lane.splits.emplace_front(middle, ids.end());
    lane.splits.emplace_front(ids.begin(), middle);
  }
  if (lane.splits.empty()) return conclude_bisection(lane);
  // A pause between halvings: a hub or firewall answering 400 to everything must not get
  // every half of the batch at once.
  const auto pause = backoff_.next_delay();
  not_before_ = time_.now() + pause;
  hub_asked_wait_ = false;
  log::info("sync: the hub could not read a batch of " + std::to_string(ids.size()) +
            " records; sending it in halves, the next in " + seconds_text(pause));
  return Result::resolved;
}

SyncEngine::Result SyncEngine::conclude_bisection(Lane& lane) {
  Bisection b = std::move(*lane.bisection);
  lane.bisection.reset();
  if (b.unreadable.empty()) return Result::resolved;
  if (!b.any_readable) {
    // Every record "unreadable" is far likelier a broken hub or a firewall in the way than
    // that many bad records; rejecting them would take them out of the outbox for good.
    return fail("the hub could not read any of the " + std::to_string(b.records) +
                    " records of a batch (HTTP 400 to each); suspecting the hub, not the records: nothing rejected",
                backoff_.next_delay(), false);
  }
  for (const auto& r : b.unreadable) reject(lane, r.id, r.reason);
  return Result::resolved;
}

void SyncEngine::reject(Lane& lane, const std::string& id, const std::string& reason) {
  lane.channel.mark_rejected(id, reason);
  count_rejected(1);
}

void SyncEngine::count_rejected(std::int64_t n) {
  if (n == 0) return;
  report_.rejected += n;
  status_.update([n](SyncStatus& s) { s.rejected += n; });
}

SyncEngine::Result SyncEngine::handle_overloaded(const HttpResponse& reply) {
  const std::string error = "the hub is busy (" + describe_status(reply.status, reply.body) + ")";
  // The normal backoff counts this failure either way; Retry-After can only lengthen the
  // wait: "Retry-After: 0" or a date in the past must not make an overloaded hub busier.
  const auto backoff = backoff_.next_delay();
  const auto now_s = system_now_ms() / 1000;
  if (const auto after = parse_retry_after(reply.retry_after, now_s)) {
    const auto asked = duration_cast<milliseconds>(std::min(*after, max_retry_after));
    return fail(error, std::max(asked, backoff), true);
  }
  return fail(error, backoff, false);
}

std::optional<milliseconds> SyncEngine::transfer_timeout(milliseconds at_least) const {
  if (deadline_ == Clock::time_point::max()) return std::nullopt;  // the transport's own limit
  const auto left = duration_cast<milliseconds>(deadline_ - time_.now());
  return std::max({left, at_least, milliseconds(1)});
}

SyncEngine::Result SyncEngine::send_next(Lane& lane) {
  auto p = next_batch(lane);
  if (!p) return Result::nothing_to_send;
  publish(SyncState::sending);
  const Body body = encode_body(p->batch.ndjson);
  const auto url = kiosk_endpoint(parse_hub_url(config_.hub_url).base, config_.kiosk_id, lane.channel.path());
  const auto reply =
      http_.post(url, "application/x-ndjson", body, {"Idempotency-Key: " + p->key}, stop_, transfer_timeout());
  if (reply.interrupted) return Result::interrupted;
  return handle_reply(lane, *p, reply);
}

SyncEngine::Result SyncEngine::send_any() {
  const Result r = send_next(response_lane_);
  return r == Result::nothing_to_send ? send_next(event_lane_) : r;
}

void SyncEngine::send_heartbeat() {
  const auto oldest = outbox_.oldest_unsynced_response();
  // What the UI runs (it writes running.json) and the last publication that failed, here
  // (refused at download) or on the screen (did not load).
  const RunningSurvey running = config_folder_.running();
  const std::string refused = config_folder_.refused().error;
  const std::string config_error = !refused.empty() ? refused : running.error;
  const auto text_or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  const nlohmann::json j = {
      {"survey_version", text_or_null(running.version)},
      {"config_error", text_or_null(config_error)},
      {"at", format_iso8601(system_now_ms())},
      {"app_version", HEARD_VERSION},
      {"outbox", responses_.pending_count()},
      {"oldest_unsynced_at", oldest ? nlohmann::json(format_iso8601(*oldest)) : nlohmann::json(nullptr)},
      {"last_error", last_error_.empty() ? nlohmann::json(nullptr) : nlohmann::json(last_error_)},
  };
  const auto url = kiosk_endpoint(parse_hub_url(config_.hub_url).base, config_.kiosk_id, heartbeat_path);
  const auto reply =
      http_.post(url, "application/json", Body{j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), false},
                 {}, stop_, transfer_timeout(heartbeat_grace));
  if (reply.interrupted) return;
  if (classify(reply.status) == Verdict::refused) {
    handle_reply(response_lane_, Prepared{}, reply);
  } else if (reply.status != 204 && reply.status != 200) {
    // Heartbeats are best effort: the next one carries the news; batches keep their own backoff.
    log::info("sync: heartbeat not delivered (" +
              (reply.status ? describe_status(reply.status, reply.body) : reply.error) + ")");
  }
}

PullReport SyncEngine::pull_events() {
  if (events_not_offered_until_ && time_.now() < *events_not_offered_until_)
    return {.outcome = PullReport::Outcome::not_offered, .error = "the hub does not offer follow-up events"};
  // Short: a hub whose events endpoint hangs must not hold back the next urgent complaint.
  const milliseconds timeout = std::min(transfer_timeout(heartbeat_grace).value_or(max_pull_time), max_pull_time);
  const auto report = sync::pull_events(http_, parse_hub_url(config_.hub_url).base, config_.kiosk_id, outbox_, stop_,
                                        system_now_ms(), timeout);
  using Outcome = PullReport::Outcome;
  switch (report.outcome) {
    case Outcome::done:
      if (report.stored > 0)
        log::info("sync: " + std::to_string(report.stored) + " follow-up event(s) from head office");
      break;
    case Outcome::not_offered:
      // An older hub: no point asking every heartbeat; a day, or the next start.
      events_not_offered_until_ = time_.now() + std::chrono::hours(24);
      log::info("sync: the hub does not offer follow-up events (404); asking again in a day");
      break;
    case Outcome::refused:  // the uploads meet the same refusal and act on it
    case Outcome::interrupted:
      break;
    case Outcome::failed:
      // Best effort, as the heartbeat: nothing changed, the next heartbeat asks again.
      log::info("sync: follow-up events not pulled (" + report.error + ")");
      break;
  }
  return report;
}

void SyncEngine::pull_config() {
  if (config_not_offered_until_ && time_.now() < *config_not_offered_until_) return;
  const milliseconds timeout = std::min(transfer_timeout(heartbeat_grace).value_or(max_pull_time), max_pull_time);
  ConfigPullReport report;
  try {
    report = sync::pull_config(http_, parse_hub_url(config_.hub_url).base, config_.kiosk_id, config_folder_, outbox_,
                               stop_, timeout);
  } catch (const std::exception& e) {  // the disk refused the staging file
    report = {ConfigPullReport::Outcome::failed, "", std::string("cannot stage the hub's survey: ") + e.what()};
  }
  using Outcome = ConfigPullReport::Outcome;
  switch (report.outcome) {
    case Outcome::staged:
      log::info("sync: survey " + report.version + " from the hub staged; it applies at the next Welcome screen");
      break;
    case Outcome::not_offered:
      config_not_offered_until_ = time_.now() + std::chrono::hours(24);
      log::info("sync: the hub publishes no surveys (404); the local survey stays; asking again in a day");
      break;
    case Outcome::unusable:
      log::warning("sync: the hub's survey is refused, the current one stays: " + report.error);
      break;
    case Outcome::failed:
      log::info("sync: the hub's survey not fetched, the current one stays (" + report.error + ")");
      break;
    case Outcome::unchanged:
    case Outcome::refused:  // the uploads meet the same refusal and act on it
    case Outcome::interrupted:
      break;
  }
}

DrainReport SyncEngine::drain(Clock::time_point deadline) {
  report_ = {};
  deadline_ = deadline;
  untrusted_ = false;
  while (!stop_.load() && !refused_until_) {
    const auto now = time_.now();
    if (now < not_before_) {
      if (not_before_ >= deadline) break;
      time_.wait(duration_cast<milliseconds>(not_before_ - now) + milliseconds(1));
      continue;
    }
    if (now >= deadline) break;
    if (send_any() == Result::nothing_to_send) break;
    if (untrusted_) break;  // retrying within one drain cannot change the hub's certificate
  }
  if (!stop_.load() && !refused_until_ && !untrusted_) {
    send_heartbeat();
    if (!refused_until_) pull_config();
    if (!refused_until_) {
      const PullReport pulled = pull_events();
      report_.events_pulled = pulled.stored;
      report_.pull_problem = pull_problem(pulled);
    }
  }
  report_.last_error = last_error_;
  report_.outbox_left = responses_.pending_count();
  report_.events_left = events_.pending_count();
  publish(report_.outbox_left + report_.events_left == 0 ? SyncState::idle : SyncState::waiting);
  deadline_ = Clock::time_point::max();
  return report_;
}

void SyncEngine::run(std::atomic<bool>& urgent) {
  auto next_heartbeat = time_.now();
  auto idle_until = time_.now();
  while (!stop_.load()) {
    auto now = time_.now();
    try {
      if (urgent.exchange(false)) {
        idle_until = now;
        if (!hub_asked_wait_) not_before_ = std::min(not_before_, now);
      }
      if (refused_until_ && now >= *refused_until_) refused_until_.reset();
      if (!refused_until_ && now >= next_heartbeat) {
        next_heartbeat = now + config_.heartbeat_interval;
        send_heartbeat();
        pull_due_ = !refused_until_.has_value();
        continue;
      }
      if (!refused_until_ && now >= not_before_ && now >= idle_until) {
        if (send_any() != Result::nothing_to_send) continue;
        idle_until = now + config_.sync_interval;
      }
      // Uploads first: what head office did is pulled once the kiosk's own news has gone.
      if (pull_due_ && !refused_until_ && now >= not_before_) {
        pull_due_ = false;
        pull_config();
        pull_events();
        continue;
      }
    } catch (const std::exception& e) {
      // The database was busy, full or unreadable: nothing is lost, try again later.
      fail(std::string("kiosk database problem: ") + e.what(), backoff_.next_delay(), false);
    }
    now = time_.now();
    auto wake_at = next_heartbeat;
    if (refused_until_) wake_at = *refused_until_;
    else wake_at = std::min(wake_at, std::max(not_before_, idle_until));
    publish(refused_until_ ? SyncState::refused : now < not_before_ ? SyncState::waiting : SyncState::idle);
    if (wake_at > now) time_.wait(duration_cast<milliseconds>(wake_at - now) + milliseconds(1));
  }
  publish(SyncState::stopped);
}

}  // namespace heard::sync
