#pragma once
// One mutex per SQLite file, shared by every connection this process opens on it for
// writing (the hub's storage, its published surveys). SQLite lets one writer in at a time
// anyway; without this, a second connection that finds the file locked waits in SQLite's
// busy handler, which sleeps 1, 2, 5, ... up to 100 ms between tries: a heartbeat's survey
// report then held a kiosk's batch for tens of milliseconds after the lock was long free.
// A mutex hands over at once.
#include <filesystem>
#include <memory>
#include <mutex>

namespace heard::hub {

// The same mutex for every path naming the same file, for as long as anyone holds it.
std::shared_ptr<std::mutex> sqlite_file_lock(const std::filesystem::path& file);

}  // namespace heard::hub
