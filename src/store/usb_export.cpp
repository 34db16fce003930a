#include "store/usb_export.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

namespace heard::store {

namespace fs = std::filesystem;

namespace {

// /proc/mounts escapes spaces and tabs in paths as octal (\040).
std::string unescape_mount_path(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      const std::string oct = text.substr(i + 1, 3);
      if (oct.find_first_not_of("01234567") == std::string::npos) {
        out += static_cast<char>(std::stoi(oct, nullptr, 8));
        i += 3;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

std::vector<fs::path> find_export_folders(const fs::path& mounts, const std::optional<fs::path>& configured) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (configured && fs::is_directory(*configured, ec)) out.push_back(*configured);  // first: the site chose it
  std::ifstream in(mounts);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string device, point;
    if (!(fields >> device >> point)) continue;
    point = unescape_mount_path(point);
    for (const char* place : {"/media/", "/run/media/", "/mnt/"})
      if (point.starts_with(place)) out.emplace_back(point);
  }
  return out;
}

UsbExport export_to_folder(Database& db, const fs::path& folder, std::string_view kiosk_id, ExportFormat format,
                           const ExportFilter& filter, Millis now) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw FileWriteError(folder.string() + " is not there", ENOENT);
  const char* extension = format == ExportFormat::csv ? ".csv" : format == ExportFormat::json ? ".json" : ".ndjson";
  UsbExport result;
  result.file = folder / ("heard-" + std::string(kiosk_id.empty() ? "kiosk" : kiosk_id) + "-" +
                          format_compact_utc(now) + extension);
  AtomicFile file(result.file);
  result.count = export_responses(db, filter, format, [&file](std::string_view chunk) { file.write(chunk); });
  file.commit();
  return result;
}

ExportFailure classify_export_failure(const FileWriteError& e) {
  switch (e.error_number()) {
    case ENOSPC:
    case EDQUOT:
      return ExportFailure::stick_full;
    case EROFS:
    case EACCES:
    case EPERM:
      return ExportFailure::stick_read_only;
    case ENOENT:
    case ENODEV:
    case EIO:
      return ExportFailure::stick_gone;
    default:
      return ExportFailure::other;
  }
}

std::string describe_export_failure(const FileWriteError& e) {
  switch (classify_export_failure(e)) {
    case ExportFailure::stick_full:
      return "The USB stick is full. Free some space on it, or use another stick.";
    case ExportFailure::stick_read_only:
      return "The USB stick is read-only (or locked). Unlock it, or use another stick.";
    case ExportFailure::stick_gone:
      return "The USB stick is no longer there. Insert it again and retry.";
    case ExportFailure::other:
      break;
  }
  return std::string("The export could not be written: ") + e.what();
}

}  // namespace heard::store
