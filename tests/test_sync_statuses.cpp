// Every row of the protocol's status table, played through heard-hub's fault injector with
// a fixed script (one fault per request, then plain forwarding), against the real kiosk
// engine in `heardctl sync --once`.
#include <catch2/catch.hpp>

#include <cstring>
#include <regex>

#include "support/store_inspector.hpp"
#include "support/sync_fixture.hpp"

using heard::store::Stream;

using namespace heard;
using namespace heard::test;
using Clock = std::chrono::steady_clock;

namespace {

struct Outcome {
  Run run;
  double seconds = 0;
  int answered = 0;  // requests that got an HTTP reply
  int failed = 0;    // requests that failed and were retried
};

class Scenario {
 public:
  Scenario(const std::string& script, int records, const std::map<std::string, std::string>& config_extra = {})
      : hub_(dir_, {"--chaos-script", script}), db_(dir_ / "kiosk.db") {
    responses_ = make_kiosk(db_, records);
    config_ = write_sync_config(dir_, hub_.url(), config_extra);
  }

  Outcome sync(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"--config", config_.string(), "--db", db_.string(), "sync", "--once"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto start = Clock::now();
    Outcome o;
    o.run = run_heardctl(dir_, args);
    o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::smatch m;
    if (std::regex_search(o.run.out, m, std::regex("Requests answered: (\\d+); failed and retried: (\\d+)"))) {
      o.answered = std::stoi(m[1]);
      o.failed = std::stoi(m[2]);
    }
    return o;
  }

  std::int64_t on_hub() { return count_rows(hub_.db(), "responses"); }
  std::int64_t outbox() { return store::ResponseStore(db_).outbox().size(store::Stream::responses); }
  const std::vector<Response>& responses() const { return responses_; }
  const std::filesystem::path& db() const { return db_; }
  const std::filesystem::path& config() const { return config_; }
  const TempDir& dir() const { return dir_; }
  HubProcess& hub() { return hub_; }

 private:
  TempDir dir_;
  HubProcess hub_;
  std::filesystem::path db_;
  std::filesystem::path config_;
  std::vector<Response> responses_;
};

}  // namespace

TEST_CASE("Server errors and dropped connections are retried until everything is sent", "[sync][statuses]") {
  const char* script = GENERATE("500", "500,drop,500", "drop", "drop,drop");
  Scenario s(script, 20);
  const Outcome o = s.sync();
  INFO(script << "\n" << o.run.out << o.run.err);
  CHECK(o.run.exit_code == 0);
  CHECK(o.failed == std::count(script, script + std::strlen(script), ',') + 1);
  CHECK(s.on_hub() == 20);
  CHECK(s.outbox() == 0);
}

TEST_CASE("429 and 503 wait for Retry-After, in seconds or as an HTTP date", "[sync][statuses]") {
  const char* script = GENERATE("429", "503");
  Scenario s(script, 5);
  const Outcome o = s.sync();
  INFO(o.run.out << o.run.err);
  CHECK(o.run.exit_code == 0);
  CHECK(o.failed == 1);
  CHECK(o.seconds >= 0.95);  // "Retry-After: 1", although the backoff would have been < 20 ms
  CHECK(s.on_hub() == 5);

  Scenario dated("503-date", 5);
  const Outcome d = dated.sync();
  CHECK(d.run.exit_code == 0);
  CHECK(d.failed == 1);
  CHECK(dated.on_hub() == 5);
}

TEST_CASE("A stalled hub is given up on by the low-speed limit, then retried", "[sync][statuses]") {
  Scenario s("stall", 5);
  const Outcome o = s.sync();
  INFO(o.run.out << o.run.err);
  CHECK(o.run.exit_code == 0);
  CHECK(o.failed == 1);
  CHECK(o.seconds >= 1.0);
  CHECK(o.seconds < 10.0);
  CHECK(s.on_hub() == 5);
}

TEST_CASE("413 halves the batch and sends again at once", "[sync][statuses]") {
  Scenario s("413", 8);
  const Outcome o = s.sync();
  INFO(o.run.out << o.run.err);
  CHECK(o.run.exit_code == 0);
  CHECK(o.failed == 0);
  CHECK(o.answered == 3);  // 8 refused, then 4 and 4
  CHECK(s.on_hub() == 8);
}

TEST_CASE("400 bisects the batch down to the unreadable record, which is flagged", "[sync][statuses]") {
  // Batch [a b c d] -> 400; [a b] -> 400; [a] -> 400: a is rejected; then [b] and [c d] pass.
  Scenario s("400,400,400", 4);
  const Outcome o = s.sync();
  INFO(o.run.out << o.run.err);
  CHECK(o.run.exit_code == 1);  // sent, but something is rejected: not "all done"
  CHECK(o.answered == 5);
  CHECK_THAT(o.run.out, Catch::Contains("1 rejected"));
  CHECK_THAT(o.run.out, Catch::Contains("Rejected by the hub: 1 responses, 0 follow-up events"));
  store::ResponseStore kiosk(s.db());
  // Sending order is urgent first: the first record of the first batch is the urgent one.
  const Response& first = s.responses()[0];
  REQUIRE(first.urgent);
  CHECK_THAT(kiosk.outbox().rejection_of(Stream::responses, first.id).value_or(""), Catch::Contains("HTTP 400"));
  CHECK(s.on_hub() == 3);
  CHECK(kiosk.outbox().size(Stream::responses) == 0);
  CHECK(kiosk.stats().rejected == 1);
}

