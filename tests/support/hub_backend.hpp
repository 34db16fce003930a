#pragma once
// Which database the hub tests give heard-hub. Normally a SQLite file in the test's folder.
// When HEARD_TEST_PG names the socket folder of the PostgreSQL cluster that ctest started
// for this run (the "pg" fixture, tests/support/pg_cluster.sh), each hub gets a fresh
// database of its own there instead, dropped when the test ends: the same tests, run a
// second time as "pg: ...", prove both backends.
#include <sodium.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "hub/pg_connection.hpp"

namespace heard::test {

inline std::string test_pg_socket() {
  const char* dir = std::getenv("HEARD_TEST_PG");
  return dir ? dir : "";
}

inline std::string test_pg_url(const std::string& database) {
  return "postgresql:///" + database + "?host=" + test_pg_socket() + "&user=postgres";
}

class TestPgDatabase {
 public:
  TestPgDatabase() {
    unsigned char random[8];
    randombytes_buf(random, sizeof random);
    name_ = "heard_test_";
    for (const unsigned char b : random) name_ += "0123456789abcdef"[b >> 4], name_ += "0123456789abcdef"[b & 15];
    hub::PgConnection admin(test_pg_url("postgres"));
    admin.exec("CREATE DATABASE " + name_);  // a name made here of [a-z0-9_], never from input
  }
  ~TestPgDatabase() {
    try {
      hub::PgConnection admin(test_pg_url("postgres"));
      admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {  // the cluster goes at the end of the run anyway
    }
  }
  TestPgDatabase(const TestPgDatabase&) = delete;
  TestPgDatabase& operator=(const TestPgDatabase&) = delete;
  std::string url() const { return test_pg_url(name_); }

 private:
  std::string name_;
};

// The --db of a hub: `file` normally; a fresh PostgreSQL database (kept alive by `keep`)
// when the tests run against PostgreSQL.
inline std::filesystem::path hub_database(const std::filesystem::path& file, std::shared_ptr<TestPgDatabase>& keep) {
  if (test_pg_socket().empty()) return file;
  keep = std::make_shared<TestPgDatabase>();
  return keep->url();
}

inline bool is_pg(const std::filesystem::path& db) { return hub::is_postgres_url(db.string()); }

}  // namespace heard::test
