// heardctl verify: is this database file sound? Reads only: a corrupt file is reported, never
// repaired, moved or migrated, so it can still be examined or recovered afterwards.
#include <cstdio>
#include <string>
#include <vector>

#include "cli.hpp"
#include "store/database.hpp"
#include "store/response_store.hpp"

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

class Verifier {
 public:
  explicit Verifier(store::Database& db) : db_(db) {}

  // Runs every check it can; an SQLite error (a corrupt page, "not a database") is itself
  // a finding, and stops the checks that would only repeat it.
  void run() {
    try {
      check_integrity();
      if (!check_schema()) return;
      check_consistency();
      print_counts();
    } catch (const store::SqliteError& e) {
      problem(e.is_corrupt() ? std::string("the file is damaged or not a database (") + e.what() + ")" : e.what());
    }
  }

  const std::vector<std::string>& problems() const { return problems_; }

 private:
  void problem(std::string text) {
    std::printf("Problem         %s\n", text.c_str());
    problems_.push_back(std::move(text));
  }

  void check_integrity() {
    store::Statement st(db_, "PRAGMA integrity_check(100)");
    std::vector<std::string> lines;
    while (st.step()) lines.push_back(st.column_text(0));
    if (lines.size() == 1 && lines.front() == "ok") {
      std::printf("Integrity       ok\n");
      return;
    }
    for (const auto& line : lines) problem("integrity: " + line);
  }

  bool check_schema() {
    const auto version = db_.query_int("PRAGMA user_version");
    const auto latest = store::ResponseStore::schema_version;
    if (version == 0) {
      problem("no Heard schema in this file (schema version 0)");
      return false;
    }
    if (version > latest) {
      problem("schema version " + std::to_string(version) + " is newer than this heardctl knows (" +
              std::to_string(latest) + "); use a newer heardctl");
      return false;
    }
    std::printf("Schema version  %lld%s\n", static_cast<long long>(version),
                version == latest ? " (current)" : " (older; the kiosk migrates it on next start)");
    for (const char* table : {"responses", "followup_events"}) {
      store::Statement st(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
      st.bind(1, table);
      const bool expected = std::string_view(table) == "responses" || version >= 2;
      if (expected && !st.step()) problem(std::string("table ") + table + " is missing");
    }
    schema_version_ = version;
    return problems_.empty();
  }

  void check_consistency() {
    store::Statement fk(db_, "PRAGMA foreign_key_check");
    int dangling = 0;
    while (fk.step()) ++dangling;
    if (dangling > 0) problem(std::to_string(dangling) + " rows refer to a missing row (foreign key check)");

    if (const auto bad = db_.query_int("SELECT COUNT(*) FROM responses WHERE json_valid(categories) = 0"); bad > 0)
      problem(grouped(bad) + " responses have unreadable categories");
    if (schema_version_ < 3) return;
    const auto missing = db_.query_int(
        "SELECT COUNT(*) FROM responses r, json_each(r.categories) j WHERE json_valid(r.categories) AND NOT EXISTS "
        "(SELECT 1 FROM response_categories c WHERE c.response_seq = r.seq AND c.category = j.value)");
    const auto stray = db_.query_int(
        "SELECT COUNT(*) FROM response_categories c WHERE NOT EXISTS (SELECT 1 FROM responses r, "
        "json_each(r.categories) j WHERE r.seq = c.response_seq AND j.value = c.category)");
    if (missing > 0 || stray > 0)
      problem("the category index disagrees with the responses (" + grouped(missing) + " missing, " +
              grouped(stray) + " stray entries)");
  }

  void print_counts() {
    store::Statement st(db_,
                        "SELECT COUNT(*), TOTAL(complete = 0), TOTAL(complete = 1 AND synced_at IS NULL AND "
                        "rejected_reason IS NULL), TOTAL(rejected_reason IS NOT NULL) FROM responses");
    st.step();
    std::printf("Responses       %s (in progress %s, unsynced %s, rejected %s)\n", grouped(st.column_int64(0)).c_str(),
                grouped(st.column_int64(1)).c_str(), grouped(st.column_int64(2)).c_str(),
                grouped(st.column_int64(3)).c_str());
    if (schema_version_ >= 2)
      std::printf("Follow-ups      %s\n", grouped(db_.query_int("SELECT COUNT(*) FROM followup_events")).c_str());
  }

  store::Database& db_;
  std::vector<std::string> problems_;
  std::int64_t schema_version_ = 0;
};

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
  Verifier verifier(db);
  verifier.run();
  if (verifier.problems().empty()) {
    std::printf("Result          OK\n");
    return exit_ok;
  }
  std::printf("Result          FAILED (%zu problem%s)\n", verifier.problems().size(),
              verifier.problems().size() == 1 ? "" : "s");
  return exit_problem;
}

}  // namespace heard::ctl
