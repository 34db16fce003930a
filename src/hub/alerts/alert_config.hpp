#pragma once
// The [alerts] part of hub.toml: who is told of what, and through which channel.
//
//   [alerts]
//   console_url = "https://hub.example.com"  # messages link to {console_url}/#case/ID
//   expire_hours = 72                        # a delivery is retried until then, then "expired"
//   [alerts.smtp]
//   url = "smtp://mail.example.com:587"      # or smtps://; loopback may be plain
//   tls = "required"                         # smtp:// only: required | optional
//   user = "heard" ; password = "..."        # optional, together
//   from = "Heard <alerts@example.com>"
//   [[alerts.webhooks]]
//   name = "ops" ; url = "https://ops.example.com/heard" ; secret = "..." ; format = "heard" | "slack"
//   [alerts.rules]
//   urgent = true                            # an urgent complaint, at once
//   bad_spell = true ; bad_spell_percent = 50 ; bad_spell_minutes = 15 ; bad_spell_min_responses = 4
//   coalesce_s = 5                           # bad spells this close together: one message each
//   kiosk_offline = true                     # silent > [hub] offline_after_min, or unsynced too long
//   kiosk_unsynced_limit_min = 120
//   sla = true                               # a follow-up past [hub] sla_hours: to its site's people
//   sla_escalate_after_min = 240 ; sla_escalate_to = ["Regional manager"]  # then to these people
//   urgent_breaks_quiet_hours = true         # an urgent complaint is never held for a person
//   [alerts.digest]
//   every = "day" ; hour = 8                 # or "week" with weekday = "monday"
//   [[alerts.people]]
//   name = "Marta" ; email = "marta@example.com" ; sites = ["madrid-centro"]  # none: every site
//   quiet_hours = "22:00-07:00"              # local: e-mails wait in the outbox until it ends
//   time_zone = "Europe/Madrid"              # default: her first site's, else the first site's
//   max_per_hour = 3                         # beyond it, what comes is merged into one summary
//
// Every mistake is a ConfigError naming file:line:key, found when the hub starts, so a typo
// never turns into an alert that silently goes nowhere.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace heard::hub::alerts {

inline const std::vector<std::string> all_rules = {"urgent", "bad_spell", "kiosk_offline", "sla", "digest"};

// At least `percent` % of at least `min_responses` responses within `minutes` rated 1-2 at a
// site (HappyOrNot's advice: 50 %, 15 minutes, 4). The alert closes when that stops holding.
// Spells starting within `coalesce_s` of each other go out as one message per person.
struct BadSpellRule {
  bool enabled = true;
  int percent = 50;
  int minutes = 15;
  int min_responses = 4;
  int coalesce_s = 5;
};

// A kiosk silent longer than the hub's offline_after_min (the console's threshold, copied in
// by load_hub_config), or reporting its oldest unsynced response older than
// unsynced_limit_min. One alert per kiosk, closed with a "back online" message.
struct OfflineRule {
  bool enabled = true;
  int silent_min = 30;
  int unsynced_limit_min = 120;
};

// A follow-up case open past its due instant (created_at + [hub] sla_hours, copied in by
// load_hub_config) is told to the people of its site; still open escalate_after_min later,
// to the people named in escalate_to (names of [[alerts.people]]); no names: no escalation.
struct SlaRule {
  bool enabled = true;
  int sla_hours = 24;
  int escalate_after_min = 240;
  std::vector<std::string> escalate_to;
};

// A digest per site, once a day or once a week, at `hour` local time in the site's zone:
// the previous day's (or 7 days') counts, CSAT and its change, open cases, top complaints.
struct DigestRule {
  std::string every;  // "" (none), "day" or "week"
  int hour = 8;
  int weekday = 1;  // "week": ISO 1 Monday ... 7 Sunday, the day it goes out
};

struct SmtpSettings {
  std::string url;  // empty: no e-mail channel
  bool tls_required = true;
  std::string user, password;
  std::string from;
};

struct WebhookSettings {
  std::string name;
  std::string url;
  std::string secret;
  bool slack = false;              // a Slack/Teams-compatible {"text": ...} body
  std::vector<std::string> sites;  // empty: every site
  std::vector<std::string> rules;  // which rules it hears; default all
};

// A local wall-clock window, minutes since midnight; start > end wraps past midnight
// ("22:00-07:00"). start == end: none.
struct QuietHours {
  int start_min = 0;
  int end_min = 0;

  bool any() const { return start_min != end_min; }
  bool contains(int minute_of_day) const {
    return start_min < end_min ? minute_of_day >= start_min && minute_of_day < end_min
                               : minute_of_day >= start_min || minute_of_day < end_min;
  }
};

// "HH:MM-HH:MM" (24-hour), or nothing for text that is not one.
std::optional<QuietHours> parse_quiet_hours(const std::string& text);
std::string to_string(const QuietHours& q);  // "22:00-07:00"; "" when none

struct Person {
  std::string name;
  std::string email;
  std::vector<std::string> sites;
  std::vector<std::string> rules;
  // Per person, so that a bad spell at ten stores is not forty e-mails at night: messages
  // in quiet hours wait (committed, held in the outbox) until the window ends; beyond
  // max_per_hour (0: no limit) they wait until the hour has room, and whatever waited goes
  // out as one summary. time_zone: resolved by load_hub_config when hub.toml names none.
  QuietHours quiet_hours;
  std::string time_zone;
  int max_per_hour = 0;
};

struct AlertConfig {
  std::string console_url = "http://127.0.0.1:8750";
  int expire_hours = 72;
  int retry_min_ms = 1000;  // first ceiling of the full-jitter backoff
  int retry_max_s = 600;    // the ceiling's cap
  int send_timeout_s = 30;  // one attempt at most
  // [alerts.rules]; the console may change them (AlertService::set_rules).
  bool urgent_rule = true;
  bool urgent_breaks_quiet_hours = true;  // an urgent complaint is never held (quiet hours or limit)
  BadSpellRule bad_spell;
  OfflineRule offline;
  SlaRule sla;
  DigestRule digest;
  SmtpSettings smtp;
  std::vector<WebhookSettings> webhooks;
  std::vector<Person> people;
  std::map<std::string, std::string> site_names;  // id -> name, from [[sites]]
  std::map<std::string, std::string> site_zones;  // id -> IANA time zone, from [[sites]]

  bool enabled() const { return !webhooks.empty() || !people.empty(); }
};

// "https://..." anywhere, "http://" only to loopback (127.0.0.0/8, [::1], localhost).
bool is_acceptable_webhook_url(const std::string& url);

}  // namespace heard::hub::alerts
