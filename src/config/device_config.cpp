#include "config/device_config.hpp"

#include <toml++/toml.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>

#include "core/config_error.hpp"

namespace heard::config {

namespace fs = std::filesystem;

namespace {

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a section";
    case toml::node_type::array:
      return "a list";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "a whole number";
    case toml::node_type::floating_point:
      return "a decimal number";
    case toml::node_type::boolean:
      return "true/false";
    default:
      return "a date or time";
  }
}

std::string format_number(double n) {
  std::ostringstream out;
  out << n;
  return out.str();
}

// Reads one TOML document into a DeviceConfig, key by key, so that every problem names the
// file, the line and the dotted key ("display.rotation").
class Reader {
 public:
  explicit Reader(DeviceConfig& out) : out_(out) {}

  // `line_key` names where to point when `key` itself is not in the file.
  [[noreturn]] void fail(const std::string& key, const std::string& problem, const std::string& line_key = "") const {
    const int line = out_.line_of(key);
    throw ConfigError(out_.file, line > 0 || line_key.empty() ? line : out_.line_of(line_key), key, problem);
  }

  // Every key of `table` must be one of `known`: a misspelt key silently ignored would leave
  // the kiosk half-configured.
  void only_known(const toml::table& table, const std::string& prefix, std::initializer_list<std::string_view> known) {
    for (auto&& [key, node] : table) {
      const std::string name = prefix + std::string(key.str());
      out_.lines[name] = static_cast<int>(key.source().begin.line);
      bool ok = false;
      for (const auto k : known) ok |= k == key.str();
      if (ok) continue;
      std::string expected;
      for (const auto k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
      fail(name,
           std::string(node.is_table() ? "unknown section" : "unknown key") + " (expected one of: " + expected + ")");
    }
  }

  const toml::table* section(const toml::table& parent, const std::string& prefix, std::string_view key) {
    const toml::node* n = parent.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) fail(prefix + std::string(key), "expected a section, got " + type_name(*n));
    return n->as_table();
  }

  void text(const toml::table& t, const std::string& prefix, std::string_view key, std::string& out) {
    if (const toml::node* n = t.get(key)) {
      if (!n->is_string()) fail(prefix + std::string(key), "expected a string, got " + type_name(*n));
      out = n->as_string()->get();
    }
  }

  // A path relative to the configuration file's folder, as installers expect from a file
  // that names its neighbours ("token_file = \"kiosk.token\"").
  void path(const toml::table& t, const std::string& prefix, std::string_view key, fs::path& out) {
    std::string s;
    if (!t.get(key)) return;
    text(t, prefix, key, s);
    if (s.empty()) fail(prefix + std::string(key), "expected a path (leave the key out for the default)");
    out = fs::path(s).is_relative() ? out_.file.parent_path() / s : fs::path(s);
  }

  void boolean(const toml::table& t, const std::string& prefix, std::string_view key, bool& out) {
    if (const toml::node* n = t.get(key)) {
      if (!n->is_boolean()) fail(prefix + std::string(key), "expected true or false, got " + type_name(*n));
      out = n->as_boolean()->get();
    }
  }

  std::optional<std::int64_t> integer(const toml::table& t, const std::string& prefix, std::string_view key,
                                      std::int64_t lo, std::int64_t hi) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    const std::string name = prefix + std::string(key);
    if (!n->is_integer()) fail(name, "expected a whole number, got " + type_name(*n));
    const std::int64_t v = n->as_integer()->get();
    if (v < lo || v > hi)
      fail(name,
           "must be from " + std::to_string(lo) + " to " + std::to_string(hi) + " (got " + std::to_string(v) + ")");
    return v;
  }

  static std::optional<double> number_of(const toml::node& n) {
    if (n.is_integer()) return static_cast<double>(n.as_integer()->get());
    if (n.is_floating_point()) return n.as_floating_point()->get();
    return std::nullopt;
  }

  std::optional<double> number(const toml::table& t, const std::string& prefix, std::string_view key, double lo,
                               double hi) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    const std::string name = prefix + std::string(key);
    const auto v = number_of(*n);
    if (!v) fail(name, "expected a number, got " + type_name(*n));
    if (!std::isfinite(*v) || *v < lo || *v > hi)
      fail(name, "must be from " + format_number(lo) + " to " + format_number(hi) + " (got " + format_number(*v) + ")");
    return v;
  }

  // Durations are written in seconds (decimals allowed: 0.5), whatever unit the setting keeps.
  template <typename Duration>
  void seconds(const toml::table& t, std::string_view key, Duration& out, double lo, double hi) {
    if (const auto s = number(t, "sync.", key, lo, hi))
      out = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(*s));
  }

 private:
  DeviceConfig& out_;
};

