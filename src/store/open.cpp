#include "store/open.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "core/log.hpp"
#include "core/time.hpp"

namespace heard::store {

namespace fs = std::filesystem;

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
  if (report.schema_version_found > kiosk_schema_version)
    throw SchemaTooNewError("database " + file.string() + " has schema version " +
                            std::to_string(report.schema_version_found) + ", newer than this program's " +
                            std::to_string(kiosk_schema_version) +
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
}  // namespace

Database open_checked(const fs::path& file, OpenReport& report) {
  try {
    return open_ready(file, report);
  } catch (const StorageUnavailableError& e) {
    throw explained(e, file);
  }
}

namespace {

// For reading only while the storage refuses writes (staff PINs, the follow-up queue),
// when the file is there and of a schema this program knows; else no connection at all.
Database read_only_or_unavailable(const fs::path& file, const StorageUnavailableError& why) {
  try {
    Database db(file, Database::Mode::read_only_frozen);
    if (db.query_int("PRAGMA user_version") == kiosk_schema_version) return db;
  } catch (const SqliteError&) {}
  return Database::unavailable(file, why);
}

}  // namespace

Database open_checked_or_wait(const fs::path& file, OpenReport& report, WhenUnavailable when, bool& read_only) {
  try {
    return open_checked(file, report);
  } catch (const StorageUnavailableError& e) {
    if (when == WhenUnavailable::fail) throw;
    log::error(std::string("database cannot be written now, will try again: ") + e.what());
    Database db = read_only_or_unavailable(file, e);
    read_only = db.is_open();
    return db;
  }
}

Database open_plain(const fs::path& file) {
  Database db(file, Database::Mode::read_write);
  db.exec("PRAGMA busy_timeout = 5000");
  const auto version = db.query_int("PRAGMA user_version");
  if (version > kiosk_schema_version)
    throw SchemaTooNewError("database " + file.string() + " has schema version " + std::to_string(version) +
                            ", newer than this program's " + std::to_string(kiosk_schema_version));
  // The UI thread migrates at start; until it has, this connection waits rather than race it.
  if (version < kiosk_schema_version)
    throw std::runtime_error("database " + file.string() + " is not ready yet (schema version " +
                             std::to_string(version) + ")");
  // NORMAL, per connection: in WAL mode a commit here is not flushed to disk on its own, but
  // by the next FULL commit of the UI's connection or the next checkpoint, in order. Nothing
  // this connection writes needs more: it only notes what the hub settled (synced, rejected),
  // which batch is in flight, and what it pulled back (events with their cursor). What a power
  // cut takes from the last of those is sent again, and the hub deduplicates by id (PROTOCOL.md:
  // "never stored twice"), or pulled again, deduplicated by event id. The responses themselves
  // are the UI's, saved with FULL (open_ready). A flush per note was three fsyncs per batch,
  // a third of a backlog's sync time on an SD card. Foreign keys: events keep their response.
  db.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
  return db;
}

}  // namespace heard::store
