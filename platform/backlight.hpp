#pragma once
// The panel's backlight power through sysfs (e.g. /sys/class/backlight/*/bl_power), switched
// off while the screen sleeps. Optional: without a file nothing is written. A write that
// fails is logged once and otherwise ignored; a dark kiosk is worse than a lit blank one.
#include <filesystem>
#include <optional>

namespace heard::kiosk {

class Backlight {
 public:
  explicit Backlight(std::filesystem::path power_file) : file_(std::move(power_file)) {}
  // Writes only on a change.
  void set(bool on);

 private:
  std::filesystem::path file_;
  std::optional<bool> written_;
  bool error_logged_ = false;
};

}  // namespace heard::kiosk
