#include "ui/staff_export.hpp"

#include <optional>

#include "core/log.hpp"
#include "core/time.hpp"

namespace heard::ui {

namespace {
// What staff can do about a failed write, in the staff language (store::classify_export_failure).
const char* export_failure_key(const store::FileWriteError& e) {
  switch (store::classify_export_failure(e)) {
    case store::ExportFailure::stick_full:
      return "staffmode.export.stick_full";
    case store::ExportFailure::stick_read_only:
      return "staffmode.export.stick_read_only";
    case store::ExportFailure::stick_gone:
      return "staffmode.export.stick_gone";
    case store::ExportFailure::other:
      break;
  }
  return "staffmode.export.not_written";
}
}  // namespace

Millis period_start(int days, Millis now) {
  if (days > 1) return now - days * 24LL * 3'600'000;
  const Millis offset = static_cast<Millis>(local_utc_offset_min(now)) * 60'000, day = 24LL * 3'600'000;
  return (now + offset) / day * day - offset;
}

void UsbExport::rescan(const std::filesystem::path& configured) {
  s_.folders = store::find_export_folders(
      "/proc/mounts", configured.empty() ? std::nullopt : std::optional<std::filesystem::path>(configured));
  s_.result = {};
}

void UsbExport::toggle_contact() {
  if (s_.contact) s_.contact = false;
  else s_.confirm_contact = true;
}

void UsbExport::confirm_contact(bool yes) {
  s_.contact = yes;
  s_.confirm_contact = false;
}

void UsbExport::export_to(const std::string& member, const std::string& index, Now now) {
  if (const auto i = std::stoul(index); i < s_.folders.size()) export_now(member, i, now);
}

void UsbExport::export_now(const std::string& member, std::size_t folder, Now now) {
  store::ExportFilter filter;
  filter.include_contact = s_.contact;
  if (s_.days > 0) filter.since = period_start(s_.days, now.wall);
  try {
    const auto done = staff_.export_to_folder(s_.folders[folder], s_.format, filter, now.wall);
    s_.result = {"staffmode.export.saved", {{"file", done.file.string()}}, {}, static_cast<std::int64_t>(done.count)};
    s_.failed = false;
    staff_.audit(member, s_.contact ? "export_with_contact" : "export", {},
                 done.file.string() + " (" + std::to_string(done.count) + " responses)", now.wall);
  } catch (const store::FileWriteError& e) {
    s_.result = {export_failure_key(e), {{"error", e.what()}}, {}, std::nullopt};
    s_.failed = true;
    log::warning(std::string("staff mode: export failed: ") + e.what());
  } catch (const std::exception& e) {
    s_.result = {"staffmode.export.failed", {{"error", e.what()}}, {}, std::nullopt};
    s_.failed = true;
    log::error(std::string("staff mode: the export failed: ") + e.what());
  }
}

}  // namespace heard::ui
