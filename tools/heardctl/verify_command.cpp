// heardctl verify: is this database file sound? Reads only: a corrupt file is reported, never
// repaired, moved or migrated, so it can still be examined or recovered afterwards.
#include <cstdio>
#include <string>
#include <vector>

#include "cli.hpp"
#include "store/database.hpp"
#include "store/response_store.hpp"
#include "store/verify.hpp"

namespace heard::ctl {

namespace {

constexpr const char* help_text = R"(Usage: heardctl [--db FILE] verify

Checks a kiosk database without changing it:
  - SQLite's full integrity check (every page, index and constraint)
  - the schema version (known to this heardctl, not newer)
  - foreign keys, and that the category index agrees with the responses
and prints the counts. Exits 0 when all is well, 1 when any problem is found
(including a file that is not a database at all), 3 when the file cannot be opened.

Options:
  -h, --help  this text
)";

// The counts, once the file is known to be sound.
void print_counts(store::Database& db, std::int64_t schema_version) {
  store::Statement st(db,
                      "SELECT COUNT(*), TOTAL(complete = 0), TOTAL(complete = 1 AND synced_at IS NULL AND "
                      "rejected_reason IS NULL), TOTAL(rejected_reason IS NOT NULL) FROM responses");
  st.step();
  std::printf("Responses       %s (in progress %s, unsynced %s, rejected %s)\n", grouped(st.column_int64(0)).c_str(),
              grouped(st.column_int64(1)).c_str(), grouped(st.column_int64(2)).c_str(),
              grouped(st.column_int64(3)).c_str());
  if (schema_version >= 2)
    std::printf("Follow-ups      %s\n", grouped(db.query_int("SELECT COUNT(*) FROM followup_events")).c_str());
}

}  // namespace

int run_verify(const Context& ctx, Args& args) {
  while (!args.done()) {
    if (args.help()) {
      std::fputs(help_text, stdout);
      return exit_ok;
    }
    args.unexpected();
  }
  require_database(ctx.db);
  // Read-only, and no ResponseStore: opening through the store would quarantine a corrupt
  // file or migrate an old one, and verify must leave the evidence exactly as it is.
  store::Database db(ctx.db, store::Database::Mode::read_only);
  std::printf("Database        %s\n", ctx.db.c_str());
  const store::VerifyOutcome outcome = store::verify_database(db);  // the checks (src/store/verify.hpp)
  std::size_t problems = 0;
  for (const auto& line : outcome.lines) {
    if (line.problem) ++problems;
    std::printf(line.problem ? "Problem         %s\n" : "%s\n", line.text.c_str());
  }
  if (problems == 0) {
    try {
      print_counts(db, outcome.schema_version);
    } catch (const store::SqliteError& e) {
      std::printf("Problem         %s\n", e.what());
      ++problems;
    }
  }
  if (problems == 0) {
    std::printf("Result          OK\n");
    return exit_ok;
  }
  std::printf("Result          FAILED (%zu problem%s)\n", problems, problems == 1 ? "" : "s");
  return exit_problem;
}

}  // namespace heard::ctl
