#include "render.hpp"

#include "core/sla.hpp"
#include "core/time.hpp"
#include "core/uuid.hpp"
#include "local_time.hpp"

#include <set>

namespace heard::hub::alerts {

namespace {

std::string html_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string site_label(const std::string& id, const std::string& name) {
  if (!name.empty()) return name;
  return id.empty() ? "a kiosk with no site" : id;
}

NewDelivery base(const AlertText& text, const std::string& channel) {
  NewDelivery d;
  d.id = make_uuid_v7();
  d.dedup = text.rule + ":" + text.subject + ":" + channel;
  d.channel = channel;
  d.rule = text.rule;
  d.site_id = text.site_id;
  d.subject = text.title;
  return d;
}

}  // namespace

AlertText urgent_alert(const UrgentCase& c, const AlertConfig& config) {
  AlertText t;
  t.rule = "urgent";
  t.subject = c.id;
  t.site_id = c.site_id;
  t.site_name = c.site_name;
  const std::string where = site_label(c.site_id, c.site_name);
  t.title = "Urgent: a customer at " + where + " asks for a manager now";
  t.link = config.console_url + "/#case/" + c.id;
  t.lines = {"An urgent complaint arrived at " + where + " (kiosk " + c.kiosk_id + ").",
             "Rating: " + std::to_string(c.rating) + " of 5", "Left at: " + format_iso8601(c.created_at) + " (UTC)"};
  if (!c.categories.empty()) t.lines.push_back("About: " + joined(c.categories));
  t.lines.push_back("");
  t.lines.push_back("Open the case: " + t.link);
  t.lines.push_back("The customer's contact details are in the console, behind \"Reveal\".");
  t.data = {{"case_id", c.id},
            {"site_id", c.site_id},
            {"site_name", c.site_name},
            {"kiosk_id", c.kiosk_id},
            {"rating", c.rating},
            {"kind", c.kind},
            {"categories", c.categories},
            {"created_at", format_iso8601(c.created_at)}};
  return t;
}

AlertText bad_spell_alert(const std::vector<SiteWindow>& sites, const BadSpellRule& rule, const AlertConfig& config,
                          bool over, Millis now_wall) {
  AlertText t;
  t.rule = over ? "bad_spell_over" : "bad_spell";
  t.site_id = sites.empty() ? "" : sites.front().site_id;
  t.site_name = sites.empty() ? "" : sites.front().site_name;
  std::string ids;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& s : sites) {
    ids += (ids.empty() ? "" : "+") + s.site_id;
    listed.push_back(
        {{"site_id", s.site_id}, {"site_name", s.site_name}, {"responses", s.total}, {"unhappy", s.unhappy}});
  }
  t.subject = ids + "@" + std::to_string(now_wall);
  const std::string where =
      sites.size() == 1 ? site_label(t.site_id, t.site_name) : std::to_string(sites.size()) + " stores";
  t.title = over ? "Bad spell over at " + where : "Bad spell at " + where;
  t.link = config.console_url + "/#responses";
  t.lines.push_back(over ? "Responses are no longer mostly unhappy at " + where + "."
                         : "At least " + std::to_string(rule.percent) +
                               " % of responses were rated 1 or 2 in the last " + std::to_string(rule.minutes) +
                               " minutes at " + where + ":");
  for (const auto& s : sites)
    t.lines.push_back("- " + site_label(s.site_id, s.site_name) +
                      (over ? "" : ": " + std::to_string(s.unhappy) + " of " + std::to_string(s.total) + " unhappy"));
  t.lines.push_back("");
  t.lines.push_back("Responses: " + t.link);
  t.data = {{"sites", listed}, {"percent", rule.percent}, {"minutes", rule.minutes}, {"over", over}};
  return t;
}

