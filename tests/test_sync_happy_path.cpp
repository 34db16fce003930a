// The whole path on loopback: a kiosk database, `heardctl sync --once`, a real heard-hub;
// afterwards the hub holds exactly the kiosk's records, field by field.
#include <catch2/catch.hpp>

#include "support/store_inspector.hpp"
#include "support/sync_fixture.hpp"

using heard::store::Stream;
using heard::test::connection_of;

using namespace heard;
using namespace heard::test;

TEST_CASE("heardctl sync --once moves every response to the hub unchanged", "[sync][e2e]") {
  TempDir dir;
  HubProcess hub(dir);
  const auto db = dir / "kiosk.db";
  const auto responses = make_kiosk(db, 1200);  // several batches
  {
    store::ResponseStore kiosk(db);
    kiosk.append_event({make_uuid_v7(), responses[0].id, 1795961200000, "contacted", "Marta", "called back"});
    kiosk.append_event({make_uuid_v7(), responses[0].id, 1795961300000, "resolved", "Marta", ""});
  }
  const auto token = dir / "kiosk.token";
  write_private_file(token, kiosk_token + "\n");

  // No configuration file: the flags say everything.
  const Run run = run_heardctl(dir, {"--config", empty_config(dir).string(), "--db", db.string(), "sync", "--once",
                                     "--hub", hub.url(), "--kiosk-id", kiosk_id, "--token-file", token.string()});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("Sent 1 200 responses") && Catch::Contains("1 200 new"));
  CHECK_THAT(run.out, Catch::Contains("Sent 2 follow-up events"));
  // Then it asks for head office's events: none yet, and never the kiosk's own two back.
  CHECK_THAT(run.out, Catch::Contains("Pulled 0 follow-up events from head office."));
  CHECK_THAT(run.out, Catch::Contains("Waiting: 0 responses, 0 follow-up events"));

  store::ResponseStore stored(hub_records(hub.db(), dir));
  CHECK(connection_of(stored).query_int("SELECT COUNT(*) FROM responses") == 1200);
  for (const auto& r : responses) {
    const auto copy = stored.find(r.id);
    REQUIRE(copy);
    REQUIRE(*copy == r);
  }
  CHECK(count_rows(hub.db(), "hub_events") == 2);
  CHECK(count_rows(hub.db(), "hub_heartbeats") == 1);

  store::ResponseStore kiosk(db);
  CHECK(kiosk.outbox().size(Stream::responses) == 0);
  CHECK(kiosk.outbox().pending(Stream::events, 10).empty());

  SECTION("a second run finds nothing to send and still succeeds") {
    const Run again = run_heardctl(dir, {"--config", empty_config(dir).string(), "--db", db.string(), "sync", "--once",
                                         "--hub", hub.url(), "--kiosk-id", kiosk_id, "--token-file", token.string()});
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.out, Catch::Contains("Sent 0 responses"));
  }
}

TEST_CASE("heardctl sync refuses unsafe or missing settings with a clear message", "[sync][e2e]") {
  TempDir dir;
  const auto db = dir / "kiosk.db";
  make_kiosk(db, 1);
  const auto token = dir / "kiosk.token";
  write_private_file(token, kiosk_token + "\n");
  const auto sync = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"--config", empty_config(dir).string(), "--db", db.string(), "sync", "--once"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_heardctl(dir, args);
  };
  const Run no_hub = sync({});
  CHECK(no_hub.exit_code == 5);
  CHECK_THAT(no_hub.err, Catch::Contains("no hub configured"));

  const Run plain = sync({"--hub", "http://hub.example.com", "--kiosk-id", kiosk_id, "--token-file", token.string()});
  CHECK(plain.exit_code == 5);
  CHECK_THAT(plain.err, Catch::Contains("https://"));

  ::chmod(token.c_str(), 0644);
  const Run open_token = sync({"--hub", "http://127.0.0.1:9", "--kiosk-id", kiosk_id, "--token-file", token.string()});
  CHECK(open_token.exit_code == 5);
  CHECK_THAT(open_token.err, Catch::Contains("chmod 600") && !Catch::Contains(kiosk_token));

  CHECK(sync({"--hub", "http://127.0.0.1:9"}).exit_code == 5);             // no kiosk id
  CHECK(run_heardctl(dir, {"--db", db.string(), "sync"}).exit_code == 2);  // --once is required
  CHECK(store::ResponseStore(db).outbox().size(store::Stream::responses) == 1);
}
