#include "hub_config.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "alerts/alert_config_reader.hpp"
#include "core/config_error.hpp"
#include "pg_connection.hpp"
#include "sync/config.hpp"

namespace heard::hub {

namespace {

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// Every key must be known: a misspelt one silently ignored would leave a site half set up.
void only_known(const std::filesystem::path& file, const toml::table& t, const std::string& prefix,
                const std::set<std::string>& known) {
  for (auto&& [key, node] : t)
    if (!known.contains(std::string(key.str())))
      throw ConfigError(file, static_cast<int>(key.source().begin.line), prefix + std::string(key.str()),
                        "unknown key");
}

std::string text(const std::filesystem::path& file, const toml::table& t, int table_line, const std::string& prefix,
                 const char* key) {
  const toml::node* n = t.get(key);
  if (!n) throw ConfigError(file, table_line, prefix + key, "missing");
  if (!n->is_string() || n->as_string()->get().empty())
    throw ConfigError(file, line_of(*n), prefix + key, "expected a non-empty string");
  return n->as_string()->get();
}

int whole(const std::filesystem::path& file, const toml::table& t, const char* key, int lo, int hi, int fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (!n->is_integer() || n->as_integer()->get() < lo || n->as_integer()->get() > hi)
    throw ConfigError(file, line_of(*n), std::string("hub.") + key,
                      "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return static_cast<int>(n->as_integer()->get());
}

bool known_time_zone(const std::string& name) {
  if (name.empty() || name.find("..") != std::string::npos || name.front() == '/') return false;
  return std::filesystem::is_regular_file(std::filesystem::path("/usr/share/zoneinfo") / name);
}

SiteConfig read_site(const std::filesystem::path& file, const toml::table& t, const std::string& prefix,
                     std::set<std::string>& kiosk_ids) {
  const int line = line_of(t);
  only_known(file, t, prefix, {"id", "name", "time_zone", "kiosks"});
  SiteConfig s;
  s.id = text(file, t, line, prefix, "id");
  if (!sync::is_valid_kiosk_id(s.id))
    throw ConfigError(file, line_of(*t.get("id")), prefix + "id", "a site id is 1-64 letters, digits, '.', '_' or '-'");
  s.name = text(file, t, line, prefix, "name");
  s.time_zone = text(file, t, line, prefix, "time_zone");
  if (!known_time_zone(s.time_zone))
    throw ConfigError(file, line_of(*t.get("time_zone")), prefix + "time_zone",
                      "unknown time zone '" + s.time_zone + "' (expected a name like Europe/Madrid)");
  if (const toml::node* n = t.get("kiosks")) {
    if (!n->is_array()) throw ConfigError(file, line_of(*n), prefix + "kiosks", "expected a list of kiosk ids");
    for (const auto& k : *n->as_array()) {
      const std::string key = prefix + "kiosks";
      if (!k.is_string() || !sync::is_valid_kiosk_id(k.as_string()->get()))
        throw ConfigError(file, line_of(k), key, "a kiosk id is 1-64 letters, digits, '.', '_' or '-'");
      if (!kiosk_ids.insert(k.as_string()->get()).second)
        throw ConfigError(file, line_of(k), key, "kiosk '" + k.as_string()->get() + "' is named twice");
      s.kiosks.push_back(k.as_string()->get());
    }
  }
  return s;
}

}  // namespace

HubConfig load_hub_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file, 0, "", "cannot read the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(buffer.str(), file.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(file, static_cast<int>(e.source().begin.line), "",
                      "not valid TOML: " + std::string(e.description()));
  }
  HubConfig c;
  c.file = file;
  only_known(file, root, "", {"hub", "sites", "alerts"});
  if (const toml::node* n = root.get("hub")) {
    if (!n->is_table()) throw ConfigError(file, line_of(*n), "hub", "expected a section");
    const auto& hub = *n->as_table();
    only_known(file, hub, "hub.", {"sla_hours", "offline_after_min", "session_hours", "database"});
    c.sla_hours = whole(file, hub, "sla_hours", 1, 24 * 30, c.sla_hours);
    c.offline_after_min = whole(file, hub, "offline_after_min", 1, 7 * 24 * 60, c.offline_after_min);
    c.session_hours = whole(file, hub, "session_hours", 1, 24 * 30, c.session_hours);
    if (const toml::node* d = hub.get("database")) {
      if (!d->is_string() || !is_postgres_url(d->as_string()->get()))
        throw ConfigError(file, line_of(*d), "hub.database",
                          "expected a URL like \"postgresql://hub@db.example/heard\"");
      c.database = d->as_string()->get();
    }
  }
  std::set<std::string> site_ids, kiosk_ids;
  if (const toml::node* n = root.get("sites")) {
    if (!n->is_array_of_tables()) throw ConfigError(file, line_of(*n), "sites", "expected [[sites]] sections");
    int i = 0;
    for (const auto& site : *n->as_array()) {
      const std::string prefix = "sites[" + std::to_string(i++) + "].";
      c.sites.push_back(read_site(file, *site.as_table(), prefix, kiosk_ids));
      if (!site_ids.insert(c.sites.back().id).second)
        throw ConfigError(file, line_of(*site.as_table()->get("id")), prefix + "id", "this site id appears twice");
    }
  }
  if (const toml::node* n = root.get("alerts")) {
    if (!n->is_table()) throw ConfigError(file, line_of(*n), "alerts", "expected a section");
    c.alerts = alerts::read_alert_config(file, *n->as_table(), {site_ids.begin(), site_ids.end()});
  }
  for (const auto& s : c.sites) c.alerts.site_names[s.id] = s.name;
  for (const auto& s : c.sites) c.alerts.site_zones[s.id] = s.time_zone;
  // A person's quiet hours are read in their own zone if hub.toml names one, else their
  // first site's, else the chain's first site's (a chain-wide person), else UTC.
  for (auto& p : c.alerts.people)
    if (p.time_zone.empty())
      p.time_zone = !p.sites.empty()   ? c.alerts.site_zones[p.sites.front()]
                    : !c.sites.empty() ? c.sites.front().time_zone
                                       : "UTC";
  c.alerts.offline.silent_min = c.offline_after_min;  // the console's thresholds, so both agree
  c.alerts.sla.sla_hours = c.sla_hours;
  return c;
}

}  // namespace heard::hub
