#pragma once
// The device's own settings, read from one TOML file (default /etc/heard/heard.conf, or
// $HEARD_CONFIG): which site and kiosk this is, where its files live, how it syncs and how
// its screen is mounted. TOML because installers edit it by hand (comments, plain
// `key = value` lines), its values are typed, and toml++ (Debian's libtomlplusplus) keeps
// the line of every value, so each mistake is reported as "heard.conf:12: display.rotation:
// ...". No file at all is the embedded default: local SQLite, sync off.
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/opening_hours.hpp"
#include "sync/config.hpp"

namespace heard::config {

struct DisplayConfig {
  // SDL video drivers to try, in order; "auto" tries kmsdrm (when there is no X11 or
  // Wayland session), wayland, x11. The one that works is logged.
  std::vector<std::string> video_drivers{"auto"};
  bool software_renderer = false;  // never try a hardware renderer
  int rotation = 0;                // 0, 90, 180 or 270 degrees, clockwise
  float dpi = 96.0f;               // so touch targets stay 15 mm
  // Touch calibration, an affine map on normalised coordinates (0..1 across the panel):
  // x' = a*x + b*y + c, y' = d*x + e*y + f. Identity by default.
  std::array<float, 6> touch_calibration{1, 0, 0, 0, 1, 0};
  bool hide_cursor = true;
  // Screen sleep outside opening hours; always open when not configured.
  OpeningHours opening_hours;
  // Optional sysfs backlight power file (e.g. /sys/class/backlight/*/bl_power) switched off
  // while asleep; without it the kiosk only blanks the screen.
  std::filesystem::path backlight_power;
};

struct DeviceConfig {
  std::filesystem::path file;      // where the settings came from; empty for the embedded default
  std::string kiosk_id;            // empty: the host name
  std::string site_name;           // empty: the survey's own (translated) site name
  std::filesystem::path database;  // empty: default_database_path() (config/resolve.hpp)
  std::filesystem::path survey;    // empty: ASSETS/survey.json
  std::filesystem::path assets;    // empty: store::default_assets_dir()
  std::filesystem::path usb_export_dir;
  sync::SyncConfig sync;  // sync.configured() is false until [sync] names a hub
  DisplayConfig display;
  std::string staff_language;  // [staff] language: "en", "es", "fr" or "de"; empty: the survey's first
  // The line of every key and section read from the file ("display.rotation" -> 12), so
  // checks made later (check_device) point at the line as well.
  std::map<std::string, int> lines;

  int line_of(const std::string& key) const;
};

// The languages staff mode can speak ([staff] language): those with staff texts in assets/i18n.
inline constexpr std::array<std::string_view, 4> staff_languages{"en", "es", "fr", "de"};

// $HEARD_CONFIG if set, else /etc/heard/heard.conf.
std::filesystem::path default_config_path();

// Reads and checks the whole file. A missing file gives the embedded default (and only when
// `missing_ok`); anything wrong throws ConfigError naming file, line and key. Unknown keys
// are errors too: a misspelt key silently ignored would leave the kiosk half-configured.
DeviceConfig load_device_config(const std::filesystem::path& file, bool missing_ok = true);
// The same, on text already read (`file` is only named in messages): the fuzz harness's door.
DeviceConfig parse_device_config(const std::string& text, const std::filesystem::path& file);

// What heard-kiosk and heardctl read: `named` (their --config FILE) if not empty, else
// default_config_path(). Only the built-in /etc/heard/heard.conf may be missing: a file
// someone named on purpose must be there.
DeviceConfig load_chosen_device_config(const std::filesystem::path& named);

}  // namespace heard::config
