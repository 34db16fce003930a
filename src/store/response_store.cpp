#include "store/response_store.hpp"

#include <nlohmann/json.hpp>

#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <system_error>

#include "core/log.hpp"
#include "core/validation.hpp"
#include "store/contact_index.hpp"
#include "store/response_insert.hpp"

namespace heard::store {

namespace fs = std::filesystem;

namespace {

constexpr const char* kColumns =
    "id, kiosk_id, created_at, utc_offset_min, rating, kind, categories, comment, desired_resolution, staff, "
    "contact_name, contact_phone, contact_email, contact_channel, consent_given, consent_text_version, language, "
    "urgent, survey_version, app_version, flags";

constexpr const char* kOutboxWhere = "complete = 1 AND synced_at IS NULL AND rejected_reason IS NULL";

void require_valid(const Response& r) {
  if (auto errors = validate_record(r); !errors.empty())
    throw InvalidResponseError("response " + r.id + " not saved: " + describe(errors));
}

Response read_response(const Statement& s) {
  Response r;
  r.id = s.column_text(0);
  r.kiosk_id = s.column_text(1);
  r.created_at = s.column_int64(2);
  r.utc_offset_min = s.column_int(3);
  r.rating = s.column_int(4);
  r.kind = kind_from_string(s.column_view(5)).value_or(Kind::suggestion);
  r.categories = nlohmann::json::parse(s.column_view(6)).get<std::vector<std::string>>();
  r.comment = s.column_text(7);
  r.desired_resolution = s.column_text(8);
  r.staff = s.column_text(9);
  r.contact = {s.column_text(10), s.column_text(11), s.column_text(12), s.column_text(13)};
  r.consent = {s.column_int(14) != 0, s.column_text(15)};
  r.language = s.column_text(16);
  r.urgent = s.column_int(17) != 0;
  r.survey_version = s.column_text(18);
  r.app_version = s.column_text(19);
  if (const auto flags = s.column_view(20); !flags.empty())
    r.flags = nlohmann::json::parse(flags).get<std::vector<std::string>>();
  return r;
}

}  // namespace

// Prepared once per store: saving is the kiosk's hot path and seeding inserts millions.
class ResponseStore::Inserter {
 public:
  explicit Inserter(Database& db) : insert_(db, ResponseInsert::OnRepeatedId::fail), contacts_(db) {}

  void insert(const Response& r, Stage stage, Millis now) {
    require_valid(r);
    const auto seq = insert_.insert(r, stage == Stage::complete, now);
    if (seq && !r.contact.empty()) contacts_.replace(*seq, r);
  }

  ContactIndex& contacts() { return contacts_; }

