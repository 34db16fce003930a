// The alerts' outbox in the hub's SQLite file (SqliteAlertStore), with hand-moved clocks
// (PostgreSQL's: test_alerts_pg_outbox.cpp):
// queued once per dedup key with its cursor, leased to one run at a time (a dead run's lease
// is void), retried at its time (never later than the backoff cap, even when the wall clock
// is stepped back), expired at its deadline, and never sent again once sent.
#include <catch2/catch.hpp>

#include "core/uuid.hpp"
#include "hub/alerts/sqlite_alert_store.hpp"
#include "hub/sqlite_hub_storage.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::hub::alerts;

namespace {

NewDelivery delivery(const std::string& dedup) {
  return {make_uuid_v7(), dedup, "webhook:ops", "urgent", "madrid-centro", "Urgent", "{}", "", {}};
}

constexpr Millis t0 = 1'795'961'109'000;
constexpr Millis hour = 3'600'000;

}  // namespace

TEST_CASE("the outbox queues each notification once, with its cursor", "[alerts][outbox][sqlite]") {
  test::TempDir dir;
  hub::SqliteHubStorage storage(dir / "hub.db");
  SqliteAlertStore store(dir / "hub.db");
  CHECK(store.cursor("responses") == 0);  // an empty hub: from the start
  store.enqueue({delivery("urgent:a:webhook:ops"), delivery("urgent:b:webhook:ops")}, "responses", 7, t0, t0 + hour);
  // A rules pass repeated after a crash queues nothing twice.
  store.enqueue({delivery("urgent:a:webhook:ops")}, "responses", 7, t0, t0 + hour);
  CHECK(store.deliveries("", 10).size() == 2);
  CHECK(store.cursor("responses") == 7);
}

TEST_CASE("a lease keeps a delivery to one sender until it ends or its run dies", "[alerts][outbox][sqlite]") {
  test::TempDir dir;
  hub::SqliteHubStorage storage(dir / "hub.db");
  SqliteAlertStore store(dir / "hub.db");
  store.enqueue({delivery("d1")}, "responses", 1, t0, t0 + 72 * hour);
  const Now now(t0, 1000);
  const auto first = store.claim_due("run-1", now, 60'000, 600'000);
  REQUIRE(first);
  CHECK(first->attempts == 1);
  CHECK_FALSE(store.claim_due("run-1", Now(t0 + 30'000, 31'000), 60'000, 600'000));  // still leased
  // The hub restarted (a new run): the old run's lease means nothing.
  const auto again = store.claim_due("run-2", Now(t0 + 1000, 5), 60'000, 600'000);
  REQUIRE(again);
  CHECK(again->id == first->id);
  CHECK(again->attempts == 2);
  store.mark_sent(again->id, t0 + 2000);
  CHECK_FALSE(store.claim_due("run-3", Now(t0 + 10 * hour, 0), 60'000, 600'000));  // sent is final
  CHECK(store.deliveries("sent", 10).size() == 1);
}

TEST_CASE("a failed delivery waits for its time, but never longer than the cap", "[alerts][outbox][sqlite]") {
  test::TempDir dir;
  hub::SqliteHubStorage storage(dir / "hub.db");
  SqliteAlertStore store(dir / "hub.db");
  store.enqueue({delivery("d1")}, "responses", 1, t0, t0 + 72 * hour);
  const auto d = store.claim_due("run", Now(t0, 0), 60'000, 600'000);
  REQUIRE(d);
  store.mark_failed(d->id, "HTTP 503", t0 + 20'000);
  CHECK(store.deliveries("failing", 10).at(0).last_error == "HTTP 503");
  CHECK(store.next_due() == t0 + 20'000);
  CHECK_FALSE(store.claim_due("run", Now(t0 + 19'000, 19'000), 60'000, 600'000));
  CHECK(store.claim_due("run", Now(t0 + 20'000, 20'000), 60'000, 600'000));
  store.mark_failed(d->id, "HTTP 503", t0 + 500'000);
  // NTP stepped the wall clock back a day: the retry is due now, not in a day and a bit.
  CHECK(store.claim_due("run", Now(t0 - 24 * hour, 40'000), 60'000, 600'000));
}

TEST_CASE("a delivery still unsent at its deadline expires and is not tried again", "[alerts][outbox][sqlite]") {
  test::TempDir dir;
  hub::SqliteHubStorage storage(dir / "hub.db");
  SqliteAlertStore store(dir / "hub.db");
  store.enqueue({delivery("d1"), delivery("d2")}, "responses", 1, t0, t0 + 72 * hour);
  const auto d = store.claim_due("run", Now(t0, 0), 60'000, 600'000);
  REQUIRE(d);
  store.mark_sent(d->id, t0 + 1);
  CHECK(store.expire_overdue(t0 + 72 * hour - 1) == 0);
  CHECK(store.expire_overdue(t0 + 72 * hour) == 1);  // the sent one stays sent
  CHECK(store.deliveries("expired", 10).size() == 1);
  CHECK_FALSE(store.claim_due("run", Now(t0 + 80 * hour, 1), 60'000, 600'000));
  CHECK_FALSE(store.next_due());
}