TEST_CASE("resend-rejected puts rejected records back in the outbox, optionally from a date on", "[sync][statuses]") {
  Scenario s("400,400,400", 4);
  REQUIRE(s.sync().run.exit_code == 1);
  const Response& rejected = s.responses()[0];
  const std::vector<std::string> db = {"--db", s.db().string()};
  const auto resend = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = db;
    args.push_back("resend-rejected");
    args.insert(args.end(), extra.begin(), extra.end());
    return run_heardctl(s.dir(), args);
  };
  // Made before --since: stays rejected.
  const Run later = resend({"--since", format_iso8601(rejected.created_at + 1000)});
  CHECK(later.exit_code == 0);
  CHECK_THAT(later.out, Catch::Contains("Back in the outbox: 0 responses, 0 follow-up events"));
  CHECK(store::ResponseStore(s.db()).stats().rejected == 1);

  const Run all = resend({});
  CHECK(all.exit_code == 0);
  CHECK_THAT(all.out, Catch::Contains("Back in the outbox: 1 responses, 0 follow-up events"));
  CHECK(s.outbox() == 1);

  const Outcome again = s.sync();  // the fault injector now forwards: the hub takes it
  INFO(again.run.out << again.run.err);
  CHECK(again.run.exit_code == 0);
  CHECK(s.on_hub() == 4);
  CHECK(store::ResponseStore(s.db()).stats().rejected == 0);
}

TEST_CASE("401 stops syncing at once and keeps everything for later", "[sync][statuses]") {
  Scenario s("401", 6);
  const Outcome o = s.sync();
  CHECK(o.run.exit_code == 1);
  CHECK_THAT(o.run.err, Catch::Contains("refused this kiosk's token"));
  CHECK_THAT(o.run.err, !Catch::Contains(kiosk_token));
  CHECK(o.answered == 1);  // no retries against a refused token
  CHECK(s.outbox() == 6);
  CHECK(s.on_hub() == 0);

  const Outcome fixed = s.sync();  // "after a configuration change": the injector now forwards
  CHECK(fixed.run.exit_code == 0);
  CHECK(s.on_hub() == 6);
}

TEST_CASE("A lost acknowledgement is resolved by replaying the same Idempotency-Key", "[sync][statuses]") {
  Scenario s("lost-ack", 10);
  const Outcome o = s.sync();
  INFO(o.run.out << o.run.err);
  CHECK(o.run.exit_code == 0);
  CHECK(o.failed == 1);
  // The hub had committed the batch; the retry got the original answer, not "duplicates".
  CHECK_THAT(o.run.out, Catch::Contains("10 new, 0 already there"));
  CHECK(s.on_hub() == 10);
}

TEST_CASE("A kiosk restarted mid-batch resends it under the same Idempotency-Key", "[sync][statuses]") {
  // The acknowledgement is lost and the backoff is long: the process is killed while it waits.
  Scenario s("lost-ack", 10, {{"backoff_min_s", "60"}, {"backoff_max_s", "60"}});
  Child first({HEARDCTL_PATH, "--config", s.config().string(), "--db", s.db().string(), "sync", "--once"},
              s.dir() / "first.out", s.dir() / "first.err");
  // Killed once it has logged the failed attempt and is waiting out its backoff; the limit is
  // generous because a loaded machine can take seconds to start two processes and commit.
  REQUIRE(eventually([&] { return read_text(s.dir() / "first.err").find("next attempt in") != std::string::npos; },
                     std::chrono::seconds(60)));
  REQUIRE(s.on_hub() == 10);  // the hub did commit the batch whose acknowledgement was lost
  first.signal(SIGKILL);
  CHECK(first.wait() == 128 + SIGKILL);

  std::string key;
  {
    store::ResponseStore kiosk(s.db());
    CHECK(kiosk.outbox().size(Stream::responses) == 10);  // nothing was acknowledged
    const auto inflight = kiosk.outbox().inflight(store::Stream::responses);
    REQUIRE(inflight);
    CHECK(inflight->ids.size() == 10);
    key = inflight->idempotency_key;
  }
  const auto config = write_sync_config(s.dir(), s.hub().url());  // short backoff again
  const Run again = run_heardctl(s.dir(), {"--config", config.string(), "--db", s.db().string(), "sync", "--once"});
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("10 new, 0 already there"));  // the hub replayed its answer to `key`
  store::ResponseStore kiosk(s.db());
  CHECK(kiosk.outbox().size(Stream::responses) == 0);
  CHECK_FALSE(kiosk.outbox().inflight(store::Stream::responses));
}

TEST_CASE("An unreachable hub leaves the outbox intact and says why", "[sync][statuses]") {
  TempDir dir;
  const auto db = dir / "kiosk.db";
  make_kiosk(db, 3);
  const auto config = write_sync_config(dir, "http://127.0.0.1:9");  // discard port: nothing listens
  const Run run =
      run_heardctl(dir, {"--config", config.string(), "--db", db.string(), "sync", "--once", "--max-time", "1"});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("cannot reach the hub"));
  CHECK_THAT(run.out, Catch::Contains("Waiting: 3 responses"));
  CHECK(store::ResponseStore(db).outbox().size(store::Stream::responses) == 3);
}
