// The device configuration file: every mistake an installer can make is reported with the
// file, the line and the key, and what was expected; a missing file is the embedded default.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "config/device_checks.hpp"
#include "config/device_config.hpp"
#include "core/config_error.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::config;

namespace {

// A complete file with every key; tests change one line of it.
const std::string full_file = R"(# heard.conf for the exit kiosk
kiosk_id = "store-12-exit"
site_name = "Corner Bakery"

[paths]
database = "data/heard.db"
survey = "/usr/share/heard/survey.json"
assets = "/usr/share/heard"
usb_export = "/media/usb"

[sync]
hub_url = "https://hub.example.com/heard"
token_file = "kiosk.token"
ca_file = "ca.pem"
pinned_public_key = "sha256//AAAA"
sync_interval_s = 30
heartbeat_interval_s = 120
backoff_min_s = 0.5
backoff_max_s = 600
auth_retry_interval_s = 1800
connect_timeout_s = 5
low_speed_time_s = 20
low_speed_limit_bytes = 128
max_batch_records = 100
max_batch_bytes = 65536

[display]
video_drivers = ["kmsdrm", "wayland"]
software_renderer = true
rotation = 90
dpi = 160
touch_calibration = [0, 1, 0, -1, 0, 1]
hide_cursor = false
backlight_power = "/sys/class/backlight/panel/bl_power"

[display.opening_hours]
mon = "08:00-20:00"
sat = "10:00-02:00"
sun = "closed"

[staff]
language = "de"
)";

class ConfigFile {
 public:
  ConfigFile() { write(full_file); }
  void write(const std::string& text) const { std::ofstream(file()) << text; }
  // The full file with one line (1-based) replaced; "" comments it out, keeping the numbering.
  void with_line(int number, const std::string& text) const {
    std::istringstream in(full_file);
    std::string out, line;
    for (int n = 1; std::getline(in, line); ++n)
      out += (n == number ? (text.empty() ? "# " + line : text) : line) + "\n";
    write(out);
  }
  std::filesystem::path file() const { return dir / "heard.conf"; }
  // The error message with the folder removed, so tests read "heard.conf:12: ...".
  std::string error() const {
    try {
      load_device_config(file());
    } catch (const ConfigError& e) {
      return relative(e.what());
    }
    return "(no error)";
  }
  std::string check_error(const DeviceConfig& config) const {
    try {
      check_device(config);
    } catch (const ConfigError& e) {
      return relative(e.what());
    }
    return "(no error)";
  }
  heard::test::TempDir dir;

 private:
  std::string relative(std::string message) const {
    const std::string prefix = (dir.path() / "").string();
    if (message.starts_with(prefix)) message.erase(0, prefix.size());
    return message;
  }
};

}  // namespace

TEST_CASE("A complete device configuration is read with every value", "[config]") {
  ConfigFile f;
  const DeviceConfig c = load_device_config(f.file(), false);
  CHECK(c.file == f.file());
  CHECK(c.kiosk_id == "store-12-exit");
  CHECK(c.site_name == "Corner Bakery");
  CHECK(c.database == f.dir / "data/heard.db");  // relative to the file's folder
  CHECK(c.survey == "/usr/share/heard/survey.json");
  CHECK(c.assets == "/usr/share/heard");
  CHECK(c.usb_export_dir == "/media/usb");

  CHECK(c.sync.configured());
  CHECK(c.sync.hub_url == "https://hub.example.com/heard");
  CHECK(c.sync.kiosk_id == "store-12-exit");
  CHECK(c.sync.token_file == f.dir / "kiosk.token");
  CHECK(c.sync.ca_file == f.dir / "ca.pem");
  CHECK(c.sync.pinned_public_key == "sha256//AAAA");
  CHECK(c.sync.sync_interval == std::chrono::seconds(30));
  CHECK(c.sync.heartbeat_interval == std::chrono::seconds(120));
  CHECK(c.sync.backoff_min == std::chrono::milliseconds(500));
  CHECK(c.sync.backoff_max == std::chrono::seconds(600));
  CHECK(c.sync.auth_retry_interval == std::chrono::seconds(1800));
  CHECK(c.sync.connect_timeout == std::chrono::seconds(5));
  CHECK(c.sync.low_speed_time == std::chrono::seconds(20));
  CHECK(c.sync.low_speed_limit == 128);
  CHECK(c.sync.max_batch_records == 100);
  CHECK(c.sync.max_batch_bytes == 65536);
  CHECK(c.staff_language == "de");

  CHECK(c.display.video_drivers == std::vector<std::string>{"kmsdrm", "wayland"});
  CHECK(c.display.software_renderer);
  CHECK(c.display.rotation == 90);
  CHECK(c.display.dpi == 160.0f);
  CHECK(c.display.touch_calibration == std::array<float, 6>{0, 1, 0, -1, 0, 1});
  CHECK_FALSE(c.display.hide_cursor);
  CHECK(c.display.backlight_power == "/sys/class/backlight/panel/bl_power");
  CHECK(c.display.opening_hours.configured());
  CHECK(c.line_of("display.rotation") == 30);
}

