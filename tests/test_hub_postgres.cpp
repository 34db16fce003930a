// What only the PostgreSQL backend promises: several heard-hub processes on one database
// (shared sessions and sign-in limits, one copy of a record whichever process stores it),
// monthly partitions that retention drops whole, and pg_dump/pg_restore of a hub. Tagged
// [pg]: ctest runs these only in its "pg: " pass, against the run's own cluster.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <barrier>
#include <thread>

#include "core/response_json.hpp"
#include "core/uuid.hpp"
#include "hub/pg_hub_storage.hpp"
#include "support/console_fixture.hpp"
#include "support/sample.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

// A second heard-hub process on the chain's database.
std::unique_ptr<ListeningProcess> second_hub(const TempDir& dir, const ConsoleChain& chain) {
  return std::make_unique<ListeningProcess>(
      std::vector<std::string>{HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", chain.db().string(), "--config",
                               chain.config().string()},
      dir / "hub-b.log");
}

std::string url_of(const ListeningProcess& p) { return "http://127.0.0.1:" + std::to_string(p.port()); }

std::string batch_of(const std::string& kiosk, int n, std::vector<std::string>& ids) {
  std::string body;
  for (int i = 0; i < n; ++i) {
    Response r = sample_response(1 + i % 5, system_now_ms() - 3'600'000 + i);
    r.id = make_uuid_v7();
    r.kiosk_id = kiosk;
    ids.push_back(r.id);
    body += to_json_line(r) + "\n";
  }
  return body;
}

}  // namespace

TEST_CASE("Two hub processes on one PostgreSQL database share sessions and sign-in limits", "[pg]") {
  REQUIRE_FALSE(test_pg_socket().empty());
  TempDir dir;
  ConsoleChain chain(dir);
  const auto b = second_hub(dir, chain);
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);
  // The same cookie, sent to the other process, is the same session.
  ConsoleClient on_b(url_of(*b));
  const auto me = http("GET", url_of(*b) + "/api/me", "", "", {"Cookie: heard_session=" + ana.cookie()});
  CHECK(me.status == 200);
  // Five wrong passwords on one process lock the name on the other as well.
  for (int i = 0; i < 5; ++i)
    CHECK(chain.client().sign_in("maria", "wrong password " + std::to_string(i)).status == 401);
  CHECK(on_b.sign_in("maria").status == 429);
  CHECK(chain.client().sign_in("victor").status == 200);  // another name is not affected
}

TEST_CASE("The same upload sent to two hub processes at once is stored once", "[pg]") {
  REQUIRE_FALSE(test_pg_socket().empty());
  TempDir dir;
  ConsoleChain chain(dir);
  const auto b = second_hub(dir, chain);
  for (int round = 0; round < 5; ++round) {
    std::vector<std::string> ids;
    const std::string body = batch_of("north-1", 50, ids);
    const std::string key = "Idempotency-Key: round-" + std::to_string(round);
    HttpReply first, second;
    std::thread to_a(
        [&] { first = http("POST", chain.url() + "/v1/kiosks/north-1/feedback", chain.north_token, body, {key}); });
    std::thread to_b(
        [&] { second = http("POST", url_of(*b) + "/v1/kiosks/north-1/feedback", chain.north_token, body, {key}); });
    to_a.join();
    to_b.join();
    REQUIRE(first.status == 200);
    REQUIRE(second.status == 200);
    CHECK(first.body == second.body);  // the same key and body: the same reply, whichever came second
    CHECK(json::parse(first.body)["accepted"].size() == 50);
  }
  // Without a key: every id stored once, each reported accepted by exactly one process.
  std::vector<std::string> ids;
  const std::string body = batch_of("north-1", 100, ids);
  HttpReply first, second;
  std::thread to_a([&] { first = http("POST", chain.url() + "/v1/kiosks/north-1/feedback", chain.north_token, body); });
  std::thread to_b([&] { second = http("POST", url_of(*b) + "/v1/kiosks/north-1/feedback", chain.north_token, body); });
  to_a.join();
  to_b.join();
  const json a = json::parse(first.body), bb = json::parse(second.body);
  CHECK(a["accepted"].size() + bb["accepted"].size() == 100);
  CHECK(a["accepted"].size() + a["duplicates"].size() == 100);
  CHECK(bb["accepted"].size() + bb["duplicates"].size() == 100);
  CHECK(count_rows(chain.db(), "responses") == 350);
  CHECK(hub_query_int(chain.db(), "SELECT count(DISTINCT id) FROM responses") == 350);
}

