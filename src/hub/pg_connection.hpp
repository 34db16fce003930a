#pragma once
// A thin RAII layer over libpq for the PostgreSQL backend: connections, results, and SQL
// with numbered parameters ($1, $2...) that are always sent apart from the statement text,
// prepared once per connection. No value is ever pasted into SQL.
#include <libpq-fe.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace heard::hub {

class PgError : public std::runtime_error {
 public:
  PgError(const std::string& message, std::string sqlstate)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }
  // Deadlock or serialisation failure: the transaction may simply run again.
  bool retryable() const { return sqlstate_ == "40P01" || sqlstate_ == "40001"; }
  bool unique_violation() const { return sqlstate_ == "23505"; }

 private:
  std::string sqlstate_;
};

// The parameters of one statement, in $n order. Text travels as text, bytes as bytea
// (binary format), numbers as their decimal text.
class PgParams {
 public:
  PgParams& add(std::string_view text);
  PgParams& add(const char* text) { return add(std::string_view(text)); }
  PgParams& add(const std::string& text) { return add(std::string_view(text)); }
  PgParams& add(std::int64_t n);
  PgParams& add(int n) { return add(static_cast<std::int64_t>(n)); }
  PgParams& add(bool b);
  PgParams& add_bytes(std::string_view bytes);
  PgParams& add_null();
  PgParams& add_or_null(std::string_view text);  // empty text: NULL, as the SQLite backend stores it
  PgParams& add(const std::optional<std::int64_t>& n) { return n ? add(*n) : add_null(); }

  int size() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> values() const;
  std::vector<int> lengths() const;
  std::vector<int> formats() const;

 private:
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;
};

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  bool empty() const { return rows() == 0; }
  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string_view view(int row, int col) const {
    return {PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col))};
  }
  std::string text(int row, int col) const { return std::string(view(row, col)); }
  std::int64_t int64(int row, int col) const;
  bool boolean(int row, int col) const { return view(row, col) == "t"; }
  std::string bytes(int row, int col) const;  // a bytea column, decoded
  std::int64_t affected() const;              // rows an INSERT/UPDATE/DELETE touched

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> r_;
};

class PgConnection {
 public:
  explicit PgConnection(const std::string& conninfo);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Statements without parameters, several at once (migrations, BEGIN, COMMIT).
  void exec(const std::string& sql);
  // One statement with parameters, prepared on first use on this connection.
  PgResult query(const std::string& sql, const PgParams& params = {});
  // Not prepared: statements run once, such as DECLARE ... CURSOR, which cannot be prepared.
  PgResult query_once(const std::string& sql, const PgParams& params);
  bool ok() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
  // After a lost connection: connect again (prepared statements are gone with it).
  void reset();
  void rollback_quietly() noexcept { PQclear(PQexec(conn_.get(), "ROLLBACK")); }  // for destructors

 private:
  PgResult checked(PGresult* r, const std::string& sql);
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

// BEGIN now, ROLLBACK unless commit() was called.
class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& c) : c_(c) { c_.exec("BEGIN"); }
  ~PgTransaction();
  void commit();

 private:
  PgConnection& c_;
  bool done_ = false;
};

// A few connections shared by the hub's HTTP threads; a lease gives one back when it ends.
class PgPool {
 public:
  PgPool(std::string conninfo, std::size_t size);
  class Lease {
   public:
    Lease(PgPool& pool, std::unique_ptr<PgConnection> c) : pool_(pool), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    PgConnection& operator*() { return *c_; }
    PgConnection* operator->() { return c_.get(); }

   private:
    PgPool& pool_;
    std::unique_ptr<PgConnection> c_;
  };
  Lease lease();
  const std::string& conninfo() const { return conninfo_; }

 private:
  std::string conninfo_;
  std::size_t size_;
  std::size_t open_ = 0;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::mutex mutex_;
  std::condition_variable returned_;
};

// Runs `work` in a transaction on a leased connection, again when PostgreSQL says the
// transaction lost a deadlock or a serialisation race (a few times, then the error).
template <typename Fn>
auto in_transaction(PgPool& pool, Fn&& work) {
  for (int attempt = 1;; ++attempt) {
    auto c = pool.lease();
    try {
      PgTransaction tx(*c);
      if constexpr (std::is_void_v<decltype(work(*c))>) {
        work(*c);
        tx.commit();
        return;
      } else {
        auto result = work(*c);
        tx.commit();
        return result;
      }
    } catch (const PgError& e) {
      if (!e.retryable() || attempt >= 5) throw;
    }
  }
}

// Whether `--db` names a PostgreSQL database rather than a SQLite file.
bool is_postgres_url(std::string_view db);

}  // namespace heard::hub
