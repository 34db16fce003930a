#include <catch2/catch.hpp>

#include "store/response_store.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::store;

namespace {

std::string schema_of(Database& db) {
  std::string out;
  Statement s(db, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name");
  while (s.step()) out += s.column_text(0) + " " + s.column_text(1) + ": " + s.column_text(2) + "\n";
  return out;
}

}  // namespace

TEST_CASE("A new database file gets the latest schema", "[store][migrations]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  CHECK(store.open_report().schema_version_found == 0);
  CHECK(connection_of(store).query_int("PRAGMA user_version") == ResponseStore::schema_version);
  CHECK(connection_of(store).query_text("PRAGMA journal_mode") == "wal");
  CHECK(connection_of(store).query_int("PRAGMA synchronous") == 2);  // FULL
  CHECK(connection_of(store).query_int("PRAGMA foreign_keys") == 1);
}

TEST_CASE("Every earlier schema version migrates to the latest with its data", "[store][migrations]") {
  heard::test::TempDir dir;
  std::string fresh_schema;
  {
    ResponseStore fresh(dir / "fresh.db");
    fresh_schema = schema_of(connection_of(fresh));
  }
  for (int version = 1; version < ResponseStore::schema_version; ++version) {
    DYNAMIC_SECTION("from version " << version) {
      const auto file = dir / ("v" + std::to_string(version) + ".db");
      {
        Database old(file);
        migrate(old, version);
        // Rows written the way that version's program wrote them.
        old.exec(
            "INSERT INTO responses (id, kiosk_id, created_at, utc_offset_min, rating, kind, categories, comment, "
            "complete, updated_at) VALUES ('0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60', 'k1', 1000, 60, 2, 'complaint', "
            "'[\"wait_time\",\"price\"]', 'Esperé mucho', 1, 1000)");
        if (version >= 3)
          old.exec("INSERT INTO response_categories SELECT seq, value FROM responses, json_each(categories)");
        if (version >= 2)
          old.exec(
              "INSERT INTO followup_events (id, response_id, at, status, by) VALUES "
              "('0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f61', '0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60', 2000, 'contacted', "
              "'Marta')");
      }
      ResponseStore store(file);
      CHECK(store.open_report().schema_version_found == version);
      CHECK(connection_of(store).query_int("PRAGMA user_version") == ResponseStore::schema_version);
      CHECK(schema_of(connection_of(store)) == fresh_schema);
      const auto r = store.find("0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60");
      REQUIRE(r.has_value());
      CHECK(r->comment == "Esperé mucho");
      CHECK(r->categories == std::vector<std::string>{"wait_time", "price"});
      CHECK(store.stats().by_category.size() == 2);  // backfilled by version 3 when older
      CHECK(store.events_for(r->id).size() == (version >= 2 ? 1u : 0u));
      CHECK_NOTHROW(store.probe_write());  // version 8's scratch table is there
    }
  }
}

TEST_CASE("Opening an up-to-date database again changes nothing", "[store][migrations]") {
  heard::test::TempDir dir;
  std::string before;
  {
    ResponseStore store(dir / "heard.db");
    before = schema_of(connection_of(store));
  }
  ResponseStore again(dir / "heard.db");
  CHECK(again.open_report().schema_version_found == ResponseStore::schema_version);
  CHECK(schema_of(connection_of(again)) == before);
}
