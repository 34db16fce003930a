#include <catch2/catch.hpp>

#include <fstream>

#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::store;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int count_quarantined(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    n += e.path().filename().string().find(".corrupt-") != std::string::npos;
  return n;
}

}  // namespace

TEST_CASE("A file that is not a database is moved aside, never deleted", "[store][corrupt]") {
  heard::test::TempDir dir;
  const auto file = dir / "heard.db";
  const std::string garbage = "these are somebody's notes, not a database\n";
  write_file(file, garbage + std::string(8192, 'x'));

  ResponseStore store(file);
  REQUIRE(store.open_report().quarantined_to.has_value());
  const fs::path moved = *store.open_report().quarantined_to;
  CHECK(moved.parent_path() == dir.path());
  CHECK_THAT(moved.filename().string(), Catch::StartsWith("heard.db.corrupt-20"));
  CHECK(read_file(moved).substr(0, garbage.size()) == garbage);
  // And the kiosk carries on with a fresh, working database.
  const Response r = heard::test::sample_response(5);
  store.save(r);
  CHECK(store.find(r.id).has_value());
}

TEST_CASE("A database with damaged pages is moved aside with its WAL", "[store][corrupt]") {
  heard::test::TempDir dir;
  const auto file = dir / "heard.db";
  {
    ResponseStore store(file);
    std::vector<Response> rs;
    for (int i = 0; i < 2000; ++i) rs.push_back(heard::test::sample_response(1 + i % 5));
    store.save_all(rs);
    connection_of(store).exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  // Overwrite pages in the middle of the file, as a failing SD card might.
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096 * 5);
    const std::string noise(4096 * 20, '\xA5');
    f.write(noise.data(), static_cast<std::streamsize>(noise.size()));
  }
  ResponseStore store(file);
  REQUIRE(store.open_report().quarantined_to.has_value());
  CHECK(fs::file_size(*store.open_report().quarantined_to) > 4096 * 20);
  CHECK(store.stats().total == 0);
  CHECK(count_quarantined(dir.path()) >= 1);
}

TEST_CASE("A healthy database is never quarantined", "[store][corrupt]") {
  heard::test::TempDir dir;
  const auto file = dir / "heard.db";
  { ResponseStore(file).save(heard::test::sample_response(3)); }
  ResponseStore store(file);
  CHECK_FALSE(store.open_report().quarantined_to.has_value());
  CHECK(store.stats().total == 1);
  CHECK(count_quarantined(dir.path()) == 0);
}

TEST_CASE("A database from a newer Heard is refused untouched", "[store][schema]") {
  heard::test::TempDir dir;
  const auto file = dir / "heard.db";
  {
    Database db(file);
    db.exec("CREATE TABLE future (x); PRAGMA user_version = 99");
  }
  const std::string before = read_file(file);
  CHECK_THROWS_WITH(ResponseStore(file), Catch::Contains("schema version 99, newer than this program's " +
                                                         std::to_string(ResponseStore::schema_version)) &&
                                             Catch::Contains("refusing to open it"));
  CHECK(read_file(file) == before);
  CHECK(count_quarantined(dir.path()) == 0);
}

TEST_CASE("Missing folders are created for a new database", "[store]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "var" / "lib" / "heard" / "heard.db");
  CHECK(fs::exists(dir / "var" / "lib" / "heard" / "heard.db"));
}

TEST_CASE("A folder where the database should be is a clear error", "[store]") {
  heard::test::TempDir dir;
  fs::create_directories(dir / "heard.db");
  CHECK_THROWS_WITH(ResponseStore(dir / "heard.db"), Catch::Contains("heard.db"));
}

TEST_CASE("A full disk refuses the response whole and keeps the earlier ones", "[store][disk-full]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  // SQLite's page limit stands in for a full disk: the same SQLITE_FULL path.
  const auto pages = connection_of(store).query_int("PRAGMA page_count");
  connection_of(store).exec("PRAGMA max_page_count = " + std::to_string(pages + 3));
  std::vector<std::string> saved;
  bool hit_full = false;
  for (int i = 0; i < 500 && !hit_full; ++i) {
    Response r = heard::test::sample_complaint();
    r.comment = std::string(1500, 'a' + i % 26);
    try {
      store.save(r);
      saved.push_back(r.id);
    } catch (const SqliteError& e) {
      CHECK(e.is_disk_full());
      CHECK_THAT(e.what(), Catch::Contains("full"));
      CHECK_FALSE(store.find(r.id).has_value());  // nothing half-written
      hit_full = true;
    }
  }
  REQUIRE(hit_full);
  CHECK(store.stats().total == static_cast<std::int64_t>(saved.size()));
  for (const auto& id : saved) CHECK(store.find(id).has_value());
  // When space returns, saving works again.
  connection_of(store).exec("PRAGMA max_page_count = 1000000");
  const Response later = heard::test::sample_response(4);
  store.save(later);
  CHECK(store.find(later.id).has_value());
}