void read_paths(Reader& r, const toml::table& t, DeviceConfig& c) {
  r.only_known(t, "paths.", {"database", "survey", "assets", "usb_export"});
  r.path(t, "paths.", "database", c.database);
  r.path(t, "paths.", "survey", c.survey);
  r.path(t, "paths.", "assets", c.assets);
  r.path(t, "paths.", "usb_export", c.usb_export_dir);
}

void read_sync(Reader& r, const toml::table& t, sync::SyncConfig& s) {
  r.only_known(t, "sync.",
               {"hub_url", "token_file", "ca_file", "pinned_public_key", "sync_interval_s", "heartbeat_interval_s",
                "backoff_min_s", "backoff_max_s", "auth_retry_interval_s", "connect_timeout_s", "low_speed_time_s",
                "low_speed_limit_bytes", "max_batch_records", "max_batch_bytes"});
  r.text(t, "sync.", "hub_url", s.hub_url);
  r.path(t, "sync.", "token_file", s.token_file);
  r.path(t, "sync.", "ca_file", s.ca_file);
  r.text(t, "sync.", "pinned_public_key", s.pinned_public_key);
  constexpr double day = 86'400;
  r.seconds(t, "sync_interval_s", s.sync_interval, 1, day);
  r.seconds(t, "heartbeat_interval_s", s.heartbeat_interval, 1, day);
  r.seconds(t, "backoff_min_s", s.backoff_min, 0.001, 3600);
  r.seconds(t, "backoff_max_s", s.backoff_max, 0.001, day);
  r.seconds(t, "auth_retry_interval_s", s.auth_retry_interval, 1, 7 * day);
  r.seconds(t, "connect_timeout_s", s.connect_timeout, 0.1, 300);
  if (const auto n = r.integer(t, "sync.", "low_speed_time_s", 1, 3600)) s.low_speed_time = std::chrono::seconds(*n);
  if (const auto n = r.integer(t, "sync.", "low_speed_limit_bytes", 1, 1 << 20)) s.low_speed_limit = *n;
  if (const auto n = r.integer(t, "sync.", "max_batch_records", 1, 500)) s.max_batch_records = *n;
  if (const auto n = r.integer(t, "sync.", "max_batch_bytes", 1024, 1 << 20)) s.max_batch_bytes = *n;
  if (s.backoff_min > s.backoff_max) r.fail("sync.backoff_min_s", "must not be more than sync.backoff_max_s");
}

