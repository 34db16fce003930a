// The sync thread's connection (store::open_plain) finds the file as the UI thread left it
// and leaves it so: it never creates, quarantines or migrates what the UI thread has open.
#include <catch2/catch.hpp>

#include <fstream>

#include "store/open.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::store;
namespace fs = std::filesystem;

namespace {

int files_in(const fs::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("A plain connection to a missing file fails and creates nothing", "[store][open]") {
  heard::test::TempDir dir;
  CHECK_THROWS_AS(open_plain(dir / "heard.db"), SqliteError);
  CHECK_FALSE(fs::exists(dir / "heard.db"));
}

TEST_CASE("A plain connection waits for the migrations instead of running them", "[store][open]") {
  heard::test::TempDir dir;
  { Database(dir / "heard.db").exec("CREATE TABLE unrelated (x)"); }  // schema version 0
  CHECK_THROWS_WITH(open_plain(dir / "heard.db"), Catch::Contains("not ready yet"));
  CHECK(Database(dir / "heard.db").query_int("PRAGMA user_version") == 0);
}

TEST_CASE("A plain connection to a corrupt file fails and leaves it where it is", "[store][open]") {
  heard::test::TempDir dir;
  std::ofstream(dir / "heard.db", std::ios::binary) << std::string(8192, 'x');
  CHECK_THROWS(open_plain(dir / "heard.db"));
  CHECK(fs::exists(dir / "heard.db"));
  CHECK(files_in(dir.path()) == 1);  // no "heard.db.corrupt-..." beside it
}

TEST_CASE("A plain connection reads and writes what the checked one prepared", "[store][open]") {
  heard::test::TempDir dir;
  ResponseStore ui(dir / "heard.db");
  ui.save(heard::test::sample_response(2, 1000));
  Database sync = open_plain(dir / "heard.db");
  Outbox outbox(sync);
  const auto waiting = outbox.pending(Stream::responses, 10);
  REQUIRE(waiting.size() == 1);
  outbox.mark_synced(Stream::responses, {waiting[0].id}, 2000);
  CHECK(ui.outbox().size(Stream::responses) == 0);
}
