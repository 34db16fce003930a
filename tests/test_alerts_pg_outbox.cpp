// The alerts' outbox in PostgreSQL (PgAlertStore), with hand-moved clocks: the same
// guarantees as test_alerts_outbox.cpp's SQLite store, where several hub processes share it.
// A claim is a row lock held until the delivery is marked, so a second store (another
// process) passes over it; a store that goes away without marking (a process that died)
// leaves it to the next. Two rules passes deciding the same lasting alert queue it once.
#include <catch2/catch.hpp>

#include "core/uuid.hpp"
#include "hub/alerts/pg_alert_store.hpp"
#include "hub/pg_hub_storage.hpp"
#include "support/hub_backend.hpp"

using namespace heard;
using namespace heard::hub::alerts;

namespace {

NewDelivery delivery(const std::string& dedup) {
  return {make_uuid_v7(), dedup, "webhook:ops", "urgent", "", "Urgent", "{}", "", {}};
}

constexpr Millis t0 = 1'795'961'109'000;
constexpr Millis hour = 3'600'000;

}  // namespace

TEST_CASE("PostgreSQL outbox: each notification once, its cursor never going back", "[alerts][outbox][pg]") {
  test::TestPgDatabase db;
  hub::PgHubStorage storage(db.url(), 1);
  PgAlertStore one(db.url()), two(db.url());
  CHECK(one.cursor("responses") == 0);
  one.enqueue({delivery("urgent:a:webhook:ops"), delivery("urgent:b:webhook:ops")}, "responses", 7, t0, t0 + hour);
  // The other process read the same responses: its queueing adds nothing, and its older
  // cursor does not move the shared one back.
  two.enqueue({delivery("urgent:a:webhook:ops")}, "responses", 5, t0, t0 + hour);
  CHECK(two.deliveries("", 10).size() == 2);
  CHECK(two.cursor("responses") == 7);
}

