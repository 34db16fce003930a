#pragma once
// Staff mode's export to a USB stick: the sticks found (and the configured folder), the
// period and format, contact details only after an extra confirmation, and what happened.
// Its own state machine.
#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/staff_store.hpp"
#include "store/usb_export.hpp"
#include "ui/staff_text.hpp"

namespace heard::ui {

struct ExportState {
  std::vector<std::filesystem::path> folders;  // sticks found (and the configured folder)
  int days = 7;                                // 1 = today; 0 = everything
  store::ExportFormat format = store::ExportFormat::csv;
  bool contact = false;          // only after the extra confirmation
  bool confirm_contact = false;  // that confirmation is on screen
  StaffText result;              // what happened
  bool failed = false;
};

class UsbExport {
 public:
  explicit UsbExport(store::StaffStore& staff) : staff_(staff) {}

  const ExportState& state() const { return s_; }
  void reset() { s_ = {}; }

  // Looks for sticks again; `configured` (heard.conf's [paths] usb_export) comes first.
  void rescan(const std::filesystem::path& configured);
  void days(const std::string& value) { s_.days = std::stoi(value); }
  void format(const std::string& value) {
    s_.format = value == "json" ? store::ExportFormat::json : store::ExportFormat::csv;
  }
  // Asks for confirmation before including contact details; off at once.
  void toggle_contact();
  void confirm_contact(bool yes);
  // Writes to folders[`index`] (the text of a number) and says how it went.
  void export_to(const std::string& member, const std::string& index, Now now);

 private:
  void export_now(const std::string& member, std::size_t folder, Now now);

  store::StaffStore& staff_;
  ExportState s_;
};

// Today starts at local midnight; otherwise the last `days` days up to `now` (wall clock).
Millis period_start(int days, Millis now);

}  // namespace heard::ui