 private:
  ResponseInsert insert_;
  ContactIndex contacts_;  // keyed hashes for recognising repeat complainants
};

namespace {

fs::path quarantine_name(const fs::path& file) {
  const std::string base = file.string() + ".corrupt-" + format_compact_utc(system_now_ms());
  fs::path candidate = base;
  for (int n = 1; fs::exists(candidate); ++n) candidate = base + "-" + std::to_string(n);
  return candidate;
}

// Moves a damaged database (and its WAL/SHM, which belong to it) aside, never deleting it:
// someone may still recover rows from it.
fs::path quarantine(const fs::path& file) {
  const fs::path target = quarantine_name(file);
  fs::rename(file, target);
  for (const char* suffix : {"-wal", "-shm"}) {
    const fs::path side = file.string() + suffix;
    std::error_code ec;
    if (fs::exists(side, ec)) fs::rename(side, target.string() + suffix, ec);
  }
  return target;
}

// Returns why the file is unusable, or an empty string when it is a healthy database.
std::string health_problem(const fs::path& file) {
  try {
    Database db(file, Database::Mode::read_write);
    const auto result = db.query_text("PRAGMA quick_check");
    if (result && *result == "ok") return {};
    // quick_check can list hundreds of damaged pages; the first line says enough for a log.
    const std::string report = result.value_or("no result");
    return "quick_check reported: " + report.substr(0, report.find('\n'));
  } catch (const SqliteError& e) {
    if (e.is_corrupt()) return e.what();
    throw;
  }
}

Database open_database(const fs::path& file, OpenReport& report) {
  if (file.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) throw SqliteError("cannot create folder " + file.parent_path().string() + ": " + ec.message(), 14);
  }
  if (fs::exists(file) && fs::is_regular_file(file)) {
    if (const std::string problem = health_problem(file); !problem.empty()) {
      report.quarantined_to = quarantine(file);
      log::error("database " + file.string() + " is damaged (" + problem + "); moved it to " +
                 report.quarantined_to->string() + " and started a fresh database");
    }
  }
  return Database(file, Database::Mode::read_write_create);
}

// Opened, checked, set up and migrated: ready for the kiosk.
Database open_ready(const fs::path& file, OpenReport& report) {
  Database db = open_database(file, report);
  db.exec("PRAGMA busy_timeout = 5000");
  report.schema_version_found = static_cast<int>(db.query_int("PRAGMA user_version"));
  if (report.schema_version_found > ResponseStore::schema_version)
    throw SchemaTooNewError("database " + file.string() + " has schema version " +
                            std::to_string(report.schema_version_found) + ", newer than this program's " +
                            std::to_string(ResponseStore::schema_version) +
                            "; refusing to open it so nothing is damaged (install the newer Heard again)");
  if (db.query_text("PRAGMA journal_mode = WAL").value_or("") != "wal")
    log::warning("database " + file.string() + " cannot use WAL here; falling back to the rollback journal");
  // FULL: a commit is on disk before save() returns, so "thank you" means saved.
  db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
  migrate(db);
  return db;
}

// SQLite says only "unable to open" when the folder cannot take its journal files: the
// folder says why (a read-only mount, or no permission), which is what staff act on.
StorageUnavailableError explained(const StorageUnavailableError& e, const fs::path& file) {
  if (e.problem() != StorageProblem::io) return e;
  const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  struct statvfs fs {};
  if (::statvfs(folder.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY))
    return {std::string(e.what()) + "; " + folder.string() + " is mounted read-only", e.extended_code(),
            StorageProblem::read_only};
  if (::access(folder.c_str(), W_OK) != 0 && errno == EACCES)
    return {std::string(e.what()) + "; no permission to write in " + folder.string(), e.extended_code(),
            StorageProblem::permission};
  return e;
}

// Opens with the folder's reason when the storage refuses.
Database open_explained(const fs::path& file, OpenReport& report) {
  try {
    return open_ready(file, report);
  } catch (const StorageUnavailableError& e) {
    throw explained(e, file);
  }
}

// For reading only while the storage refuses writes (staff PINs, the follow-up queue),
// when the file is there and of a schema this program knows; else no connection at all.
Database read_only_or_unavailable(const fs::path& file, const StorageUnavailableError& why) {
  try {
    Database db(file, Database::Mode::read_only_frozen);
    if (db.query_int("PRAGMA user_version") == ResponseStore::schema_version) return db;
  } catch (const SqliteError&) {
  }
  return Database::unavailable(file, why);
}

Database open_or_wait(const fs::path& file, OpenReport& report, WhenUnavailable when, bool& read_only) {
  try {
    return open_explained(file, report);
  } catch (const StorageUnavailableError& e) {
    if (when == WhenUnavailable::fail) throw;
    log::error(std::string("database cannot be written now, will try again: ") + e.what());
    Database db = read_only_or_unavailable(file, e);
    read_only = db.is_open();
    return db;
  }
}

}  // namespace

ResponseStore::~ResponseStore() = default;

ResponseStore::Inserter& ResponseStore::inserter() {
  if (!inserter_) inserter_ = std::make_unique<Inserter>(db_);
  return *inserter_;
}

ResponseStore::ResponseStore(const fs::path& file, WhenUnavailable when)
    : file_(file), db_(open_or_wait(file, report_, when, read_only_)) {}

