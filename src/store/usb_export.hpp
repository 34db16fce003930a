#pragma once
// Staff mode's export to a USB stick: finding mounted removable storage, and writing one
// export file there atomically (store/atomic_file.hpp) with the foundation export code, with
// the problems a stick brings (none there, read-only, full) said in words.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "store/atomic_file.hpp"
#include "store/database.hpp"
#include "store/export.hpp"

namespace heard::store {

// `configured` (heard.conf's [paths] usb_export) when it is a folder, then the mount points under the usual
// automount places (/media, /run/media, /mnt) read from `mounts` (/proc/mounts).
std::vector<std::filesystem::path> find_export_folders(const std::filesystem::path& mounts,
                                                       const std::optional<std::filesystem::path>& configured);

struct UsbExport {
  std::filesystem::path file;
  std::int64_t count = 0;
};

// Writes "heard-<kiosk>-<UTC time>.<csv|json>" into `folder`. Throws FileWriteError.
UsbExport export_to_folder(Database& db, const std::filesystem::path& folder, std::string_view kiosk_id,
                           ExportFormat format, const ExportFilter& filter, Millis now);

// What went wrong with a stick, in terms staff can act on, not errno.
enum class ExportFailure { stick_full, stick_read_only, stick_gone, other };
ExportFailure classify_export_failure(const FileWriteError& e);

// "The USB stick is full", "... is read-only", "... is no longer there": for staff, not errno
// (English; staff mode says the same in its own language from classify_export_failure()).
std::string describe_export_failure(const FileWriteError& e);

}  // namespace heard::store