TEST_CASE("Without a configuration file the kiosk runs on the embedded default", "[config]") {
  heard::test::TempDir dir;
  const DeviceConfig c = load_device_config(dir / "heard.conf");
  CHECK(c.file.empty());
  CHECK(c.kiosk_id.empty());
  CHECK(c.database.empty());  // the store's default
  CHECK_FALSE(c.sync.configured());
  CHECK(c.display.rotation == 0);
  CHECK_FALSE(c.display.opening_hours.configured());
  CHECK(c.staff_language.empty());  // staff mode speaks the survey's first language
  CHECK_THROWS_WITH(
      load_device_config(dir / "heard.conf", false),
      (dir / "heard.conf").string() + ": cannot read the device configuration: No such file or directory");

  SECTION("and an empty file is the same default") {
    std::ofstream(dir / "empty.conf") << "# nothing set yet\n";
    CHECK_FALSE(load_device_config(dir / "empty.conf", false).sync.configured());
  }
}

TEST_CASE("Each mistake in the device configuration names file, line and key", "[config]") {
  ConfigFile f;
  SECTION("bad rotation") {
    f.with_line(30, "rotation = 45");
    CHECK(f.error() == "heard.conf:30: display.rotation: must be 0, 90, 180 or 270 (got 45)");
  }
  SECTION("unknown key") {
    f.with_line(30, "rotaton = 90");
    CHECK(f.error() ==
          "heard.conf:30: display.rotaton: unknown key (expected one of: video_drivers, software_renderer, rotation, "
          "dpi, touch_calibration, hide_cursor, backlight_power, opening_hours)");
  }
  SECTION("unknown section") {
    f.with_line(27, "[dispaly]");
    CHECK(
        f.error() ==
        "heard.conf:27: dispaly: unknown section (expected one of: kiosk_id, site_name, paths, sync, display, staff)");
  }
  SECTION("wrong type") {
    f.with_line(32, "touch_calibration = [1, 0, 0, 0, \"1\", 0]");
    CHECK(f.error() ==
          "heard.conf:32: display.touch_calibration: expected 6 numbers [a, b, c, d, e, f] for x' = a*x + b*y + c, "
          "y' = d*x + e*y + f (item 5 is a string)");
    f.with_line(29, "software_renderer = \"yes\"");
    CHECK(f.error() == "heard.conf:29: display.software_renderer: expected true or false, got a string");
    f.with_line(2, "kiosk_id = 12");
    CHECK(f.error() == "heard.conf:2: kiosk_id: expected a string, got a whole number");
    f.with_line(24, "max_batch_records = 1.5");
    CHECK(f.error() == "heard.conf:24: sync.max_batch_records: expected a whole number, got a decimal number");
  }
  SECTION("staff language nobody translated") {
    f.with_line(42, "language = \"it\"");
    CHECK(f.error() == "heard.conf:42: staff.language: must be one of \"en\", \"es\", \"fr\", \"de\" (got \"it\")");
    f.with_line(42, "lang = \"de\"");
    CHECK(f.error() == "heard.conf:42: staff.lang: unknown key (expected one of: language)");
    f.with_line(42, "language = 49");
    CHECK(f.error() == "heard.conf:42: staff.language: expected a string, got a whole number");
  }
  SECTION("TOML syntax error") {
    f.with_line(20, "auth_retry_interval_s = ");
    CHECK_THAT(f.error(), Catch::StartsWith("heard.conf:20: not valid TOML: "));
  }
  SECTION("bad opening hours") {
    f.with_line(37, "mon = \"8-20\"");
    CHECK(f.error() ==
          "heard.conf:37: display.opening_hours.mon: expected \"HH:MM-HH:MM\" or \"closed\" (got \"8-20\")");
    f.with_line(37, "monday = \"08:00-20:00\"");
    CHECK_THAT(f.error(), Catch::StartsWith("heard.conf:37: display.opening_hours.monday: unknown key"));
  }
  SECTION("bad sync url") {
    f.with_line(12, "hub_url = \"http://hub.example.com\"");
    CHECK(f.error() ==
          "heard.conf:12: sync.hub_url: hub URL 'http://hub.example.com' uses plain http:// to a host "
          "that is not this machine; use https://");
  }
  SECTION("sync settings the hub needs") {
    f.with_line(2, "");
    CHECK(f.error() ==
          "heard.conf:11: kiosk_id: syncing with a hub needs kiosk_id at the top of the file (the id "
          "the hub's token belongs to)");
    f.with_line(13, "");
    CHECK(f.error() == "heard.conf:11: sync.token_file: no token file configured (token_file)");
    f.with_line(18, "backoff_min_s = 900");
    CHECK(f.error() == "heard.conf:18: sync.backoff_min_s: must not be more than sync.backoff_max_s");
  }
  SECTION("bad dpi") {
    f.with_line(31, "dpi = 20");
    CHECK(f.error() == "heard.conf:31: display.dpi: must be from 50 to 600 (got 20)");
  }
  SECTION("calibration not 6 numbers") {
    f.with_line(32, "touch_calibration = [1, 0, 0, 0, 1]");
    CHECK(f.error() ==
          "heard.conf:32: display.touch_calibration: expected 6 numbers [a, b, c, d, e, f] for "
          "x' = a*x + b*y + c, y' = d*x + e*y + f (got 5)");
  }
  SECTION("bad kiosk id") {
    f.with_line(2, "kiosk_id = \"exit kiosk\"");
    CHECK(f.error() ==
          "heard.conf:2: kiosk_id: must be 1-64 letters, digits, '.', '_' or '-', not starting with '.' (got \"exit "
          "kiosk\")");
  }
  SECTION("bad video driver") {
    f.with_line(28, "video_drivers = [\"kmsdrm\", \"fbdev\"]");
    CHECK(f.error() ==
          "heard.conf:28: display.video_drivers: each driver must be \"auto\", \"kmsdrm\", \"wayland\" or \"x11\"");
  }
}

