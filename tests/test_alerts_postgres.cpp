// Alerts keep their outbox in the hub's SQLite file (src/hub/alerts/sqlite_alert_store.cpp).
// A hub on PostgreSQL with [alerts] must not start and quietly send nothing: it refuses at
// start, naming why, before it touches the database (so no cluster is needed here).
#include <catch2/catch.hpp>

#include "support/alert_fixture.hpp"

using namespace heard;
using namespace heard::test;

TEST_CASE("a hub on PostgreSQL with [alerts] refuses to start: alerts need the SQLite backend", "[alerts][config]") {
  TempDir dir;
  const auto config = write_hub_config(dir, webhook_alerts("https://ops.example.com/heard"));
  const std::string url = "postgresql:///heard?host=" + (dir / "no-cluster-here").string();
  const Run run =
      run_program(dir, {HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", url, "--config", config.string()});
  CHECK(run.exit_code == 78);
  CHECK_THAT(run.err, Catch::Contains("[alerts]: alerts need the SQLite backend for now"));
  CHECK_THAT(run.out, !Catch::Contains("listening"));
}