AlertText kiosk_offline_alert(const std::vector<OfflineKiosk>& kiosks, const AlertConfig& config, bool back,
                              Millis now_wall) {
  AlertText t;
  t.rule = back ? "kiosk_online" : "kiosk_offline";
  t.site_id = kiosks.empty() ? "" : kiosks.front().kiosk.site_id;
  t.site_name = kiosks.empty() ? "" : kiosks.front().kiosk.site_name;
  std::string ids;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& k : kiosks) {
    ids += (ids.empty() ? "" : "+") + k.kiosk.kiosk_id;
    listed.push_back({{"kiosk_id", k.kiosk.kiosk_id},
                      {"site_id", k.kiosk.site_id},
                      {"site_name", k.kiosk.site_name},
                      {"last_heard_at", format_iso8601(k.kiosk.received_at)},
                      {"reason", k.reason}});
  }
  t.subject = ids + "@" + std::to_string(now_wall);
  const std::string what = kiosks.size() == 1
                               ? "Kiosk " + kiosks.front().kiosk.kiosk_id + " at " + site_label(t.site_id, t.site_name)
                               : std::to_string(kiosks.size()) + " kiosks";
  t.title = what + (back ? " is back online" : " is offline");
  if (back && kiosks.size() > 1) t.title = what + " are back online";
  if (!back && kiosks.size() > 1) t.title = what + " are offline";
  t.link = config.console_url + "/#kiosks";
  t.lines.push_back(back ? "These kiosks report again and have sent what they held:"
                         : "These kiosks need a look (power, network, or the hub's address):");
  for (const auto& k : kiosks)
    t.lines.push_back("- " + k.kiosk.kiosk_id + " at " + site_label(k.kiosk.site_id, k.kiosk.site_name) +
                      (back ? "" : ": " + k.reason + "; last heard " + format_iso8601(k.kiosk.received_at) + " (UTC)"));
  t.lines.push_back("");
  t.lines.push_back("Kiosks: " + t.link);
  t.data = {{"kiosks", listed}, {"back", back}};
  return t;
}

AlertText sla_alert(const OverdueCase& c, const AlertConfig& config, bool escalated, Millis now_wall,
                    int escalate_after_min) {
  AlertText t;
  t.rule = escalated ? "sla_escalated" : "sla";
  t.subject = c.id;  // once per case per level
  t.site_id = c.site_id;
  t.site_name = c.site_name;
  const std::string where = site_label(c.site_id, c.site_name);
  const std::string late = format_duration(now_wall - c.due_at);
  t.title = std::string(escalated ? "Escalated: " : "") + "a follow-up at " + where + " is " + late + " past its SLA";
  t.link = config.console_url + "/#case/" + c.id;
  t.lines = {std::string(c.urgent ? "An urgent case" : "A customer who asked to be contacted") + " at " + where +
                 " is still " + (c.status == "new" ? "waiting for a first contact" : "open after a first contact") +
                 ".",
             "Left at: " + format_iso8601(c.created_at) + " (UTC)",
             "Due at: " + format_iso8601(c.due_at) + " (UTC), " + std::to_string(config.sla.sla_hours) +
                 " hours after it was left"};
  if (escalated)
    t.lines.push_back("It was told to the site's people and is still open " + std::to_string(escalate_after_min) +
                      " minutes past its due time.");
  t.lines.push_back("");
  t.lines.push_back("Open the case: " + t.link);
  t.data = {{"case_id", c.id},
            {"site_id", c.site_id},
            {"site_name", c.site_name},
            {"kiosk_id", c.kiosk_id},
            {"status", c.status},
            {"urgent", c.urgent},
            {"escalated", escalated},
            {"created_at", format_iso8601(c.created_at)},
            {"due_at", format_iso8601(c.due_at)}};
  return t;
}

namespace {

// The first console link in an alert's text, so that the summary still leads to each case.
std::string console_link_in(const std::string& text, const std::string& console_url) {
  const auto at = text.find(console_url + "/#");
  if (at == std::string::npos) return {};
  return text.substr(at, text.find_first_of(" \n\r\"<", at) - at);
}

}  // namespace

