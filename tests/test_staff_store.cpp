// Staff mode's records: PINs as argon2id hashes, a persistent growing lockout, the audit
// log, the follow-up queue in SLA order, logged reveals, and append-only follow-ups.
#include <catch2/catch.hpp>

#include "store/staff_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::store::Stream;
using heard::test::connection_of;

using namespace heard;
using namespace heard::store;

namespace {
constexpr Millis hour = 3'600'000;
const Millis t0 = 1'790'000'000'000;

bool has_action(const std::vector<AuditEntry>& log, std::string_view action) {
  for (const auto& e : log)
    if (e.action == action) return true;
  return false;
}
}  // namespace

TEST_CASE("PINs are stored as argon2id hashes with at least 19 MiB and 2 passes", "[staff]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  StaffStore staff(store);
  CHECK_FALSE(staff.has_pins());
  staff.set_pin("Marta", "4821", t0);
  CHECK(staff.has_pins());
  const auto hash = connection_of(store).query_text("SELECT pin_hash FROM staff_pins WHERE name = 'Marta'");
  REQUIRE(hash);
  CHECK(hash->starts_with("$argon2id$v=19$m=19456,t=2,"));
  CHECK(hash->find("4821") == std::string::npos);

  SECTION("bad PINs and shared PINs are refused") {
    CHECK_THROWS_AS(staff.set_pin("Jo", "123", t0), PinRejected);
    CHECK_THROWS_AS(staff.set_pin("Jo", "12a4", t0), PinRejected);
    CHECK_THROWS_AS(staff.set_pin("", "1234", t0), PinRejected);
    CHECK_THROWS_WITH(staff.set_pin("Jo", "4821", t0), Catch::Contains("already belongs to Marta"));
  }
  SECTION("the right PIN names who logged in; replacing a PIN retires the old one") {
    staff.set_pin("Jo", "777777", t0);
    CHECK(staff.login("777777", t0).name == "Jo");
    CHECK(staff.login("4821", t0).name == "Marta");
    staff.set_pin("Marta", "9999", t0);
    CHECK(staff.login("4821", t0).outcome == Login::Outcome::wrong_pin);
    CHECK(staff.staff_names() == std::vector<std::string>{"Jo", "Marta"});
  }
}

TEST_CASE("With no PIN set, staff mode stays locked", "[staff]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  StaffStore staff(store);
  CHECK(staff.login("0000", t0).outcome == Login::Outcome::no_pins);
}

