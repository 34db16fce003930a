#include "sqlite_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "store/database.hpp"

namespace heard::hub {

namespace {

constexpr int pages_per_step = 256;  // about 1 MiB at 4 KiB pages: the hub's writers wait at most that long

}  // namespace

void backup_sqlite_hub(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (!std::filesystem::exists(from)) throw std::runtime_error("no hub database " + from.string());
  // The copy holds contact details like the original: created readable by its owner only,
  // and never over an existing file (an older backup is not ours to replace).
  const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + to.string() + ": " + std::strerror(errno));
  ::close(fd);
  try {
    store::Database source(from, store::Database::Mode::read_only);
    store::Database target(to);
    sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
    if (!backup) throw std::runtime_error(std::string("cannot start the backup: ") + sqlite3_errmsg(target.handle()));
    int rc = SQLITE_OK;
    while ((rc = sqlite3_backup_step(backup, pages_per_step)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
      sqlite3_sleep(5);  // the hub is writing: let it, then go on
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("backup failed: ") + sqlite3_errstr(rc));
    target.exec("PRAGMA journal_mode = DELETE");  // one self-contained file, no -wal beside it
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(to, ignored);
    throw;
  }
}

}  // namespace heard::hub
