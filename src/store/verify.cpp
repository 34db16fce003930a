#include "verify.hpp"

#include "store/response_store.hpp"

namespace heard::store {

namespace {

class Verifier {
 public:
  explicit Verifier(Database& db) : db_(db) {}

  VerifyOutcome run() {
    try {
      check_integrity();
      if (check_schema()) check_consistency();
    } catch (const SqliteError& e) {
      problem(e.is_corrupt() ? std::string("the file is damaged or not a database (") + e.what() + ")" : e.what());
    }
    return std::move(out_);
  }

 private:
  void problem(std::string text) { out_.lines.push_back({true, std::move(text)}); }
  void note(std::string text) { out_.lines.push_back({false, std::move(text)}); }

  void check_integrity() {
    Statement st(db_, "PRAGMA integrity_check(100)");
    std::vector<std::string> lines;
    while (st.step()) lines.push_back(st.column_text(0));
    if (lines.size() == 1 && lines.front() == "ok") return note("Integrity       ok");
    for (const auto& line : lines) problem("integrity: " + line);
  }

  bool check_schema() {
    const auto version = db_.query_int("PRAGMA user_version");
    const auto latest = ResponseStore::schema_version;
    if (version == 0) {
      problem("no Heard schema in this file (schema version 0)");
      return false;
    }
    if (version > latest) {
      problem("schema version " + std::to_string(version) + " is newer than this heardctl knows (" +
              std::to_string(latest) + "); use a newer heardctl");
      return false;
    }
    note("Schema version  " + std::to_string(version) +
         (version == latest ? " (current)" : " (older; the kiosk migrates it on next start)"));
    const std::size_t before = out_.lines.size();
    for (const char* table : {"responses", "followup_events"}) {
      Statement st(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
      st.bind(1, table);
      const bool expected = std::string_view(table) == "responses" || version >= 2;
      if (expected && !st.step()) problem(std::string("table ") + table + " is missing");
    }
    out_.schema_version = version;
    return out_.lines.size() == before && out_.ok();
  }

  void check_consistency() {
    Statement fk(db_, "PRAGMA foreign_key_check");
    int dangling = 0;
    while (fk.step()) ++dangling;
    if (dangling > 0) problem(std::to_string(dangling) + " rows refer to a missing row (foreign key check)");

    if (const auto bad = db_.query_int("SELECT COUNT(*) FROM responses WHERE json_valid(categories) = 0"); bad > 0)
      problem(std::to_string(bad) + " responses have unreadable categories");
    if (out_.schema_version < 3) return;
    const auto missing = db_.query_int(
        "SELECT COUNT(*) FROM responses r, json_each(r.categories) j WHERE json_valid(r.categories) AND NOT EXISTS "
        "(SELECT 1 FROM response_categories c WHERE c.response_seq = r.seq AND c.category = j.value)");
    const auto stray = db_.query_int(
        "SELECT COUNT(*) FROM response_categories c WHERE NOT EXISTS (SELECT 1 FROM responses r, "
        "json_each(r.categories) j WHERE r.seq = c.response_seq AND j.value = c.category)");
    if (missing > 0 || stray > 0)
      problem("the category index disagrees with the responses (" + std::to_string(missing) + " missing, " +
              std::to_string(stray) + " stray entries)");
  }

  Database& db_;
  VerifyOutcome out_;
};

}  // namespace

bool VerifyOutcome::ok() const {
  for (const auto& line : lines)
    if (line.problem) return false;
  return true;
}

std::string VerifyOutcome::problems() const {
  std::string out;
  for (const auto& line : lines)
    if (line.problem) out += (out.empty() ? "" : "; ") + line.text;
  return out;
}

VerifyOutcome verify_database(Database& db) { return Verifier(db).run(); }

}  // namespace heard::store
