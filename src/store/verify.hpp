#pragma once
// What `heardctl verify` checks, as a function: SQLite's full integrity check, the schema
// version, foreign keys, readable categories and a category index that agrees with the
// responses. Reads only, so a damaged file is left exactly as it is. The kiosk's monkey
// (tests/support/kiosk_test/monkey_invariants.hpp) runs it after every step that changed the database.
#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace heard::store {

struct VerifyLine {
  bool problem = false;
  std::string text;  // "Integrity       ok", or the problem
};

struct VerifyOutcome {
  std::vector<VerifyLine> lines;  // in the order found
  std::int64_t schema_version = 0;
  bool ok() const;
  std::string problems() const;  // "; "-separated, for a failure message
};

// An SQLite error met on the way (a corrupt page, "not a database") is itself a problem.
VerifyOutcome verify_database(Database& db);

}  // namespace heard::store
