// What a hub's reply settles is stored in one transaction (Outbox::settle): the synced and the
// rejected records leave the outbox and the batch is no longer in flight, all or nothing. The
// sync thread's connection (store::open_plain) does this without a flush of its own, and what
// the UI's connection reads afterwards is the same.
#include <catch2/catch.hpp>

#include "store/open.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::store;
using heard::test::sample_response;

TEST_CASE("a reply settles its synced and rejected records and ends the batch in flight", "[store][outbox]") {
  heard::test::TempDir dir;
  ResponseStore ui(dir / "heard.db");
  const Response a = sample_response(4, 1000), b = sample_response(3, 2000), c = sample_response(2, 3000);
  for (const auto& r : {a, b, c}) ui.save(r);
  Database sync = open_plain(dir / "heard.db");
  Outbox outbox(sync);
  outbox.set_inflight(Stream::responses, {"key-1", {a.id, b.id}});

  outbox.settle(Stream::responses, {a.id}, {{b.id, "rating: expected 1 to 5"}}, 5000);

  CHECK_FALSE(outbox.inflight(Stream::responses).has_value());
  const auto waiting = ui.outbox().pending(Stream::responses, 10);
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].id == c.id);
  CHECK(ui.outbox().rejection_of(Stream::responses, b.id) == "rating: expected 1 to 5");
  CHECK_FALSE(ui.outbox().rejection_of(Stream::responses, a.id).has_value());
}

TEST_CASE("a rejection of a record no longer on the kiosk settles the rest", "[store][outbox]") {
  heard::test::TempDir dir;
  ResponseStore ui(dir / "heard.db");
  const Response a = sample_response(4, 1000);
  ui.save(a);
  Database sync = open_plain(dir / "heard.db");
  Outbox outbox(sync);
  outbox.set_inflight(Stream::responses, {"key-1", {a.id}});
  // The purge took it away meanwhile: there is nothing to mark, and nothing else is undone.
  outbox.settle(Stream::responses, {a.id}, {{"0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60", "gone"}}, 5000);
  CHECK(ui.outbox().size(Stream::responses) == 0);
  CHECK_FALSE(outbox.inflight(Stream::responses).has_value());
}

TEST_CASE("the sync thread's connection does not flush each commit; the UI's does", "[store][open]") {
  heard::test::TempDir dir;
  ResponseStore ui(dir / "heard.db");
  Database sync = open_plain(dir / "heard.db");
  // 1 = NORMAL: in WAL mode its commits reach the disk with the next FULL commit or checkpoint.
  CHECK(sync.query_int("PRAGMA synchronous") == 1);
  CHECK(sync.query_text("PRAGMA journal_mode") == std::optional<std::string>("wal"));
}
