// heard-hub backup: a consistent copy of a SQLite hub taken while it serves, through SQLite's
// online backup API, that a new hub opens with every record and token in it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include "core/response_json.hpp"
#include "support/console_fixture.hpp"
#include "support/sample.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

TEST_CASE("heard-hub backup copies a running SQLite hub that then serves as before", "[backup]") {
  TempDir dir;
  HubProcess hub(dir);
  std::string body;
  for (int i = 0; i < 30; ++i) body += to_json_line(sample_response(1 + i % 5)) + "\n";
  REQUIRE(http("POST", hub.url() + "/v1/kiosks/" + kiosk_id + "/feedback", kiosk_token, body).status == 200);
  const auto copy = dir / "backup.db";
  const Run made = run_hub(dir, {"backup", copy.string(), "--db", hub.db().string()});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  CHECK(count_rows(copy, "responses") == 30);
  struct stat st {};
  REQUIRE(::stat(copy.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);                            // contact details: the owner's only
  CHECK_FALSE(std::filesystem::exists(copy.string() + "-wal"));  // one self-contained file

  // A backup is never written over an existing file.
  const Run again = run_hub(dir, {"backup", copy.string(), "--db", hub.db().string()});
  CHECK(again.exit_code != 0);
  CHECK_THAT(again.err, Catch::Contains("File exists"));

  // A hub on the copy has the records and the kiosk's token: resending changes nothing.
  ListeningProcess restored({HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", copy.string()}, dir / "restored.log");
  const auto reply =
      http("POST", "http://127.0.0.1:" + std::to_string(restored.port()) + "/v1/kiosks/" + kiosk_id + "/feedback",
           kiosk_token, body);
  REQUIRE(reply.status == 200);
  CHECK(json::parse(reply.body)["duplicates"].size() == 30);
  CHECK(count_rows(copy, "responses") == 30);
}

TEST_CASE("heard-hub backup points a PostgreSQL hub to pg_dump", "[backup]") {
  TempDir dir;
  const Run r = run_hub(dir, {"backup", (dir / "x.db").string(), "--db", "postgresql://nobody@127.0.0.1:1/none"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("pg_dump"));
  CHECK_FALSE(std::filesystem::exists(dir / "x.db"));
}
