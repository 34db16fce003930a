#include <algorithm>
#include <cstdio>
#include <set>

#include "alert_config_reader.hpp"
#include "core/config_error.hpp"
#include "local_time.hpp"

namespace heard::hub::alerts {

namespace {

using Path = std::filesystem::path;

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

void only_known(const Path& file, const toml::table& t, const std::string& prefix, const std::set<std::string>& known) {
  for (auto&& [key, node] : t)
    if (!known.contains(std::string(key.str())))
      throw ConfigError(file, static_cast<int>(key.source().begin.line), prefix + std::string(key.str()),
                        "unknown key");
}

std::string optional_text(const Path& file, const toml::table& t, const std::string& prefix, const char* key) {
  const toml::node* n = t.get(key);
  if (!n) return {};
  if (!n->is_string() || n->as_string()->get().empty())
    throw ConfigError(file, line_of(*n), prefix + key, "expected a non-empty string");
  return n->as_string()->get();
}

std::string required_text(const Path& file, const toml::table& t, const std::string& prefix, const char* key) {
  std::string value = optional_text(file, t, prefix, key);
  if (value.empty()) throw ConfigError(file, line_of(t), prefix + key, "missing");
  return value;
}

int whole(const Path& file, const toml::table& t, const std::string& prefix, const char* key, int lo, int hi,
          int fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (!n->is_integer() || n->as_integer()->get() < lo || n->as_integer()->get() > hi)
    throw ConfigError(file, line_of(*n), prefix + key,
                      "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return static_cast<int>(n->as_integer()->get());
}

bool boolean(const Path& file, const toml::table& t, const std::string& prefix, const char* key, bool fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (!n->is_boolean()) throw ConfigError(file, line_of(*n), prefix + key, "expected true or false");
  return n->as_boolean()->get();
}

// A list of strings, each one of `allowed`; nothing: `fallback`.
std::vector<std::string> names(const Path& file, const toml::table& t, const std::string& prefix, const char* key,
                               const std::vector<std::string>& allowed, const std::vector<std::string>& fallback,
                               const char* what) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (!n->is_array()) throw ConfigError(file, line_of(*n), prefix + key, std::string("expected a list of ") + what);
  std::vector<std::string> out;
  for (const auto& item : *n->as_array()) {
    if (!item.is_string()) throw ConfigError(file, line_of(item), prefix + key, std::string("expected ") + what);
    const std::string& value = item.as_string()->get();
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      throw ConfigError(file, line_of(item), prefix + key, std::string("unknown ") + what + " '" + value + "'");
    out.push_back(value);
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The host of scheme://[user@]host[:port]/..., lower-case, brackets kept for IPv6.
std::string host_of(const std::string& url) {
  const auto start = url.find("://");
  if (start == std::string::npos) return {};
  std::string rest = url.substr(start + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (rest.starts_with("[")) return lower(rest.substr(0, rest.find(']') + 1));
  return lower(rest.substr(0, rest.find(':')));
}

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

bool plausible_email(const std::string& address) {
  const auto at = address.find('@');
  return at != std::string::npos && at > 0 && at + 1 < address.size() &&
         address.find_first_of(" \r\n<>,") == std::string::npos && address.find('@', at + 1) == std::string::npos;
}

// The address inside "Name <a@b>", or the whole text.
std::string bare_address(const std::string& from) {
  const auto open = from.find('<');
  const auto close = from.rfind('>');
  if (open == std::string::npos || close == std::string::npos || close < open) return from;
  return from.substr(open + 1, close - open - 1);
}

SmtpSettings read_smtp(const Path& file, const toml::table& t) {
  const std::string prefix = "alerts.smtp.";
  only_known(file, t, prefix, {"url", "tls", "user", "password", "from"});
  SmtpSettings s;
  s.url = required_text(file, t, prefix, "url");
  const std::string scheme = lower(s.url.substr(0, s.url.find("://")));
  if ((scheme != "smtp" && scheme != "smtps") || host_of(s.url).empty())
    throw ConfigError(file, line_of(*t.get("url")), prefix + "url",
                      "expected smtp://HOST[:PORT] (STARTTLS) or smtps://HOST[:PORT]");
  const std::string tls = optional_text(file, t, prefix, "tls");
  if (!tls.empty() && tls != "required" && tls != "optional")
    throw ConfigError(file, line_of(*t.get("tls")), prefix + "tls", "expected \"required\" or \"optional\"");
  // Without TLS a password and the messages cross the network in clear: only on loopback.
  s.tls_required = tls != "optional";
  if (!s.tls_required && scheme == "smtp" && !is_loopback_host(host_of(s.url)) && t.get("password"))
    throw ConfigError(file, line_of(*t.get("tls")), prefix + "tls",
                      "a password may not be sent without TLS beyond loopback; use \"required\"");
  s.user = optional_text(file, t, prefix, "user");
  s.password = optional_text(file, t, prefix, "password");
  if (s.user.empty() != s.password.empty())
    throw ConfigError(file, line_of(t), prefix + (s.user.empty() ? "user" : "password"),
                      "user and password go together");
  s.from = required_text(file, t, prefix, "from");
  if (!plausible_email(bare_address(s.from)))
    throw ConfigError(file, line_of(*t.get("from")), prefix + "from",
                      "expected an address like alerts@example.com or \"Heard <alerts@example.com>\"");
  return s;
}

template <typename Each>
void each_table(const Path& file, const toml::table& alerts, const char* key, Each&& each) {
  const toml::node* n = alerts.get(key);
  if (!n) return;
  if (!n->is_array_of_tables())
    throw ConfigError(file, line_of(*n), std::string("alerts.") + key,
                      std::string("expected [[alerts.") + key + "]] sections");
  int i = 0;
  for (const auto& item : *n->as_array())
    each(*item.as_table(), std::string("alerts.") + key + "[" + std::to_string(i++) + "].");
}

WebhookSettings read_webhook(const Path& file, const toml::table& t, const std::string& prefix,
                             const std::vector<std::string>& site_ids) {
  only_known(file, t, prefix, {"name", "url", "secret", "format", "sites", "rules"});
  WebhookSettings w;
  w.name = required_text(file, t, prefix, "name");
  w.url = required_text(file, t, prefix, "url");
  if (!is_acceptable_webhook_url(w.url))
    throw ConfigError(file, line_of(*t.get("url")), prefix + "url",
                      "a webhook URL must be https:// (plain http:// only to loopback)");
  w.secret = required_text(file, t, prefix, "secret");
  if (w.secret.size() < 16)
    throw ConfigError(file, line_of(*t.get("secret")), prefix + "secret", "at least 16 characters");
  const std::string format = optional_text(file, t, prefix, "format");
  if (!format.empty() && format != "heard" && format != "slack")
    throw ConfigError(file, line_of(*t.get("format")), prefix + "format", "expected \"heard\" or \"slack\"");
  w.slack = format == "slack";
  w.sites = names(file, t, prefix, "sites", site_ids, {}, "site");
  w.rules = names(file, t, prefix, "rules", all_rules, all_rules, "rule");
  return w;
}

Person read_person(const Path& file, const toml::table& t, const std::string& prefix,
                   const std::vector<std::string>& site_ids) {
  only_known(file, t, prefix, {"name", "email", "sites", "rules", "quiet_hours", "time_zone", "max_per_hour"});
  Person p;
  p.name = required_text(file, t, prefix, "name");
  p.email = required_text(file, t, prefix, "email");
  if (!plausible_email(p.email))
    throw ConfigError(file, line_of(*t.get("email")), prefix + "email", "expected an address like marta@example.com");
  p.sites = names(file, t, prefix, "sites", site_ids, {}, "site");
  p.rules = names(file, t, prefix, "rules", all_rules, all_rules, "rule");
  if (const auto text = optional_text(file, t, prefix, "quiet_hours"); !text.empty()) {
    const auto q = parse_quiet_hours(text);
    if (!q || !q->any())
      throw ConfigError(file, line_of(*t.get("quiet_hours")), prefix + "quiet_hours",
                        "expected a local time window like \"22:00-07:00\"");
    p.quiet_hours = *q;
  }
  p.time_zone = optional_text(file, t, prefix, "time_zone");
  if (!p.time_zone.empty() && !known_zone(p.time_zone))
    throw ConfigError(file, line_of(*t.get("time_zone")), prefix + "time_zone",
                      "unknown time zone '" + p.time_zone + "' (expected a name like Europe/Madrid)");
  p.max_per_hour = whole(file, t, prefix, "max_per_hour", 0, 1000, 0);
  return p;
}

DigestRule read_digest(const Path& file, const toml::table& t) {
  const std::string prefix = "alerts.digest.";
  only_known(file, t, prefix, {"every", "hour", "weekday"});
  DigestRule d;
  d.every = required_text(file, t, prefix, "every");
  if (d.every != "day" && d.every != "week")
    throw ConfigError(file, line_of(*t.get("every")), prefix + "every", "expected \"day\" or \"week\"");
  d.hour = whole(file, t, prefix, "hour", 0, 23, d.hour);
  static const std::vector<std::string> days = {"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday"};
  if (const auto day = optional_text(file, t, prefix, "weekday"); !day.empty()) {
    const auto found = std::find(days.begin(), days.end(), lower(day));
    if (found == days.end() || d.every != "week")
      throw ConfigError(file, line_of(*t.get("weekday")), prefix + "weekday",
                        d.every != "week" ? "only for every = \"week\"" : "expected a day like \"monday\"");
    d.weekday = static_cast<int>(found - days.begin()) + 1;
  }
  return d;
}

// [alerts.rules] sla_escalate_to: names of [[alerts.people]], read once they are known.
void read_escalation(const Path& file, const toml::table& alerts, const std::set<std::string>& people, AlertConfig& c) {
  const toml::node* rules = alerts.get("rules");
  if (!rules || !rules->is_table()) return;
  const std::vector<std::string> known(people.begin(), people.end());
  c.sla.escalate_to = names(file, *rules->as_table(), "alerts.rules.", "sla_escalate_to", known, {}, "person");
}

}  // namespace

std::optional<QuietHours> parse_quiet_hours(const std::string& text) {
  int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
  char tail = 0;
  if (text.size() != 11 || std::sscanf(text.c_str(), "%2d:%2d-%2d:%2d%c", &h1, &m1, &h2, &m2, &tail) != 4)
    return std::nullopt;
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 || h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return std::nullopt;
  return QuietHours{h1 * 60 + m1, h2 * 60 + m2};
}

std::string to_string(const QuietHours& q) {
  if (!q.any()) return {};
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d-%02d:%02d", q.start_min / 60, q.start_min % 60, q.end_min / 60,
                q.end_min % 60);
  return text;
}

bool is_acceptable_webhook_url(const std::string& url) {
  const std::string scheme = lower(url.substr(0, url.find("://")));
  if (url.find("://") == std::string::npos || host_of(url).empty()) return false;
  if (url.find_first_of(" \r\n\t") != std::string::npos) return false;
  return scheme == "https" || (scheme == "http" && is_loopback_host(host_of(url)));
}

AlertConfig read_alert_config(const Path& file, const toml::table& t, const std::vector<std::string>& site_ids) {
  only_known(file, t, "alerts.",
             {"console_url", "expire_hours", "retry_min_ms", "retry_max_s", "send_timeout_s", "smtp", "webhooks",
              "people", "rules", "digest"});
  AlertConfig c;
  if (const auto url = optional_text(file, t, "alerts.", "console_url"); !url.empty()) {
    if (!url.starts_with("https://") && !url.starts_with("http://"))
      throw ConfigError(file, line_of(*t.get("console_url")), "alerts.console_url", "expected an http(s):// address");
    c.console_url = url.ends_with("/") ? url.substr(0, url.size() - 1) : url;
  }
  c.expire_hours = whole(file, t, "alerts.", "expire_hours", 1, 24 * 30, c.expire_hours);
  c.retry_min_ms = whole(file, t, "alerts.", "retry_min_ms", 10, 600'000, c.retry_min_ms);
  c.retry_max_s = whole(file, t, "alerts.", "retry_max_s", 1, 24 * 3600, c.retry_max_s);
  c.send_timeout_s = whole(file, t, "alerts.", "send_timeout_s", 1, 600, c.send_timeout_s);
  if (const toml::node* n = t.get("rules")) {
    if (!n->is_table()) throw ConfigError(file, line_of(*n), "alerts.rules", "expected a section");
    const toml::table& rules = *n->as_table();
    only_known(file, rules, "alerts.rules.",
               {"urgent", "bad_spell", "bad_spell_percent", "bad_spell_minutes", "bad_spell_min_responses",
                "coalesce_s", "kiosk_offline", "kiosk_unsynced_limit_min", "sla", "sla_escalate_after_min",
                "sla_escalate_to", "urgent_breaks_quiet_hours"});
    c.urgent_rule = boolean(file, rules, "alerts.rules.", "urgent", c.urgent_rule);
    c.urgent_breaks_quiet_hours =
        boolean(file, rules, "alerts.rules.", "urgent_breaks_quiet_hours", c.urgent_breaks_quiet_hours);
    BadSpellRule& b = c.bad_spell;
    b.enabled = boolean(file, rules, "alerts.rules.", "bad_spell", b.enabled);
    b.percent = whole(file, rules, "alerts.rules.", "bad_spell_percent", 1, 100, b.percent);
    b.minutes = whole(file, rules, "alerts.rules.", "bad_spell_minutes", 1, 24 * 60, b.minutes);
    b.min_responses = whole(file, rules, "alerts.rules.", "bad_spell_min_responses", 1, 10'000, b.min_responses);
    b.coalesce_s = whole(file, rules, "alerts.rules.", "coalesce_s", 0, 3600, b.coalesce_s);
    OfflineRule& o = c.offline;
    o.enabled = boolean(file, rules, "alerts.rules.", "kiosk_offline", o.enabled);
    o.unsynced_limit_min =
        whole(file, rules, "alerts.rules.", "kiosk_unsynced_limit_min", 1, 30 * 24 * 60, o.unsynced_limit_min);
    c.sla.enabled = boolean(file, rules, "alerts.rules.", "sla", c.sla.enabled);
    c.sla.escalate_after_min =
        whole(file, rules, "alerts.rules.", "sla_escalate_after_min", 0, 30 * 24 * 60, c.sla.escalate_after_min);
  }
  if (const toml::node* n = t.get("digest")) {
    if (!n->is_table()) throw ConfigError(file, line_of(*n), "alerts.digest", "expected a section");
    c.digest = read_digest(file, *n->as_table());
  }
  if (const toml::node* n = t.get("smtp")) {
    if (!n->is_table()) throw ConfigError(file, line_of(*n), "alerts.smtp", "expected a section");
    c.smtp = read_smtp(file, *n->as_table());
  }
  std::set<std::string> channel_names;
  each_table(file, t, "webhooks", [&](const toml::table& w, const std::string& prefix) {
    c.webhooks.push_back(read_webhook(file, w, prefix, site_ids));
    if (!channel_names.insert(c.webhooks.back().name).second)
      throw ConfigError(file, line_of(*w.get("name")), prefix + "name", "this webhook name appears twice");
  });
  std::set<std::string> people;
  each_table(file, t, "people", [&](const toml::table& p, const std::string& prefix) {
    c.people.push_back(read_person(file, p, prefix, site_ids));
    if (!people.insert(c.people.back().name).second)
      throw ConfigError(file, line_of(*p.get("name")), prefix + "name", "this person appears twice");
    if (c.smtp.url.empty())
      throw ConfigError(file, line_of(p), prefix + "email", "people get e-mail: configure [alerts.smtp] first");
  });
  read_escalation(file, t, people, c);
  return c;
}

}  // namespace heard::hub::alerts
