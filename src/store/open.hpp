#pragma once
// The two ways into the kiosk's SQLite file. The UI thread (and the hub, which keeps its
// own tables in a file of the same schema) opens it once with the whole procedure: health
// check, quarantine of a corrupt file, migrations. Every other connection (the sync thread,
// each of its retries) is plain: it may find the file busy or missing and try again later,
// but it never renames, creates or migrates what the UI thread has open.
#include <filesystem>
#include <optional>

#include "store/database.hpp"

namespace heard::store {

// The schema this program writes (ResponseStore::schema_version).
inline constexpr int kiosk_schema_version = 10;

// The file holds a schema newer than this program knows: refuse rather than damage it.
class SchemaTooNewError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OpenReport {
  std::optional<std::filesystem::path> quarantined_to;  // set when a corrupt file was moved aside
  int schema_version_found = 0;                         // before migrations ran
};

// What the opening does when the storage cannot be written (StorageUnavailableError):
// throw, or start without a connection and let probe_write() open it later (the kiosk,
// which shows "temporarily unavailable" rather than exit).
enum class WhenUnavailable { fail, wait };

// Creates folders and file as needed, checks integrity (quick_check), moves a corrupt file
// aside as "<name>.corrupt-<UTC timestamp>", sets WAL and synchronous=FULL, migrates.
// Throws SchemaTooNewError, StorageUnavailableError (with the folder's reason: read-only
// mount, no permission), SqliteError.
Database open_checked(const std::filesystem::path& file, OpenReport& report);

// As open_checked, but with `wait` a storage that refuses writes gives a frozen read-only
// connection (or none at all) and sets `read_only`, instead of throwing.
Database open_checked_or_wait(const std::filesystem::path& file, OpenReport& report, WhenUnavailable when,
                              bool& read_only);

// A connection to a file that open_checked has already prepared: no create, no check, no
// quarantine, no migration. Throws SqliteError when the file is missing or unreadable, and
// SchemaTooNewError / std::runtime_error when its schema is not exactly this program's.
// For the sync thread's bookkeeping: its commits are not flushed one by one (synchronous =
// NORMAL; why that loses nothing: open.cpp). Save responses through open_checked's connection.
Database open_plain(const std::filesystem::path& file);

// Applies migrations so `db` reaches `target` (defaults to the latest); tests use `target`
// to build files of every earlier version.
void migrate(Database& db, int target = kiosk_schema_version);

}  // namespace heard::store
