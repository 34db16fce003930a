#include "store/database.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <utility>

namespace heard::store {

namespace {

[[noreturn]] void throw_error(sqlite3* db, int rc, const std::string& context) {
  const int ext = db ? sqlite3_extended_errcode(db) : rc;
  const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw_sqlite_error(context + ": " + msg, ext ? ext : rc, db ? sqlite3_system_errno(db) : 0);
}

// The OS error says more than SQLite's code: CANTOPEN or IOERR may be a full disk, a
// read-only mount or a missing permission.
std::optional<StorageProblem> storage_problem(int extended_code, int system_errno) {
  switch (system_errno) {
    case ENOSPC:
    case EDQUOT:
      return StorageProblem::full;
    case EROFS:
      return StorageProblem::read_only;
    case EACCES:
    case EPERM:
      return StorageProblem::permission;
    default:
      break;
  }
  switch (extended_code & 0xff) {
    case SQLITE_FULL:
      return StorageProblem::full;
    case SQLITE_READONLY:
      return StorageProblem::read_only;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return StorageProblem::permission;
    case SQLITE_CANTOPEN:
      return StorageProblem::io;
    // Out of memory is no storage problem; every other I/O error is the disk's.
    case SQLITE_IOERR:
      if (extended_code != SQLITE_IOERR_NOMEM) return StorageProblem::io;
      break;
    default:
      break;
  }
  return std::nullopt;
}

// "file:" URI of a path (with %, ? and # escaped) that SQLite opens as immutable.
std::string frozen_uri(const std::filesystem::path& file) {
  std::string uri = "file:";
  for (const char c : std::filesystem::absolute(file).string()) {
    if (c == '%' || c == '?' || c == '#') {
      static const char* hex = "0123456789ABCDEF";
      uri += '%';
      uri += hex[(c >> 4) & 0xf];
      uri += hex[c & 0xf];
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

const char* to_string(StorageProblem problem) {
  switch (problem) {
    case StorageProblem::full:
      return "disk full";
    case StorageProblem::read_only:
      return "read-only";
    case StorageProblem::permission:
      return "no permission to write";
    case StorageProblem::io:
      return "I/O error";
  }
  return "?";
}

void throw_sqlite_error(const std::string& what, int extended_code, int system_errno) {
  // An error that is not about storage keeps errno from some earlier call: trust it only
  // with a code that comes from the file system.
  const int primary = extended_code & 0xff;
  const bool from_disk = primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR || primary == SQLITE_FULL ||
                         primary == SQLITE_READONLY || primary == SQLITE_PERM;
  if (auto problem = storage_problem(extended_code, from_disk ? system_errno : 0))
    throw StorageUnavailableError(what + " (" + to_string(*problem) + ")", extended_code, *problem);
  throw SqliteError(what, extended_code);
}

SqliteError::SqliteError(const std::string& what, int extended_code)
    : std::runtime_error(what), extended_code_(extended_code) {}

bool SqliteError::is_disk_full() const { return code() == SQLITE_FULL; }
bool SqliteError::is_read_only() const {
  return code() == SQLITE_READONLY || code() == SQLITE_CANTOPEN || code() == SQLITE_PERM;
}
bool SqliteError::is_corrupt() const { return code() == SQLITE_CORRUPT || code() == SQLITE_NOTADB; }

Database::Database(const std::filesystem::path& file, Mode mode) : path_(file) {
  int flags = SQLITE_OPEN_NOMUTEX;  // one connection per thread, by design
  switch (mode) {
    case Mode::read_write_create:
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      break;
    case Mode::read_write:
      flags |= SQLITE_OPEN_READWRITE;
      break;
    case Mode::read_only:
      flags |= SQLITE_OPEN_READONLY;
      break;
    case Mode::read_only_frozen:
      flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
      break;
  }
  const std::string name = mode == Mode::read_only_frozen ? frozen_uri(file) : file.string();
  const int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    const int ext = db_ ? sqlite3_extended_errcode(db_) : rc;
    const int os_error = db_ ? sqlite3_system_errno(db_) : 0;
    sqlite3_close(db_);
    db_ = nullptr;
    throw_sqlite_error("cannot open database " + file.string() + ": " + msg, ext, os_error);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Database Database::unavailable(const std::filesystem::path& file, const StorageUnavailableError& why) {
  Database db;
  db.path_ = file;
  db.unavailable_ = why;
  return db;
}

void Database::require_open() const {
  if (db_) return;
  if (unavailable_) throw *unavailable_;
  throw SqliteError("database " + path_.string() + " is not open", SQLITE_MISUSE);
}

Database::~Database() { sqlite3_close_v2(db_); }

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      unavailable_(std::move(other.unavailable_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    unavailable_ = std::move(other.unavailable_);
  }
  return *this;
}

void Database::exec(const std::string& sql) {
  require_open();
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw_sqlite_error(path_.string() + ": " + msg, sqlite3_extended_errcode(db_), sqlite3_system_errno(db_));
  }
}

std::optional<std::string> Database::query_text(const std::string& sql) {
  Statement s(*this, sql);
  if (!s.step()) return std::nullopt;
  return s.column_text(0);
}

std::int64_t Database::query_int(const std::string& sql) {
  Statement s(*this, sql);
  return s.step() ? s.column_int64(0) : 0;
}

int Database::changes() const { return sqlite3_changes(db_); }
std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

Statement::Statement(Database& db, std::string_view sql) : db_(db.handle()) {
  db.require_open();
  const int rc =
      sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_error(db_, rc, "cannot prepare \"" + std::string(sql.substr(0, 80)) + "\"");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

void Statement::fail(int rc) const {
  throw_error(db_, rc,
              std::string("statement \"") + std::string(std::string_view(sqlite3_sql(stmt_)).substr(0, 80)) + "\"");
}

Statement& Statement::bind(int i, std::int64_t v) {
  if (int rc = sqlite3_bind_int64(stmt_, i, v); rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement& Statement::bind(int i, double v) {
  if (int rc = sqlite3_bind_double(stmt_, i, v); rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement& Statement::bind(int i, std::string_view t) {
  if (int rc = sqlite3_bind_text(stmt_, i, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT); rc != SQLITE_OK)
    fail(rc);
  return *this;
}

Statement& Statement::bind(int i, std::nullptr_t) {
  if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement& Statement::bind_text_or_null(int i, std::string_view t) { return t.empty() ? bind(i, nullptr) : bind(i, t); }

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Leave the statement reusable after an error; the transaction decides what survives.
  sqlite3_reset(stmt_);
  fail(rc);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }
bool Statement::is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
std::int64_t Statement::column_int64(int c) const { return sqlite3_column_int64(stmt_, c); }
double Statement::column_double(int c) const { return sqlite3_column_double(stmt_, c); }

std::string_view Statement::column_view(int c) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))};
}

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
  db_.exec(kind == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  if (!done_) {
    // Rolling back cannot meaningfully fail here; never throw from a destructor.
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace heard::store
