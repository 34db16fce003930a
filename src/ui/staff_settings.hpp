#pragma once
// What staff mode takes from the device configuration (heard.conf), in one place: built by
// the program from config::DeviceConfig (staff_settings() in platform/kiosk_config.hpp), so
// staff mode reads no environment and looks for no files of its own accord.
#include <filesystem>
#include <string>

namespace heard::ui {

struct StaffSettings {
  // [paths] usb_export: offered for export before any stick found; empty: none.
  std::filesystem::path usb_export_dir;
  // [paths] assets: the dashboard's stop-words are its stopwords.json; empty:
  // store::default_assets_dir().
  std::filesystem::path assets_dir;
  // [staff] language: what the staff screens speak; empty: the survey's first language.
  std::string language;
};

}  // namespace heard::ui
