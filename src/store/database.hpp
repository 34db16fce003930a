#pragma once
// RAII handles over SQLite in the style of SQLiteCpp: a Database owns a connection, a
// Statement a prepared statement, a Transaction rolls back unless committed. Every failure
// throws SqliteError carrying SQLite's own message and (extended) result code.
// sqlite3.h stays out of this header.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace heard::store {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(const std::string& what, int extended_code);
  int code() const { return extended_code_ & 0xff; }  // primary result code (SQLITE_FULL, ...)
  int extended_code() const { return extended_code_; }
  bool is_disk_full() const;
  bool is_read_only() const;
  bool is_corrupt() const;  // SQLITE_CORRUPT or SQLITE_NOTADB

 private:
  int extended_code_;
};

// Why the storage cannot take a write now. `full` and `read_only` come and go with the
// device (a full disk, a remount); `permission` needs someone to fix the files.
enum class StorageProblem { full, read_only, permission, io };
const char* to_string(StorageProblem problem);

// SQLITE_FULL, READONLY, PERM, CANTOPEN or IOERR: the file is fine but cannot be written
// (or opened) right now. Thrown instead of a plain SqliteError, so the kiosk can tell "the
// disk is full, wait" from a bug or a corrupt file.
class StorageUnavailableError : public SqliteError {
 public:
  StorageUnavailableError(const std::string& what, int extended_code, StorageProblem problem)
      : SqliteError(what, extended_code), problem_(problem) {}
  StorageProblem problem() const { return problem_; }

 private:
  StorageProblem problem_;
};

// Throws StorageUnavailableError when the code (refined by the OS error, `system_errno`)
// says the storage cannot be written, otherwise SqliteError.
[[noreturn]] void throw_sqlite_error(const std::string& what, int extended_code, int system_errno = 0);

class Database {
 public:
  // `read_only_frozen`: reads a file on storage that takes no writes at all (not even the
  // WAL index), as SQLite's immutable=1; only while nothing else can change the file.
  enum class Mode { read_write_create, read_write, read_only, read_only_frozen };

  explicit Database(const std::filesystem::path& file, Mode mode = Mode::read_write_create);
  // No connection at all (the file could not be opened): every use throws `why` again.
  static Database unavailable(const std::filesystem::path& file, const StorageUnavailableError& why);
  bool is_open() const { return db_ != nullptr; }
  void require_open() const;  // throws why it is not
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const std::string& sql);
  // First column of the first row, as text (for PRAGMAs and counts); nullopt if no row.
  std::optional<std::string> query_text(const std::string& sql);
  std::int64_t query_int(const std::string& sql);
  int changes() const;
  std::int64_t last_insert_rowid() const;
  const std::filesystem::path& path() const { return path_; }

  sqlite3* handle() const { return db_; }  // for Statement; opaque to everyone else

 private:
  Database() = default;

  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  std::optional<StorageUnavailableError> unavailable_;  // set only while db_ is null on purpose
};

class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT) unless `_static`.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::nullptr_t);
  // Empty text is stored as NULL (the protocol's null).
  Statement& bind_text_or_null(int index, std::string_view text);

  // Returns true while there is a row to read; false once done.
  bool step();
  // For statements that return no rows.
  void run() { step(); }
  void reset();  // also clears bindings

  int column_count() const;
  bool is_null(int column) const;
  std::int64_t column_int64(int column) const;
  int column_int(int column) const { return static_cast<int>(column_int64(column)); }
  double column_double(int column) const;
  // Valid until the next step/reset; zero-copy for hot loops such as exports.
  std::string_view column_view(int column) const;
  std::string column_text(int column) const { return std::string(column_view(column)); }

 private:
  [[noreturn]] void fail(int rc) const;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Transaction {
 public:
  enum class Kind { deferred, immediate };
  explicit Transaction(Database& db, Kind kind = Kind::immediate);
  ~Transaction();  // rolls back unless committed
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace heard::store