TEST_CASE("Responses live in monthly partitions and retention drops whole months", "[pg]") {
  REQUIRE_FALSE(test_pg_socket().empty());
  TestPgDatabase database;
  hub::PgHubStorage storage(database.url(), 2);
  const Millis jan = 1'767'225'600'000;  // 2026-01-01T00:00Z
  const Millis feb = 1'769'904'000'000;  // 2026-02-01T00:00Z
  const Millis mar = 1'772'323'200'000;  // 2026-03-01T00:00Z
  std::vector<hub::FeedbackEntry> entries;
  for (const Millis at : {jan, jan + 86'400'000, feb - 1, feb, mar + 5}) {
    Response r = sample_response(3, at);
    entries.push_back({r.id, r, ""});
  }
  const auto reply = storage.store_feedback(kiosk_id, {}, entries);
  CHECK(reply.accepted.size() == 5);
  hub::PgConnection c(database.url());
  const auto partitions = [&] {
    return c.query("SELECT count(*) FROM pg_inherits WHERE inhparent = 'responses'::regclass").int64(0, 0);
  };
  CHECK(partitions() == 3);
  CHECK(c.query("SELECT count(*) FROM responses_2026_01").int64(0, 0) == 3);

  CHECK(storage.drop_responses_before(mar) == 2);  // January and February, whole
  CHECK(partitions() == 1);
  CHECK(c.query("SELECT count(*) FROM responses").int64(0, 0) == 1);
  // An old record sent again is a duplicate, not a second life for deleted data.
  const auto again = storage.store_feedback(kiosk_id, {}, {entries[0]});
  CHECK(again.duplicates == std::vector<std::string>{entries[0].id});
  CHECK(c.query("SELECT count(*) FROM responses").int64(0, 0) == 1);
}

TEST_CASE("Comment search on PostgreSQL matches words and a typed prefix, whatever the syntax", "[pg]") {
  REQUIRE_FALSE(test_pg_socket().empty());
  TestPgDatabase database;
  hub::PgHubStorage storage(database.url(), 2);
  hub::HubConfig config;
  config.sites = {{"north", "North", "Europe/Madrid", {kiosk_id}}};
  storage.apply_config(config);
  std::vector<hub::FeedbackEntry> entries;
  for (const char* comment : {"The coffee was cold", "Lovely staff, cold room", "Nothing to say"}) {
    Response r = sample_response(2, system_now_ms());
    r.comment = comment;
    entries.push_back({r.id, r, ""});
  }
  storage.store_feedback(kiosk_id, {}, entries);
  hub::User admin;
  admin.role = hub::Role::admin;
  const auto found = [&](const std::string& text) {
    return storage.responses(admin, {{"text", text}}, 10)["responses"].size();
  };
  CHECK(found("cold") == 2);
  CHECK(found("COFF") == 1);
  CHECK(found("cold staff") == 1);
  CHECK(found("\") OR * & !(:") == 0);  // tsquery syntax is only text
  CHECK(found("'") == 0);               // no word left: nothing matches
}

