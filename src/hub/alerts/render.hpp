#pragma once
// What an alert says, per channel, rendered once when it is queued (what is sent is what was
// committed). Never contact details or free text a customer typed: those may hold personal
// data and stay behind "Reveal" in the console; an alert links to the case instead.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "alert_config.hpp"
#include "alert_store.hpp"
#include "offline_rule.hpp"
#include "sla_rule.hpp"

namespace heard::hub::alerts {

// The words of one alert, before they take a channel's shape.
struct AlertText {
  std::string rule;     // "urgent", "test", ...
  std::string subject;  // what it is about, for the dedup key: a case id, a site id...
  std::string site_id, site_name;
  std::string title;               // one line: the e-mail's subject, a chat message's first line
  std::vector<std::string> lines;  // the plain text, line by line
  std::string link;                // the console page to open
  nlohmann::json data;             // the facts, for a webhook's "data"
};

AlertText urgent_alert(const UrgentCase& c, const AlertConfig& config);
// A bad spell starting (or, with `over`, ending) at one or more sites, as one message.
AlertText bad_spell_alert(const std::vector<SiteWindow>& sites, const BadSpellRule& rule, const AlertConfig& config,
                          bool over, Millis now_wall);
// Kiosks gone offline (or, with `back`, reporting again), as one message.
AlertText kiosk_offline_alert(const std::vector<OfflineKiosk>& kiosks, const AlertConfig& config, bool back,
                              Millis now_wall);
// A follow-up case past its SLA (level 1), or still open `escalate_after_min` after it (level 2).
AlertText sla_alert(const OverdueCase& c, const AlertConfig& config, bool escalated, Millis now_wall,
                    int escalate_after_min);
// What waited for `person` (quiet hours, or beyond their hourly limit), as one message: each
// held alert's time (the person's zone), title and console link, never its whole text.
AlertText summary_alert(const std::vector<Delivery>& held, const Person& person, bool after_quiet_hours,
                        const AlertConfig& config);
AlertText test_alert(const std::string& channel, const AlertConfig& config, Millis now_wall);

// One delivery of `text` through channel "webhook:NAME" or "email:NAME"; the idempotency id
// is fresh, the dedup key "rule:subject:channel".
NewDelivery for_webhook(const WebhookSettings& webhook, const AlertText& text, Millis now_wall);
NewDelivery for_email(const Person& person, const AlertText& text);

}  // namespace heard::hub::alerts