AlertText summary_alert(const std::vector<Delivery>& held, const Person& person, bool after_quiet_hours,
                        const AlertConfig& config) {
  AlertText t;
  t.rule = "summary";
  t.subject = held.empty() ? make_uuid_v7() : held.front().id;  // one summary per first held one
  std::set<std::string> sites;
  for (const auto& d : held)
    if (!d.site_id.empty())
      sites.insert(site_label(d.site_id, config.site_names.contains(d.site_id) ? config.site_names.at(d.site_id) : ""));
  const std::string count = std::to_string(held.size()) + (held.size() == 1 ? " alert" : " alerts");
  t.title = "Heard: " + count + (after_quiet_hours ? " during your quiet hours" : " held by your hourly limit");
  if (!sites.empty()) t.title += " (" + joined({sites.begin(), sites.end()}) + ")";
  t.link = config.console_url + "/#alerts";
  t.lines = {after_quiet_hours ? "These came during your quiet hours (" + to_string(person.quiet_hours) + ", " +
                                     person.time_zone + ") and waited until they ended:"
                               : "You get at most " + std::to_string(person.max_per_hour) +
                                     " messages an hour; these came beyond that and are merged here:",
             ""};
  for (const auto& d : held) {
    t.lines.push_back("- " + format_local(person.time_zone, d.created_at) + "  " + d.subject);
    if (const auto link = console_link_in(d.body, config.console_url); !link.empty()) t.lines.push_back("  " + link);
  }
  t.lines.push_back("");
  t.lines.push_back("Every alert and its delivery: " + t.link);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& d : held)
    items.push_back({{"id", d.id},
                     {"rule", d.rule},
                     {"site_id", d.site_id},
                     {"title", d.subject},
                     {"created_at", format_iso8601(d.created_at)}});
  t.data = {{"person", person.name}, {"alerts", items}, {"after_quiet_hours", after_quiet_hours}};
  return t;
}

AlertText test_alert(const std::string& channel, const AlertConfig& config, Millis now_wall) {
  AlertText t;
  t.rule = "test";
  t.subject = make_uuid_v7();  // every test is new
  t.title = "Heard: a test of the alerts channel " + channel;
  t.link = config.console_url + "/#alerts";
  t.lines = {"This is a test sent from the Heard console at " + format_iso8601(now_wall) + " (UTC).",
             "If you read it, alerts reach you through this channel.", "", "Deliveries: " + t.link};
  t.data = {{"channel", channel}};
  return t;
}

NewDelivery for_webhook(const WebhookSettings& webhook, const AlertText& text, Millis now_wall) {
  NewDelivery d = base(text, "webhook:" + webhook.name);
  std::string plain = text.title;
  for (const auto& line : text.lines) plain += "\n" + line;
  if (webhook.slack) {
    // Slack and Teams incoming webhooks both show {"text": ...}; Slack links as <url|label>.
    d.body = nlohmann::json{{"text", plain}}.dump();
  } else {
    d.body = nlohmann::json{{"id", d.id},
                            {"type", "alert." + text.rule},
                            {"created_at", format_iso8601(now_wall)},
                            {"title", text.title},
                            {"text", plain},
                            {"url", text.link},
                            {"data", text.data}}
                 .dump();
  }
  return d;
}

NewDelivery for_email(const Person& person, const AlertText& text) {
  NewDelivery d = base(text, "email:" + person.name);
  std::string plain,
      html = "<!doctype html><html><body style=\"font-family:sans-serif\"><h2>" + html_escaped(text.title) + "</h2>";
  for (const auto& line : text.lines) {
    plain += line + "\n";
    if (!line.empty() && line.find(text.link) == std::string::npos) html += "<p>" + html_escaped(line) + "</p>";
  }
  html += "<p><a href=\"" + html_escaped(text.link) + "\">Open in the Heard console</a></p></body></html>";
  d.body = plain;
  d.html = html;
  return d;
}

}  // namespace heard::hub::alerts