TEST_CASE("pg_dump and pg_restore carry a PostgreSQL hub to a new database", "[pg]") {
  REQUIRE_FALSE(test_pg_socket().empty());
  TempDir dir;
  ConsoleChain chain(dir);
  std::vector<std::string> ids;
  const std::string body = batch_of("north-1", 40, ids);
  REQUIRE(http("POST", chain.url() + "/v1/kiosks/north-1/feedback", chain.north_token, body).status == 200);
  const auto dump = dir / "hub.dump";
  const Run dumped = run_program(dir, {"/usr/lib/postgresql/15/bin/pg_dump", "--format=custom", "--file", dump.string(),
                                       "--dbname", chain.db().string()});
  INFO(dumped.err);
  REQUIRE(dumped.exit_code == 0);
  TestPgDatabase restored;
  const Run loaded = run_program(dir, {"/usr/lib/postgresql/15/bin/pg_restore", "--no-owner", "--exit-on-error",
                                       "--dbname", restored.url(), dump.string()});
  INFO(loaded.err);
  REQUIRE(loaded.exit_code == 0);
  ListeningProcess hub(
      {HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", restored.url(), "--config", chain.config().string()},
      dir / "restored.log");
  CHECK(count_rows(restored.url(), "responses") == 40);
  // The restored hub knows the kiosk's token and its records: sending them again changes nothing.
  const auto again = http("POST", url_of(hub) + "/v1/kiosks/north-1/feedback", chain.north_token, body);
  REQUIRE(again.status == 200);
  CHECK(json::parse(again.body)["duplicates"].size() == 40);
  auto ana = ConsoleClient(url_of(hub));
  REQUIRE(ana.sign_in("ana").status == 200);
  CHECK(ana.get("/api/responses?limit=100").body["responses"].size() == 40);
}

// CI once saw the second of two hubs starting together refused with "duplicate key value
// violates unique constraint hub_kiosks_token_digest_key": both imported the same tokens file,
// and ON CONFLICT (id) does not arbitrate the token's own unique index.
TEST_CASE("Two hub processes importing the same kiosk tokens at once both succeed", "[pg]") {
  REQUIRE_FALSE(test_pg_socket().empty());
  TestPgDatabase database;
  hub::PgHubStorage first(database.url(), 2);
  hub::PgHubStorage second(database.url(), 2);
  constexpr int kiosks = 300;
  // Both threads write each kiosk at the same moment (the barrier), as two starting hubs might.
  std::barrier in_step(2);
  const auto import_all = [&](hub::PgHubStorage& storage, std::exception_ptr& failure) {
    for (int i = 0; i < kiosks; ++i) {
      in_step.arrive_and_wait();
      try {
        if (!failure) storage.set_kiosk_token("kiosk-" + std::to_string(i), "", "digest-of-kiosk-" + std::to_string(i));
      } catch (...) {
        failure = std::current_exception();
      }
    }
  };
  std::exception_ptr failed_a, failed_b;
  std::thread a([&] { import_all(first, failed_a); });
  std::thread b([&] { import_all(second, failed_b); });
  a.join();
  b.join();
  for (const auto& failure : {failed_a, failed_b}) {
    if (!failure) continue;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      FAIL("an import failed: " << e.what());
    }
  }
  CHECK(count_rows(database.url(), "hub_kiosks") == kiosks);
  CHECK(first.kiosk_for_token("digest-of-kiosk-7") == "kiosk-7");
}

TEST_CASE("Two hubs starting at once on a new PostgreSQL database migrate it once", "[pg]") {
  REQUIRE_FALSE(test_pg_socket().empty());
  TempDir dir;
  TestPgDatabase database;
  const auto tokens = dir / "tokens.txt";
  write_private_file(tokens, kiosk_id + " " + kiosk_token + "\n");
  const std::vector<std::string> argv = {HEARD_HUB_PATH, "--listen", "127.0.0.1:0",  "--db",
                                         database.url(), "--tokens", tokens.string()};
  std::unique_ptr<ListeningProcess> a, b;
  // A hub that fails to start throws; carried out of its thread, so the test reports why.
  std::string why_a, why_b;
  const auto start = [&](std::unique_ptr<ListeningProcess>& hub, const char* log, std::string& why) {
    try {
      hub = std::make_unique<ListeningProcess>(argv, dir / log);
    } catch (const std::exception& e) {
      why = e.what();
    }
  };
  std::thread start_a([&] { start(a, "a.log", why_a); });
  std::thread start_b([&] { start(b, "b.log", why_b); });
  start_a.join();
  start_b.join();
  INFO(why_a << why_b);
  REQUIRE(a);
  REQUIRE(b);
  hub::PgConnection c(database.url());
  CHECK(c.query("SELECT count(*) FROM hub_schema").int64(0, 0) == 1);
  const auto version = c.query("SELECT version FROM hub_schema").int64(0, 0);
  CHECK(version >= 1);
  const std::string body = to_json_line(sample_response(4)) + "\n";
  for (const auto* hub : {a.get(), b.get()})
    CHECK(http("POST", url_of(*hub) + "/v1/kiosks/" + kiosk_id + "/feedback", kiosk_token, body).status == 200);
  CHECK(count_rows(database.url(), "responses") == 1);

  // A database from a newer heard-hub is refused untouched.
  a.reset();
  b.reset();
  c.exec("UPDATE hub_schema SET version = version + 1");
  const Run refused = run_program(dir, {HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", database.url()});
  CHECK(refused.exit_code != 0);
  CHECK_THAT(refused.err, Catch::Contains("newer than this heard-hub"));
  CHECK(c.query("SELECT version FROM hub_schema").int64(0, 0) == version + 1);
}
