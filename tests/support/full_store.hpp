#pragma once
// A real SQLite store that is full: SQLite's page limit gives the same SQLITE_FULL a full
// disk does, without needing a small file system.
#include <string>

#include "store/response_store.hpp"
#include "support/store_inspector.hpp"

namespace heard::test {

// No page beyond those the file has now, and ballast in every free page and corner: any
// write that needs room fails with SQLITE_FULL, as on a full disk.
inline void fill(store::ResponseStore& store) {
  auto& db = test::connection_of(store);
  db.exec("CREATE TABLE IF NOT EXISTS ballast (b BLOB)");
  db.exec("PRAGMA max_page_count = " + std::to_string(db.query_int("PRAGMA page_count")));
  for (const int bytes : {4000, 1000, 100, 10}) try {
      for (;;) db.exec("INSERT INTO ballast VALUES (randomblob(" + std::to_string(bytes) + "))");
    } catch (const store::StorageUnavailableError&) {}
}

inline void make_room(store::ResponseStore& store) {
  test::connection_of(store).exec("PRAGMA max_page_count = 1000000");
}

}  // namespace heard::test