TEST_CASE("Wrong PINs lock staff mode for 30 s after five tries, doubling, across restarts", "[staff]") {
  CHECK(lockout_after(4) == 0);
  CHECK(lockout_after(5) == 30'000);
  CHECK(lockout_after(6) == 60'000);
  CHECK(lockout_after(7) == 120'000);
  CHECK(lockout_after(40) == 3'600'000);

  test::TempDir dir;
  Millis now = t0;
  {
    ResponseStore store(dir / "heard.db");
    StaffStore staff(store);
    staff.set_pin("Marta", "4821", now);
    for (int i = 1; i <= 4; ++i) {
      const Login l = staff.login("1111", now);
      CHECK(l.outcome == Login::Outcome::wrong_pin);
      CHECK(l.tries_left == 5 - i);
    }
    const Login fifth = staff.login("1111", now);
    CHECK(fifth.outcome == Login::Outcome::locked);
    CHECK(fifth.locked_until == now + 30'000);
  }
  ResponseStore store(dir / "heard.db");  // a restart does not lift the lockout
  StaffStore staff(store);
  CHECK(staff.login("4821", now + 29'000).outcome == Login::Outcome::locked);  // even the right PIN
  now += 30'000;
  const Login sixth = staff.login("1111", now);
  CHECK(sixth.outcome == Login::Outcome::locked);
  CHECK(sixth.locked_until == now + 60'000);
  now += 60'000;
  CHECK(staff.login("4821", now).outcome == Login::Outcome::ok);
  CHECK_FALSE(staff.locked_until(now));
  CHECK(staff.login("1111", now).tries_left == 4);  // a success starts the count again

  const auto log = staff.audit_log(100);
  CHECK(has_action(log, "pin_wrong"));
  CHECK(has_action(log, "pin_while_locked"));
  CHECK(has_action(log, "login"));
  CHECK(log.front().action == "pin_wrong");  // newest first
}

TEST_CASE("When storage refuses writes, wrong PINs still count towards the lockout, and the right PIN still opens",
          "[staff][disk-full]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  StaffStore staff(store);
  staff.set_pin("Marta", "4821", t0);
  CHECK(staff.login("1111", t0).tries_left == 4);  // recorded on disk
  // Every write now fails as on a read-only file system (SQLITE_READONLY); a full disk fails
  // the same way with SQLITE_FULL, but SQLite still fits small rows into pages it has.
  connection_of(store).exec("PRAGMA query_only = ON");
  for (int i = 2; i <= 4; ++i) {  // counted in memory instead of being free guesses
    const Login l = staff.login("1111", t0);
    CHECK(l.outcome == Login::Outcome::wrong_pin);
    CHECK(l.tries_left == 5 - i);
  }
  const Login fifth = staff.login("1111", t0);
  CHECK(fifth.outcome == Login::Outcome::locked);
  CHECK(fifth.locked_until == t0 + 30'000);
  const auto recorded = [&] {
    return connection_of(store).query_int("SELECT failures FROM staff_lockout WHERE id = 1");
  };
  CHECK(recorded() == 1);  // the store really refused the other four
  CHECK(*staff.locked_until(t0 + 29'000) == t0 + 30'000);
  CHECK(staff.login("4821", t0 + 29'000).outcome == Login::Outcome::locked);  // even the right PIN
  const Login sixth = staff.login("1111", t0 + 30'000);
  CHECK(sixth.locked_until == t0 + 30'000 + 60'000);                      // doubling, as on disk
  CHECK(staff.login("4821", t0 + 90'000).outcome == Login::Outcome::ok);  // staff are needed most now

  // Writable again: wrong PINs are recorded on disk again. The success above could not clear
  // the count there, so it goes on from it: the strict side.
  connection_of(store).exec("PRAGMA query_only = OFF");
  const Login after = staff.login("1111", t0 + 90'000);
  CHECK(after.outcome == Login::Outcome::wrong_pin);
  CHECK(recorded() == 2);
  CHECK(after.tries_left == 3);
}

TEST_CASE("The audit log cannot be changed or deleted", "[staff]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  StaffStore staff(store);
  staff.audit("Marta", "logout", {}, {}, t0);
  CHECK_THROWS_WITH(connection_of(store).exec("UPDATE audit_log SET who = 'someone else'"),
                    Catch::Contains("append-only"));
  CHECK_THROWS_WITH(connection_of(store).exec("DELETE FROM audit_log"), Catch::Contains("append-only"));
}

TEST_CASE("The follow-up queue lists open contact requests, least time left first", "[staff]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  StaffStore staff(store);
  Response overdue = test::filled_response(t0 - 30 * hour);
  Response due_soon = test::filled_response(t0 - 20 * hour);
  Response fresh = test::filled_response(t0 - 1 * hour);
  Response manager = test::filled_response(t0 - 2 * hour);
  manager.desired_resolution = "talk_to_manager_now";
  manager.contact = {};
  manager.consent = {};
  Response no_request = test::filled_response(t0 - 40 * hour);
  no_request.desired_resolution = "discount";
  no_request.urgent = false;
  Response in_progress = test::filled_response(t0 - 50 * hour);
  Response resolved = test::filled_response(t0 - 60 * hour);
  for (const auto& r : {fresh, overdue, manager, due_soon, no_request, resolved}) store.save(r);
  store.save(in_progress, Stage::in_progress);
  staff.record_followup("Marta", resolved.id, "resolved", "refunded", t0 - 10 * hour);
  staff.record_followup("Marta", due_soon.id, "contacted", "left a message", t0 - hour);

  const auto queue = staff.followup_queue(24, t0, 50);
  REQUIRE(queue.size() == 4);
  CHECK(queue[0].response.id == overdue.id);
  CHECK(queue[0].sla.state == SlaState::overdue);
  CHECK(queue[0].status == "new");
  CHECK(queue[1].response.id == due_soon.id);
  CHECK(queue[1].sla.state == SlaState::due_soon);
  CHECK(queue[1].status == "contacted");
  CHECK(queue[2].response.id == manager.id);
  CHECK(queue[3].response.id == fresh.id);
  CHECK(queue[3].sla.state == SlaState::on_time);
  CHECK(staff.followup_queue(24, t0, 2).size() == 2);

  SECTION("the plan for the queue uses its partial index, not a scan of every response") {
    Statement plan(connection_of(store),
                   "EXPLAIN QUERY PLAN SELECT r.id FROM responses r INDEXED BY responses_followup "
                   "WHERE r.complete = 1 AND r.urgent = 1 ORDER BY r.created_at, r.seq");
    std::string detail;
    while (plan.step()) detail += plan.column_text(3) + "\n";
    CHECK(detail.find("responses_followup") != std::string::npos);
  }
  SECTION("working one to resolved takes it off the queue; events are append-only and audited") {
    staff.record_followup("Jo", overdue.id, "contacted", "", t0);
    staff.record_followup("Jo", overdue.id, "resolved", "voucher sent", t0 + 1);
    CHECK(staff.followup_queue(24, t0, 50).size() == 3);
    const auto events = store.events_for(overdue.id);
    REQUIRE(events.size() == 2);
    CHECK(events[1].status == "resolved");
    CHECK(events[1].by == "Jo");
    CHECK(events[1].note == "voucher sent");
    CHECK(store.outbox().pending(Stream::events, 10).size() == 4);  // on their way to the hub's /events
    const auto log = staff.audit_for(overdue.id);
    REQUIRE(log.size() == 2);
    CHECK(log[1].action == "followup_resolved");
    CHECK(log[1].who == "Jo");
    CHECK_THROWS_AS(staff.record_followup("Jo", overdue.id, "done", "", t0), std::invalid_argument);
  }
  SECTION("revealing contact details is logged with who and when") {
    CHECK(staff.audit_for(fresh.id).empty());
    const Contact c = staff.reveal_contact("Marta", fresh.id, t0 + 5);
    CHECK(c.phone == "+34 600 000 000");
    const auto log = staff.audit_for(fresh.id);
    REQUIRE(log.size() == 1);
    CHECK(log[0].action == "reveal_contact");
    CHECK(log[0].who == "Marta");
    CHECK(log[0].at == t0 + 5);
  }
}

TEST_CASE("Records the hub refused are listed for staff with the hub's reasons, newest first", "[staff]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  StaffStore staff(store);
  const Response a = test::filled_response(t0), b = test::filled_response(t0 + 1);
  store.save(a);
  store.save(b);
  CHECK(staff.rejected(5).empty());
  store.outbox().mark_rejected(Stream::responses, a.id, "rating: expected 1 to 5");
  store.outbox().mark_rejected(Stream::responses, b.id, "kiosk_id does not match");
  const auto e = staff.record_followup("Marta", a.id, "contacted", "", t0 + 2);
  store.outbox().mark_rejected(Stream::events, e.id, "response_id: unknown");
  const auto list = staff.rejected(5);
  REQUIRE(list.size() == 3);
  CHECK(list[0].id == b.id);
  CHECK(list[0].reason == "kiosk_id does not match");
  CHECK(list[2].kind == "follow-up");
  CHECK(list[2].reason == "response_id: unknown");
  CHECK(staff.rejected(1).size() == 1);
}