TEST_CASE("PostgreSQL outbox: a claimed delivery is skipped by the other process until marked",
          "[alerts][outbox][pg]") {
  test::TestPgDatabase db;
  hub::PgHubStorage storage(db.url(), 1);
  PgAlertStore one(db.url()), two(db.url());
  one.enqueue({delivery("d1"), delivery("d2")}, "responses", 1, t0, t0 + 72 * hour);
  const auto a = one.claim_due("run-1", Now(t0, 0), 60'000, 600'000);
  const auto b = two.claim_due("run-2", Now(t0, 0), 60'000, 600'000);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->id != b->id);                                                 // each takes another
  CHECK_FALSE(two.claim_due("run-2", Now(t0, 0), 60'000, 600'000));      // none left unclaimed
  CHECK_FALSE(one.claim_due("run-1", Now(t0 + 1, 1), 60'000, 600'000));  // its own claims too
  one.mark_sent(a->id, t0 + 10);
  two.mark_failed(b->id, "HTTP 503", t0 + 20'000);
  CHECK(one.deliveries("sent", 10).size() == 1);
  CHECK(one.deliveries("failing", 10).at(0).last_error == "HTTP 503");
  CHECK(one.deliveries("failing", 10).at(0).attempts == 1);
  CHECK_FALSE(two.claim_due("run-2", Now(t0 + 19'000, 19'000), 60'000, 600'000));
  const auto again = two.claim_due("run-2", Now(t0 + 20'000, 20'000), 60'000, 600'000);
  REQUIRE(again);
  CHECK(again->id == b->id);
  CHECK(again->attempts == 2);
  two.mark_sent(again->id, t0 + 20'001);
  CHECK_FALSE(one.claim_due("run-1", Now(t0 + 10 * hour, 0), 60'000, 600'000));  // sent is final
}

TEST_CASE("PostgreSQL outbox: a process that dies mid-send leaves its delivery to the other", "[alerts][outbox][pg]") {
  test::TestPgDatabase db;
  hub::PgHubStorage storage(db.url(), 1);
  PgAlertStore survivor(db.url());
  survivor.enqueue({delivery("d1")}, "responses", 1, t0, t0 + 72 * hour);
  std::string claimed;
  {
    PgAlertStore dying(db.url());
    const auto d = dying.claim_due("run-1", Now(t0, 0), 60'000, 600'000);
    REQUIRE(d);
    claimed = d->id;
    CHECK_FALSE(survivor.claim_due("run-2", Now(t0, 0), 60'000, 600'000));
  }  // its connections close, unmarked, as a killed process's do
  const auto d = survivor.claim_due("run-2", Now(t0 + 1, 1), 60'000, 600'000);
  REQUIRE(d);
  CHECK(d->id == claimed);
  survivor.mark_sent(d->id, t0 + 2);
  CHECK(survivor.deliveries("sent", 10).size() == 1);
}

TEST_CASE("PostgreSQL outbox: a claim held past its lease is ended by the server", "[alerts][outbox][pg]") {
  test::TestPgDatabase db;
  hub::PgHubStorage storage(db.url(), 1);
  PgAlertStore hung(db.url()), other(db.url());
  other.enqueue({delivery("d1")}, "responses", 1, t0, t0 + 72 * hour);
  const auto d = hung.claim_due("run-1", Now(t0, 0), 200, 600'000);  // a 200 ms lease
  REQUIRE(d);
  // The server ends the hung sender's session once its lease is over; the other takes it.
  std::optional<Delivery> taken;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!taken && std::chrono::steady_clock::now() < deadline)
    taken = other.claim_due("run-2", Now(t0, 0), 60'000, 600'000);
  REQUIRE(taken);
  CHECK(taken->id == d->id);
  CHECK_THROWS(hung.mark_sent(d->id, t0 + 1));  // too late: its lease was over
  other.mark_sent(taken->id, t0 + 2);
  CHECK(other.deliveries("sent", 10).size() == 1);
}

TEST_CASE("PostgreSQL outbox: expiry and the wall clock stepped back", "[alerts][outbox][pg]") {
  test::TestPgDatabase db;
  hub::PgHubStorage storage(db.url(), 1);
  PgAlertStore store(db.url());
  store.enqueue({delivery("d1"), delivery("d2")}, "responses", 1, t0, t0 + 72 * hour);
  const auto d = store.claim_due("run", Now(t0, 0), 60'000, 600'000);
  REQUIRE(d);
  store.mark_failed(d->id, "HTTP 503", t0 + 500'000);
  // NTP stepped the wall clock back a day: the retry is due now, not in a day and a bit.
  const auto back = store.claim_due("run", Now(t0 - 24 * hour, 40'000), 60'000, 600'000);
  REQUIRE(back);
  store.mark_sent(back->id, t0 + 1);
  CHECK(store.expire_overdue(t0 + 72 * hour - 1) == 0);
  CHECK(store.expire_overdue(t0 + 72 * hour) == 1);  // the sent one stays sent
  CHECK(store.deliveries("expired", 10).size() == 1);
  CHECK_FALSE(store.claim_due("run", Now(t0 + 80 * hour, 1), 60'000, 600'000));
  CHECK_FALSE(store.next_due());
}

TEST_CASE("PostgreSQL outbox: two passes opening the same bad spell queue it once", "[alerts][outbox][pg]") {
  test::TestPgDatabase db;
  hub::PgHubStorage storage(db.url(), 1);
  PgAlertStore one(db.url()), two(db.url());
  // Both read no open spell and decide to open and tell it, each with its own message (the
  // subject carries the instant, so the dedup keys differ).
  const OpenAlertChanges open{"bad_spell", {{"madrid-centro", t0, false}}, {}, {"madrid-centro"}};
  one.apply(open, {delivery("bad_spell:a@1:email:Marta")}, t0, t0 + hour);
  two.apply(open, {delivery("bad_spell:a@2:email:Marta")}, t0 + 1, t0 + hour);
  CHECK(one.deliveries("", 10).size() == 1);
  REQUIRE(one.open_alerts("bad_spell").size() == 1);
  CHECK(one.open_alerts("bad_spell")[0].told);
  // And closing it: only one "over" message.
  const OpenAlertChanges close{"bad_spell", {}, {"madrid-centro"}, {}};
  two.apply(close, {delivery("bad_spell:over@3:email:Marta")}, t0 + 2, t0 + hour);
  one.apply(close, {delivery("bad_spell:over@4:email:Marta")}, t0 + 3, t0 + hour);
  CHECK(one.deliveries("", 10).size() == 2);
  CHECK(one.open_alerts("bad_spell").empty());
}