void ResponseStore::probe_write() {
  if (!db_.is_open() || read_only_) {
    db_ = open_explained(file_, report_);  // the same object: StaffStore's reference stays good
    inserter_.reset();
    read_only_ = false;
    log::info("database " + file_.string() + " is open again");
  }
  Transaction tx(db_);
  db_.exec("INSERT INTO write_probe (filler) VALUES (randomblob(32768)); DELETE FROM write_probe");
  tx.commit();
}

void ResponseStore::save(const Response& r, Stage stage) {
  Transaction tx(db_);
  inserter().insert(r, stage, r.created_at);
  tx.commit();
  // Ids carry no personal data; the crash test of the installed package reads these lines.
  if (log::enabled(log::Level::debug)) log::debug("saved response " + r.id);
}

void ResponseStore::save_all(const std::vector<Response>& rs) {
  Transaction tx(db_);
  for (const auto& r : rs) inserter().insert(r, Stage::complete, r.created_at);
  tx.commit();
}

void ResponseStore::update(const Response& r, Stage stage, Millis now) {
  require_valid(r);
  Transaction tx(db_);
  // Only responses still in progress change: a complete one may already be on its way to
  // the hub, and the hub keeps the first copy of an id.
  Statement s(db_,
              "UPDATE responses SET rating = ?, kind = ?, categories = ?, comment = ?, desired_resolution = ?, "
              "staff = ?, contact_name = ?, contact_phone = ?, contact_email = ?, contact_channel = ?, "
              "consent_given = ?, consent_text_version = ?, language = ?, urgent = ?, survey_version = ?, "
              "app_version = ?, flags = ?, complete = ?, updated_at = ? WHERE id = ? AND complete = 0 RETURNING seq");
  const int next = bind_details(s, 1, r);
  s.bind(next, stage == Stage::complete ? 1 : 0).bind(next + 1, now).bind(next + 2, r.id);
  if (!s.step()) {
    if (!stage_of(r.id)) throw NotFoundError("no response with id " + r.id);
    throw std::logic_error("response " + r.id + " is already complete and can no longer change");
  }
  const std::int64_t seq = s.column_int64(0);
  s.reset();
  CategoryWriter(db_).replace(seq, r.categories);
  inserter().contacts().replace(seq, r);
  tx.commit();
}

bool ResponseStore::mark_complete(std::string_view id, Millis now) {
  Statement s(db_, "UPDATE responses SET complete = 1, updated_at = ? WHERE id = ? AND complete = 0");
  s.bind(1, now).bind(2, id).run();
  if (db_.changes() > 0) return true;
  if (!stage_of(id)) throw NotFoundError("no response with id " + std::string(id));
  return false;
}

int ResponseStore::complete_all_in_progress(Millis now) {
  Statement s(db_, "UPDATE responses SET complete = 1, updated_at = ? WHERE complete = 0");
  s.bind(1, now).run();
  return db_.changes();
}