void read_opening_hours(Reader& r, const toml::table& t, OpeningHours& hours) {
  r.only_known(t, "display.opening_hours.", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
  for (auto&& [key, node] : t) {
    const std::string name = "display.opening_hours." + std::string(key.str());
    if (!node.is_string()) r.fail(name, "expected \"HH:MM-HH:MM\" or \"closed\", got " + type_name(node));
    try {
      hours.set_day(weekday_from_name(key.str()), node.as_string()->get());
    } catch (const std::invalid_argument& e) {
      r.fail(name, e.what());
    }
  }
}

void read_video_drivers(Reader& r, const toml::node& n, std::vector<std::string>& drivers) {
  const auto* list = n.as_array();
  if (!list || list->empty()) r.fail("display.video_drivers", "expected a list like [\"kmsdrm\", \"wayland\"]");
  drivers.clear();
  for (const toml::node& driver : *list) {
    const std::string name = driver.value_exact<std::string>().value_or("");
    if (name != "auto" && name != "kmsdrm" && name != "wayland" && name != "x11")
      r.fail("display.video_drivers", "each driver must be \"auto\", \"kmsdrm\", \"wayland\" or \"x11\"");
    drivers.push_back(name);
  }
}

void read_touch_calibration(Reader& r, const toml::node& n, std::array<float, 6>& out) {
  const std::string key = "display.touch_calibration";
  const std::string expected = "expected 6 numbers [a, b, c, d, e, f] for x' = a*x + b*y + c, y' = d*x + e*y + f";
  const auto* list = n.as_array();
  if (!list) r.fail(key, expected + ", got " + type_name(n));
  if (list->size() != 6) r.fail(key, expected + " (got " + std::to_string(list->size()) + ")");
  for (std::size_t i = 0; i < 6; ++i) {
    const toml::node& item = *list->get(i);
    const auto v = Reader::number_of(item);
    if (!v) r.fail(key, expected + " (item " + std::to_string(i + 1) + " is " + type_name(item) + ")");
    out[i] = static_cast<float>(*v);
  }
}

void read_display(Reader& r, const toml::table& t, DisplayConfig& d) {
  r.only_known(t, "display.",
               {"video_drivers", "software_renderer", "rotation", "dpi", "touch_calibration", "hide_cursor",
                "backlight_power", "opening_hours"});
  if (const toml::node* n = t.get("video_drivers")) read_video_drivers(r, *n, d.video_drivers);
  r.boolean(t, "display.", "software_renderer", d.software_renderer);
  if (const auto rotation = r.integer(t, "display.", "rotation", INT32_MIN, INT32_MAX)) {
    if (*rotation != 0 && *rotation != 90 && *rotation != 180 && *rotation != 270)
      r.fail("display.rotation", "must be 0, 90, 180 or 270 (got " + std::to_string(*rotation) + ")");
    d.rotation = static_cast<int>(*rotation);
  }
  if (const auto dpi = r.number(t, "display.", "dpi", 50, 600)) d.dpi = static_cast<float>(*dpi);
  if (const toml::node* n = t.get("touch_calibration")) read_touch_calibration(r, *n, d.touch_calibration);
  r.boolean(t, "display.", "hide_cursor", d.hide_cursor);
  r.path(t, "display.", "backlight_power", d.backlight_power);
  if (const toml::table* hours = r.section(t, "display.", "opening_hours"))
    read_opening_hours(r, *hours, d.opening_hours);
}

// The sync settings are checked as a whole by sync::validate (the same rules heardctl sync
// applies); its keys are mapped to where they live in this file.
void read_staff(Reader& r, const toml::table& t, DeviceConfig& c) {
  r.only_known(t, "staff.", {"language"});
  if (!t.get("language")) return;
  r.text(t, "staff.", "language", c.staff_language);
  for (const auto known : staff_languages)
    if (c.staff_language == known) return;
  std::string expected;
  for (const auto known : staff_languages) expected += (expected.empty() ? "\"" : ", \"") + std::string(known) + "\"";
  r.fail("staff.language", "must be one of " + expected + " (got \"" + c.staff_language + "\")");
}

void validate_sync(const Reader& r, DeviceConfig& c) {
  if (!c.sync.configured()) return;
  c.sync.kiosk_id = c.kiosk_id;
  try {
    sync::validate(c.sync);
  } catch (const sync::SyncConfigError& e) {
    if (e.key() == "kiosk_id")
      r.fail("kiosk_id", "syncing with a hub needs kiosk_id at the top of the file (the id the hub's token belongs to)",
             "sync");
    r.fail("sync." + e.key(), e.what(), "sync");
  }
}

std::string read_file(const fs::path& file, bool missing_ok, bool& missing) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const int error = errno;
    missing = error == ENOENT && missing_ok;
    if (missing) return "";
    throw ConfigError(file, 0, "", std::string("cannot read the device configuration: ") + std::strerror(error));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

int DeviceConfig::line_of(const std::string& key) const {
  const auto it = lines.find(key);
  return it == lines.end() ? 0 : it->second;
}

namespace {
constexpr const char* installed_config = "/etc/heard/heard.conf";
}

fs::path default_config_path() {
  if (const char* env = std::getenv("HEARD_CONFIG"); env && *env) return env;
  return installed_config;
}

DeviceConfig load_chosen_device_config(const fs::path& named) {
  const fs::path file = named.empty() ? default_config_path() : named;
  return load_device_config(file, named.empty() && file == installed_config);
}

DeviceConfig load_device_config(const fs::path& file, bool missing_ok) {
  bool missing = false;
  const std::string text = read_file(file, missing_ok, missing);
  if (missing) return DeviceConfig{};  // the embedded default: local database, sync off
  return parse_device_config(text, file);
}

DeviceConfig parse_device_config(const std::string& text, const fs::path& file) {
  DeviceConfig c;
  c.file = file;
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(file, static_cast<int>(e.source().begin.line), "",
                      "not valid TOML: " + std::string(e.description()));
  }
  Reader r(c);
  r.only_known(root, "", {"kiosk_id", "site_name", "paths", "sync", "display", "staff"});
  r.text(root, "", "kiosk_id", c.kiosk_id);
  if (!c.kiosk_id.empty() && !sync::is_valid_kiosk_id(c.kiosk_id))
    r.fail("kiosk_id",
           "must be 1-64 letters, digits, '.', '_' or '-', not starting with '.' (got \"" + c.kiosk_id + "\")");
  r.text(root, "", "site_name", c.site_name);
  if (const toml::table* t = r.section(root, "", "paths")) read_paths(r, *t, c);
  if (const toml::table* t = r.section(root, "", "sync")) read_sync(r, *t, c.sync);
  if (const toml::table* t = r.section(root, "", "display")) read_display(r, *t, c.display);
  if (const toml::table* t = r.section(root, "", "staff")) read_staff(r, *t, c);
  validate_sync(r, c);
  return c;
}

}  // namespace heard::config
