#include "pg_connection.hpp"

#include <charconv>

namespace heard::hub {

namespace {

std::string sqlstate_of(const PGresult* r) {
  const char* s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  return s ? s : "";
}

}  // namespace

bool is_postgres_url(std::string_view db) { return db.starts_with("postgresql://") || db.starts_with("postgres://"); }

PgParams& PgParams::add(std::string_view text) {
  values_.emplace_back(std::string(text));
  formats_.push_back(0);
  return *this;
}

PgParams& PgParams::add(std::int64_t n) { return add(std::string_view(std::to_string(n))); }

PgParams& PgParams::add(bool b) { return add(std::string_view(b ? "true" : "false")); }

PgParams& PgParams::add_bytes(std::string_view bytes) {
  values_.emplace_back(std::string(bytes));
  formats_.push_back(1);
  return *this;
}

PgParams& PgParams::add_null() {
  values_.emplace_back(std::nullopt);
  formats_.push_back(0);
  return *this;
}

PgParams& PgParams::add_or_null(std::string_view text) { return text.empty() ? add_null() : add(text); }

std::vector<const char*> PgParams::values() const {
  std::vector<const char*> out;
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

std::vector<int> PgParams::lengths() const {
  std::vector<int> out;
  for (const auto& v : values_) out.push_back(v ? static_cast<int>(v->size()) : 0);
  return out;
}

std::vector<int> PgParams::formats() const { return formats_; }

std::int64_t PgResult::int64(int row, int col) const {
  const auto v = view(row, col);
  std::int64_t n = 0;
  std::from_chars(v.data(), v.data() + v.size(), n);
  return n;
}

std::string PgResult::bytes(int row, int col) const {
  std::size_t length = 0;
  unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_.get(), row, col)), &length);
  if (!raw) throw std::bad_alloc();
  std::string out(reinterpret_cast<const char*>(raw), length);
  PQfreemem(raw);
  return out;
}

std::int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return n && *n ? std::stoll(n) : 0;
}

PgConnection::PgConnection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str()), &PQfinish) {
  if (!conn_) throw std::bad_alloc();
  if (!ok()) {
    // The message never repeats the URL: it may hold a password.
    throw PgError(std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(conn_.get()), "08001");
  }
  exec("SET client_min_messages = warning");
}

PgResult PgConnection::checked(PGresult* r, const std::string& sql) {
  PgResult result(r);
  const auto status = PQresultStatus(r);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  std::string message = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_.get());
  while (!message.empty() && message.back() == '\n') message.pop_back();
  throw PgError("PostgreSQL: " + message + " (in: " + sql.substr(0, 120) + ")", sqlstate_of(r));
}

void PgConnection::exec(const std::string& sql) { checked(PQexec(conn_.get(), sql.c_str()), sql); }

PgResult PgConnection::query(const std::string& sql, const PgParams& params) {
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    const std::string name = "s" + std::to_string(prepared_.size() + 1);
    checked(PQprepare(conn_.get(), name.c_str(), sql.c_str(), 0, nullptr), sql);
    found = prepared_.emplace(sql, name).first;
  }
  const auto values = params.values();
  const auto lengths = params.lengths();
  const auto formats = params.formats();
  return checked(PQexecPrepared(conn_.get(), found->second.c_str(), params.size(), values.data(), lengths.data(),
                                formats.data(), 0),
                 sql);
}

PgResult PgConnection::query_once(const std::string& sql, const PgParams& params) {
  const auto values = params.values();
  const auto lengths = params.lengths();
  const auto formats = params.formats();
  return checked(
      PQexecParams(conn_.get(), sql.c_str(), params.size(), nullptr, values.data(), lengths.data(), formats.data(), 0),
      sql);
}

void PgConnection::reset() {
  prepared_.clear();
  PQreset(conn_.get());
}

PgTransaction::~PgTransaction() {
  if (!done_) c_.rollback_quietly();
}

void PgTransaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

PgPool::PgPool(std::string conninfo, std::size_t size) : conninfo_(std::move(conninfo)), size_(size) {
  idle_.push_back(std::make_unique<PgConnection>(conninfo_));  // fails now, not on the first request
  open_ = 1;
}

PgPool::Lease PgPool::lease() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    if (!c->ok()) c->reset();  // the server restarted, or a proxy dropped it
    return Lease(*this, std::move(c));
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(*this, std::make_unique<PgConnection>(conninfo_));
  } catch (...) {
    std::lock_guard again(mutex_);
    --open_;
    returned_.notify_one();
    throw;
  }
}

PgPool::Lease::~Lease() {
  if (!c_) return;  // moved from
  std::lock_guard lock(pool_.mutex_);
  pool_.idle_.push_back(std::move(c_));
  pool_.returned_.notify_one();
}

}  // namespace heard::hub