TEST_CASE("The device checks find files the kiosk could not use", "[config]") {
  ConfigFile f;
  std::ofstream(f.dir / "kiosk.token") << "token-123\n";
  ::chmod((f.dir / "kiosk.token").c_str(), 0600);
  std::ofstream(f.dir / "ca.pem") << "-----BEGIN CERTIFICATE-----\n";
  std::ofstream(f.dir / "bl_power") << "0\n";
  f.with_line(34, "backlight_power = \"bl_power\"");
  DeviceConfig c = load_device_config(f.file(), false);
  CHECK(f.check_error(c) == "(no error)");  // data/ does not exist yet, but can be created

  SECTION("unreadable token file") {
    std::filesystem::remove(f.dir / "kiosk.token");  // a missing file: root may read any file there is
    CHECK(f.check_error(c) == "heard.conf:13: sync.token_file: cannot read the token file " +
                                  (f.dir / "kiosk.token").string() + ": No such file or directory");
  }
  SECTION("token file others can read") {
    ::chmod((f.dir / "kiosk.token").c_str(), 0644);
    CHECK_THAT(f.check_error(c),
               Catch::StartsWith("heard.conf:13: sync.token_file: the token file ") && Catch::Contains("chmod 600"));
  }
  SECTION("missing CA file") {
    std::filesystem::remove(f.dir / "ca.pem");
    CHECK(f.check_error(c) ==
          "heard.conf:14: sync.ca_file: cannot read " + (f.dir / "ca.pem").string() + ": No such file or directory");
  }
  SECTION("database folder that is a file") {
    std::ofstream(f.dir / "data") << "";
    CHECK(f.check_error(c) == "heard.conf:6: paths.database: " + (f.dir / "data").string() + " is not a folder");
  }
  SECTION("backlight file that cannot be written") {
    std::filesystem::remove(f.dir / "bl_power");
    CHECK(f.check_error(c) == "heard.conf:34: display.backlight_power: cannot write " + (f.dir / "bl_power").string() +
                                  ": No such file or directory");
  }
}

TEST_CASE("The shipped heard.conf is valid as installed and with every key uncommented", "[config]") {
  heard::test::TempDir dir;
  std::ifstream in(HEARD_CONFIG_EXAMPLE);
  std::string installed, uncommented, line;
  while (std::getline(in, line)) {
    installed += line + "\n";
    // "# key = value": an example setting (prose never has " = " right after one word).
    const auto eq = line.find(" = ");
    const bool setting = line.starts_with("# ") && eq != std::string::npos &&
                         line.find_first_not_of("abcdefghijklmnopqrstuvwxyz_", 2) == eq;
    uncommented += (setting ? line.substr(2) : line) + "\n";
  }
  std::ofstream(dir / "installed.conf") << installed;
  std::ofstream(dir / "uncommented.conf") << uncommented;
  const DeviceConfig as_installed = load_device_config(dir / "installed.conf", false);
  CHECK(as_installed.database == "/var/lib/heard/heard.db");
  CHECK_FALSE(as_installed.sync.configured());
  const DeviceConfig every_key = load_device_config(dir / "uncommented.conf", false);
  CHECK(every_key.sync.configured());
  CHECK(every_key.display.opening_hours.configured());
  CHECK(every_key.staff_language == "de");
  // Five sections and all 35 keys the reader knows: none is left undocumented.
  CHECK(every_key.lines.size() == 5 + 35);
}