std::optional<Response> ResponseStore::find(std::string_view id) {
  Statement s(db_, std::string("SELECT ") + kColumns + " FROM responses WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_response(s);
}

std::optional<Stage> ResponseStore::stage_of(std::string_view id) {
  Statement s(db_, "SELECT complete FROM responses WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return s.column_int(0) ? Stage::complete : Stage::in_progress;
}

std::vector<Response> ResponseStore::outbox(std::size_t limit) {
  Statement s(db_, std::string("SELECT ") + kColumns + " FROM responses WHERE " + kOutboxWhere +
                       " ORDER BY urgent DESC, created_at, seq LIMIT ?");
  s.bind(1, static_cast<std::int64_t>(limit));
  std::vector<Response> out;
  while (s.step()) out.push_back(read_response(s));
  return out;
}

std::int64_t ResponseStore::outbox_size() {
  return db_.query_int(std::string("SELECT COUNT(*) FROM responses WHERE ") + kOutboxWhere);
}

std::optional<Millis> ResponseStore::oldest_unsynced() {
  // One MIN per urgency through the outbox index: O(log n). A plain MIN(created_at) would
  // walk the time index past every synced row first.
  const std::string lane = std::string("SELECT MIN(created_at) AS oldest FROM responses INDEXED BY responses_outbox "
                                       "WHERE urgent = ? AND ") + kOutboxWhere;
  Statement s(db_, "SELECT MIN(oldest) FROM (" + lane + " UNION ALL " + lane + ")");
  s.bind(1, 1).bind(2, 0);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.column_int64(0);
}

void ResponseStore::mark_synced(const std::vector<std::string>& ids, Millis at) {
  Transaction tx(db_);
  Statement s(db_, "UPDATE responses SET synced_at = ? WHERE id = ? AND synced_at IS NULL");
  for (const auto& id : ids) {
    s.bind(1, at).bind(2, id).run();
    s.reset();
  }
  tx.commit();
}

void ResponseStore::mark_rejected(std::string_view id, std::string_view reason) {
  Statement s(db_, "UPDATE responses SET rejected_reason = ? WHERE id = ?");
  s.bind(1, reason.empty() ? std::string_view("rejected without a reason") : reason).bind(2, id).run();
  if (db_.changes() == 0) throw NotFoundError("no response with id " + std::string(id));
}

std::optional<std::string> ResponseStore::rejection_of(std::string_view id) {
  Statement s(db_, "SELECT rejected_reason FROM responses WHERE id = ?");
  s.bind(1, id);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.column_text(0);
}

void ResponseStore::append_event(const FollowupEvent& e) {
  // "purged" is written by the retention purge (StaffStore::purge), never chosen by staff.
  if (e.status != "contacted" && e.status != "resolved" && e.status != "unreachable" && e.status != "purged")
    throw std::invalid_argument("follow-up status must be contacted, resolved or unreachable, not '" + e.status + "'");
  if (e.by.empty()) throw std::invalid_argument("a follow-up event must say who made it");
  Statement s(db_, "INSERT INTO followup_events (id, response_id, at, status, by, note) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, e.id).bind(2, e.response_id).bind(3, e.at).bind(4, e.status).bind(5, e.by).bind_text_or_null(6, e.note);
  s.run();
}

int ResponseStore::store_pulled_events(const std::vector<FollowupEvent>& events, std::string_view cursor_name,
                                       std::string_view cursor, Millis now) {
  Transaction tx(db_);
  // synced_at set: it came from the hub, so it is never sent back.
  Statement add(db_,
                "INSERT INTO followup_events (id, response_id, at, status, by, note, synced_at) "
                "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM responses WHERE id = ?2) "
                "ON CONFLICT (id) DO NOTHING");
  int added = 0;
  for (const auto& e : events) {
    add.bind(1, e.id).bind(2, e.response_id).bind(3, e.at).bind(4, e.status).bind(5, e.by);
    add.bind_text_or_null(6, e.note).bind(7, now).run();
    added += db_.changes();
    add.reset();
  }
  Statement put(db_, "INSERT INTO sync_cursors (name, cursor) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor");
  put.bind(1, cursor_name).bind(2, cursor).run();
  tx.commit();
  return added;
}

std::string ResponseStore::sync_cursor(std::string_view name) {
  Statement s(db_, "SELECT cursor FROM sync_cursors WHERE name = ?");
  s.bind(1, name);
  return s.step() ? s.column_text(0) : std::string();
}

namespace {
std::vector<FollowupEvent> read_events(Statement& s) {
  std::vector<FollowupEvent> out;
  while (s.step())
    out.push_back({s.column_text(0), s.column_text(1), s.column_int64(2), s.column_text(3), s.column_text(4),
                   s.column_text(5)});
  return out;
}
}  // namespace

std::vector<FollowupEvent> ResponseStore::events_for(std::string_view response_id) {
  Statement s(db_, "SELECT id, response_id, at, status, by, note FROM followup_events WHERE response_id = ? ORDER BY at, seq");
  s.bind(1, response_id);
  return read_events(s);
}

std::vector<FollowupEvent> ResponseStore::event_outbox(std::size_t limit) {
  Statement s(db_, "SELECT id, response_id, at, status, by, note FROM followup_events "
                   "WHERE synced_at IS NULL AND rejected_reason IS NULL ORDER BY seq LIMIT ?");
  s.bind(1, static_cast<std::int64_t>(limit));
  return read_events(s);
}

void ResponseStore::mark_events_synced(const std::vector<std::string>& ids, Millis at) {
  Transaction tx(db_);
  Statement s(db_, "UPDATE followup_events SET synced_at = ? WHERE id = ? AND synced_at IS NULL");
  for (const auto& id : ids) {
    s.bind(1, at).bind(2, id).run();
    s.reset();
  }
  tx.commit();
}

void ResponseStore::mark_event_rejected(std::string_view id, std::string_view reason) {
  Statement s(db_, "UPDATE followup_events SET rejected_reason = ? WHERE id = ?");
  s.bind(1, reason.empty() ? std::string_view("rejected without a reason") : reason).bind(2, id).run();
  if (db_.changes() == 0) throw NotFoundError("no follow-up event with id " + std::string(id));
}

std::int64_t ResponseStore::event_outbox_size() {
  return db_.query_int("SELECT COUNT(*) FROM followup_events WHERE synced_at IS NULL AND rejected_reason IS NULL");
}

ResponseStore::RejectedCounts ResponseStore::rejected_counts() {
  return {db_.query_int("SELECT COUNT(*) FROM responses WHERE rejected_reason IS NOT NULL AND synced_at IS NULL"),
          db_.query_int("SELECT COUNT(*) FROM followup_events WHERE rejected_reason IS NOT NULL AND synced_at IS NULL")};
}

ResponseStore::RejectedCounts ResponseStore::resend_rejected(std::optional<Millis> since) {
  const Millis from = since.value_or(std::numeric_limits<Millis>::min());
  Transaction tx(db_);
  RejectedCounts cleared;
  Statement responses(db_, "UPDATE responses SET rejected_reason = NULL "
                           "WHERE rejected_reason IS NOT NULL AND synced_at IS NULL AND created_at >= ?");
  responses.bind(1, from).run();
  cleared.responses = db_.changes();
  Statement events(db_, "UPDATE followup_events SET rejected_reason = NULL "
                        "WHERE rejected_reason IS NOT NULL AND synced_at IS NULL AND at >= ?");
  events.bind(1, from).run();
  cleared.events = db_.changes();
  tx.commit();
  return cleared;
}

Stats ResponseStore::stats() {
  Stats st;
  {
    Statement s(db_, "SELECT COUNT(*), TOTAL(complete = 0), TOTAL(rejected_reason IS NOT NULL), AVG(rating), "
                     "TOTAL(rating >= 4) FROM responses");
    s.step();
    st.total = s.column_int64(0);
    st.in_progress = s.column_int64(1);
    st.rejected = s.column_int64(2);
    st.average_rating = s.is_null(3) ? 0.0 : s.column_double(3);
    st.csat_percent = st.total ? 100.0 * s.column_double(4) / static_cast<double>(st.total) : 0.0;
  }
  st.unsynced = outbox_size();
  Statement by_rating(db_, "SELECT rating, COUNT(*) FROM responses GROUP BY rating");
  while (by_rating.step()) st.by_rating.at(static_cast<std::size_t>(by_rating.column_int(0) - 1)) = by_rating.column_int64(1);
  Statement by_category(db_, "SELECT category, COUNT(*) FROM response_categories GROUP BY category ORDER BY 2 DESC, 1");
  while (by_category.step()) st.by_category.emplace_back(by_category.column_text(0), by_category.column_int64(1));
  return st;
}

}  // namespace heard::store
