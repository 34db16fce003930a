#include "alert_service.hpp"

#include <cstdio>
#include <optional>
#include <set>

#include "core/log.hpp"
#include "core/uuid.hpp"
#include "digest.hpp"
#include "smtp_channel.hpp"
#include "sync/backoff.hpp"
#include "webhook_channel.hpp"

namespace heard::hub::alerts {

namespace {

constexpr int responses_per_pass = 2000;
constexpr Millis idle_check_ms = 1000;        // rules look without a signal too: windows move with time
constexpr std::size_t max_open_cases = 2000;  // per pass; the oldest first

bool covers(const std::vector<std::string>& sites, const std::string& site) {
  return sites.empty() || std::find(sites.begin(), sites.end(), site) != sites.end();
}

bool hears(const std::vector<std::string>& rules, const std::string& rule) {
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

}  // namespace

AlertService::AlertService(AlertConfig config, AlertStore& store, const Clock& clock)
    : config_(std::move(config)),
      store_(store),
      clock_(clock),
      run_(make_uuid_v7()),
      urgent_rule_(config_.urgent_rule),
      bad_spell_(config_.bad_spell),
      offline_rule_(config_.offline.enabled),
      sla_rule_(config_.sla.enabled),
      urgent_breaks_quiet_(config_.urgent_breaks_quiet_hours),
      unsynced_limit_min_(config_.offline.unsynced_limit_min),
      sla_escalate_after_min_(config_.sla.escalate_after_min),
      rng_(std::random_device{}()) {
  for (const auto& p : config_.people) limits_[p.name] = {p.quiet_hours, p.max_per_hour};
  if (auto saved = nlohmann::json::parse(store_.setting("rules"), nullptr, false); saved.is_object()) {
    // People no longer in hub.toml drop out of what the console saved, rather than all of it.
    if (saved.contains("people") && saved["people"].is_array()) {
      nlohmann::json known = nlohmann::json::array();
      for (const auto& p : saved["people"])
        if (p.is_object() && limits_.contains(p.value("name", ""))) known.push_back(p);
      saved["people"] = known;
    }
    if (!set_rules(saved)) log::warning("alerts: the rules saved from the console no longer apply; hub.toml's do");
  }
  for (const auto& w : config_.webhooks)
    channels_["webhook:" + w.name] = std::make_unique<WebhookChannel>(w, config_.send_timeout_s, &stopping_);
  for (const auto& p : config_.people)
    channels_["email:" + p.name] =
        std::make_unique<SmtpChannel>(config_.smtp, p.email, config_.send_timeout_s, &stopping_);
}

AlertService::~AlertService() { stop(); }

void AlertService::start() {
  // Fixes where the rules start before ingest can store anything new (see AlertStore::cursor).
  store_.cursor("responses");
  store_.cursor("sla");  // cases older than the alerts are the console's to show, not to mail
  rules_ = std::thread([this] { rules_loop(); });
  delivery_ = std::thread([this] {
    probe_channels();
    delivery_loop();
  });
}

void AlertService::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  rules_wake_.notify_all();
  delivery_wake_.notify_all();
  if (rules_.joinable()) rules_.join();
  if (delivery_.joinable()) delivery_.join();
}

void AlertService::something_arrived() {
  {
    std::lock_guard lock(mutex_);
    arrived_ = true;
  }
  rules_wake_.notify_one();
}

bool AlertService::send_test(const std::string& channel) {
  const Millis now = clock_.now().wall;
  const AlertText text = test_alert(channel, config_, now);
  std::vector<NewDelivery> one;
  for (const auto& w : config_.webhooks)
    if ("webhook:" + w.name == channel) one.push_back(for_webhook(w, text, now));
  for (const auto& p : config_.people)
    if ("email:" + p.name == channel) one.push_back(for_email(p, text));
  if (one.empty()) return false;
  queue(one, "tests", 0);
  return true;
}

std::map<std::string, ChannelStatus> AlertService::channel_status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

// Each person's quiet hours and hourly limit as they apply now; under mutex_.
nlohmann::json AlertService::people_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : config_.people) {
    const PersonLimits& l = limits_.at(p.name);
    out.push_back({{"name", p.name},
                   {"quiet_hours", to_string(l.quiet)},
                   {"time_zone", p.time_zone},
                   {"max_per_hour", l.max_per_hour}});
  }
  return out;
}

nlohmann::json AlertService::rules() const {
  std::lock_guard lock(mutex_);
  return {{"urgent", urgent_rule_},
          {"bad_spell", bad_spell_.enabled},
          {"kiosk_offline", offline_rule_},
          {"sla", sla_rule_},
          {"bad_spell_percent", bad_spell_.percent},
          {"bad_spell_minutes", bad_spell_.minutes},
          {"bad_spell_min_responses", bad_spell_.min_responses},
          {"urgent_breaks_quiet_hours", urgent_breaks_quiet_},
          {"kiosk_offline_after_min", config_.offline.silent_min},  // [hub] offline_after_min: read only
          {"kiosk_unsynced_limit_min", unsynced_limit_min_},
          {"sla_hours", config_.sla.sla_hours},  // [hub] sla_hours: read only
          {"sla_escalate_after_min", sla_escalate_after_min_},
          {"sla_escalate_to", config_.sla.escalate_to},
          {"people", people_json()}};
}

namespace {

// A whole number field within [lo, hi], or false.
bool whole_in(const nlohmann::json& value, int lo, int hi) {
  return value.is_number_integer() && value.get<long long>() >= lo && value.get<long long>() <= hi;
}

// [{"name": "Marta", "quiet_hours": "22:00-07:00" or "", "max_per_hour": 3}, ...] over
// `limits`; false: an unknown person or field, or a value out of range.
bool read_people_limits(const nlohmann::json& people, std::map<std::string, AlertService::PersonLimits>& limits) {
  for (const auto& p : people) {
    if (!p.is_object() || !p.contains("name") || !p["name"].is_string()) return false;
    const auto found = limits.find(p["name"].get<std::string>());
    if (found == limits.end()) return false;
    for (const auto& [key, value] : p.items()) {
      if (key == "name" || key == "time_zone") continue;  // the zone is hub.toml's
      if (key == "max_per_hour" && whole_in(value, 0, 1000)) {
        found->second.max_per_hour = value.get<int>();
      } else if (key == "quiet_hours" && value.is_string()) {
        const std::string text = value.get<std::string>();
        const auto q = text.empty() ? std::optional<QuietHours>(QuietHours{}) : parse_quiet_hours(text);
        if (!q || (!text.empty() && !q->any())) return false;
        found->second.quiet = *q;
      } else {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool AlertService::set_rules(const nlohmann::json& rules) {
  if (!rules.is_object()) return false;
  for (const auto& [key, value] : rules.items()) {
    const bool ok =
        ((key == "urgent" || key == "bad_spell" || key == "kiosk_offline" || key == "sla") && value.is_boolean()) ||
        (key == "bad_spell_percent" && whole_in(value, 1, 100)) ||
        (key == "bad_spell_minutes" && whole_in(value, 1, 24 * 60)) ||
        (key == "bad_spell_min_responses" && whole_in(value, 1, 10'000)) ||
        (key == "urgent_breaks_quiet_hours" && value.is_boolean()) ||
        (key == "kiosk_unsynced_limit_min" && whole_in(value, 1, 30 * 24 * 60)) ||
        (key == "sla_escalate_after_min" && whole_in(value, 0, 30 * 24 * 60)) ||
        // shown by rules() but only hub.toml sets them: ignored when sent back
        key == "kiosk_offline_after_min" || key == "sla_hours" || key == "sla_escalate_to" ||
        (key == "people" && value.is_array());
    if (!ok) return false;
  }
  std::map<std::string, PersonLimits> limits;
  {
    std::lock_guard lock(mutex_);
    limits = limits_;
  }
  if (rules.contains("people") && !read_people_limits(rules["people"], limits)) return false;
  {
    std::lock_guard lock(mutex_);
    urgent_rule_ = rules.value("urgent", urgent_rule_);
    bad_spell_.enabled = rules.value("bad_spell", bad_spell_.enabled);
    offline_rule_ = rules.value("kiosk_offline", offline_rule_);
    sla_rule_ = rules.value("sla", sla_rule_);
    bad_spell_.percent = rules.value("bad_spell_percent", bad_spell_.percent);
    bad_spell_.minutes = rules.value("bad_spell_minutes", bad_spell_.minutes);
    bad_spell_.min_responses = rules.value("bad_spell_min_responses", bad_spell_.min_responses);
    urgent_breaks_quiet_ = rules.value("urgent_breaks_quiet_hours", urgent_breaks_quiet_);
    unsynced_limit_min_ = rules.value("kiosk_unsynced_limit_min", unsynced_limit_min_);
    sla_escalate_after_min_ = rules.value("sla_escalate_after_min", sla_escalate_after_min_);
    limits_ = std::move(limits);
  }
  nlohmann::json saved = this->rules();
  for (const char* shown_only : {"kiosk_offline_after_min", "sla_hours", "sla_escalate_to"}) saved.erase(shown_only);
  store_.set_setting("rules", saved.dump());
  return true;
}

void AlertService::set_status(const std::string& channel, const SendResult& result) {
  std::lock_guard lock(mutex_);
  ChannelStatus& s = status_[channel];
  if (s.failing == !result.ok && s.last_error == result.error && s.since != 0) return;
  if (s.failing != !result.ok || s.since == 0) s.since = clock_.now().wall;
  s.failing = !result.ok;
  s.last_error = result.error;
}

void AlertService::probe_channels() {
  // Every person's e-mail goes through the same server: it is checked once, for all of them.
  std::optional<SendResult> smtp;
  for (const auto& [name, channel] : channels_) {
    if (stopping_) return;
    const bool email = name.starts_with("email:");
    if (email && !smtp) smtp = channel->probe();
    const SendResult result = email ? *smtp : channel->probe();
    set_status(name, result);
    // Said at start, in the hub's log, so a wrong host or password is seen before an alert needs it.
    if (!result.ok) log::error("alerts: channel " + name + " does not work: " + result.error);
  }
}

void AlertService::queue(std::vector<NewDelivery> deliveries, const std::string& cursor, std::int64_t value) {
  const Millis now = clock_.now().wall;
  hold_for_people(deliveries, now);
  store_.enqueue(deliveries, cursor, value, now, now + Millis(config_.expire_hours) * 3600 * 1000);
  if (deliveries.empty()) return;
  {
    std::lock_guard lock(mutex_);
    queued_ = true;
  }
  delivery_wake_.notify_one();
}

void AlertService::rules_loop() {
  while (!stopping_) {
    try {
      evaluate();
    } catch (const std::exception& e) {
      log::error(std::string("alerts: the rules could not read or queue: ") + e.what());
    }
    std::unique_lock lock(mutex_);
    rules_wake_.wait_for(lock, std::chrono::milliseconds(idle_check_ms),
                         [this] { return arrived_ || stopping_.load(); });
    arrived_ = false;
  }
}

void AlertService::fan_out(const AlertText& text, const std::string& rule, const std::string& site,
                           std::vector<NewDelivery>& out) {
  const Millis now = clock_.now().wall;
  for (const auto& w : config_.webhooks)
    if (covers(w.sites, site) && hears(w.rules, rule)) out.push_back(for_webhook(w, text, now));
  for (const auto& p : config_.people)
    if (covers(p.sites, site) && hears(p.rules, rule)) out.push_back(for_email(p, text));
}

// The urgent-complaint rule: every urgent response past the cursor, to each webhook and
// person that covers its site, queued with the cursor's move in one transaction.
void AlertService::evaluate() {
  release_held(clock_.now().wall);
  for (;;) {
    const std::int64_t from = store_.cursor("responses");
    const NewResponses fresh = store_.responses_after(from, responses_per_pass);
    if (fresh.last_seq == from) break;
    bool urgent_rule = true;
    {
      std::lock_guard lock(mutex_);
      urgent_rule = urgent_rule_;
    }
    std::vector<NewDelivery> out;
    if (urgent_rule)
      for (const auto& c : fresh.urgent) fan_out(urgent_alert(c, config_), "urgent", c.site_id, out);
    queue(out, "responses", fresh.last_seq);
    if (stopping_) return;
  }
  evaluate_spells();
  evaluate_offline();
  evaluate_sla();
  evaluate_digests();
}

// Each site's digest once its local hour has come, to the webhooks and people that hear
// "digest" for it; queued once per site and period (the dedup key), even across restarts.
void AlertService::evaluate_digests() {
  const Now now = clock_.now();
  const DigestRule& rule = config_.digest;
  if (rule.every.empty() || now.steady - digests_checked_ < 5000) return;
  digests_checked_ = now.steady;
  std::vector<NewDelivery> out;
  for (const auto& [site, zone] : config_.site_zones) {
    const auto period = due_digest(rule, zone, now.wall);
    if (!period || digests_queued_.contains(site + ":" + period->first_day)) continue;
    const DigestFigures figures = store_.digest_figures(site, period->from, period->until);
    const DigestFigures before = store_.digest_figures(site, period->previous_from, period->from);
    const std::string name = config_.site_names.contains(site) ? config_.site_names.at(site) : "";
    fan_out(digest_alert(site, name, rule, *period, figures, before, config_), "digest", site, out);
    digests_queued_.insert(site + ":" + period->first_day);
  }
  // Its "cursor" records when digests were last queued (the dedup key keeps them once each).
  if (!out.empty()) queue(out, "digests", now.wall);
}

// Bad spells: opened when a site's window crosses the threshold, told once `coalesce_s` has
// passed since the first untold one opened (so spells at many sites make one message per
// person), and closed when the window no longer holds, with an "over" message if told.
void AlertService::evaluate_spells() {
  const Now now = clock_.now();
  BadSpellRule rule;
  {
    std::lock_guard lock(mutex_);
    rule = bad_spell_;
  }
  if (!rule.enabled || now.steady - spells_checked_ < 500) return;  // a burst of uploads: one pass
  spells_checked_ = now.steady;
  std::map<std::string, SiteWindow> bad;
  for (const auto& w : store_.site_windows(now.wall - Millis(rule.minutes) * 60'000, now.wall))
    if (w.total >= rule.min_responses && w.unhappy * 100 >= rule.percent * w.total) bad[w.site_id] = w;
  OpenAlertChanges changes{"bad_spell", {}, {}, {}};
  std::vector<SiteWindow> untold, over;
  Millis earliest = now.wall;
  std::set<std::string> open;
  for (const auto& a : store_.open_alerts("bad_spell")) {
    open.insert(a.subject);
    const auto still = bad.find(a.subject);
    if (still == bad.end()) {
      changes.closed.push_back(a.subject);
      if (a.told)
        over.push_back(
            {a.subject, config_.site_names.contains(a.subject) ? config_.site_names.at(a.subject) : "", 0, 0});
    } else if (!a.told) {
      untold.push_back(still->second);
      earliest = std::min(earliest, a.opened_at);
    }
  }
  for (const auto& [site, w] : bad)
    if (!open.contains(site)) {
      changes.opened.push_back({site, now.wall, false});
      untold.push_back(w);
    }
  std::vector<NewDelivery> out;
  const bool tell = !untold.empty() && now.wall - earliest >= Millis(rule.coalesce_s) * 1000;
  if (tell) {
    for (const auto& w : untold) changes.told.push_back(w.site_id);
    coalesce(untold, rule, false, now.wall, out);
  }
  coalesce(over, rule, true, now.wall, out);
  if (changes.opened.empty() && changes.closed.empty() && changes.told.empty()) return;
  commit(changes, out, now.wall);
}

// One message per webhook and per person, about the sites of `sites` each covers.
void AlertService::coalesce(const std::vector<SiteWindow>& sites, const BadSpellRule& rule, bool over, Millis now_wall,
                            std::vector<NewDelivery>& out) {
  if (sites.empty()) return;
  const auto theirs = [&](const std::vector<std::string>& covered) {
    std::vector<SiteWindow> mine;
    for (const auto& s : sites)
      if (covers(covered, s.site_id)) mine.push_back(s);
    return mine;
  };
  for (const auto& w : config_.webhooks)
    if (const auto mine = theirs(w.sites); !mine.empty() && hears(w.rules, "bad_spell"))
      out.push_back(for_webhook(w, bad_spell_alert(mine, rule, config_, over, now_wall), now_wall));
  for (const auto& p : config_.people)
    if (const auto mine = theirs(p.sites); !mine.empty() && hears(p.rules, "bad_spell"))
      out.push_back(for_email(p, bad_spell_alert(mine, rule, config_, over, now_wall)));
}

// Kiosks gone silent (or too long unsynced) open an alert each, told at once in one message
// per person; a kiosk reporting properly again closes it with a "back online" message.
void AlertService::evaluate_offline() {
  const Now now = clock_.now();
  OfflineRule rule = config_.offline;
  {
    std::lock_guard lock(mutex_);
    rule.enabled = offline_rule_;
    rule.unsynced_limit_min = unsynced_limit_min_;
  }
  if (!rule.enabled || now.steady - offline_checked_ < 1000) return;
  offline_checked_ = now.steady;
  const OfflineChanges found =
      offline_changes(store_.kiosk_health(), store_.open_alerts("kiosk_offline"), rule, now.wall);
  if (found.went_offline.empty() && found.came_back.empty()) return;
  OpenAlertChanges changes{"kiosk_offline", {}, {}, {}};
  for (const auto& k : found.went_offline) {
    changes.opened.push_back({k.kiosk.kiosk_id, now.wall, true});
    changes.told.push_back(k.kiosk.kiosk_id);
  }
  for (const auto& k : found.came_back) changes.closed.push_back(k.kiosk.kiosk_id);
  std::vector<NewDelivery> out;
  tell_kiosks(found.went_offline, false, now.wall, out);
  tell_kiosks(found.came_back, true, now.wall, out);
  commit(changes, out, now.wall);
}

void AlertService::tell_kiosks(const std::vector<OfflineKiosk>& kiosks, bool back, Millis now_wall,
                               std::vector<NewDelivery>& out) {
  if (kiosks.empty()) return;
  const auto theirs = [&](const std::vector<std::string>& covered) {
    std::vector<OfflineKiosk> mine;
    for (const auto& k : kiosks)
      if (covers(covered, k.kiosk.site_id)) mine.push_back(k);
    return mine;
  };
  for (const auto& w : config_.webhooks)
    if (const auto mine = theirs(w.sites); !mine.empty() && hears(w.rules, "kiosk_offline"))
      out.push_back(for_webhook(w, kiosk_offline_alert(mine, config_, back, now_wall), now_wall));
  for (const auto& p : config_.people)
    if (const auto mine = theirs(p.sites); !mine.empty() && hears(p.rules, "kiosk_offline"))
      out.push_back(for_email(p, kiosk_offline_alert(mine, config_, back, now_wall)));
}

// Overdue follow-ups, each told once to its site's people and once more, if still open, to
// the escalation people; the open alert (told = escalated) closes when the case does.
void AlertService::evaluate_sla() {
  const Now now = clock_.now();
  SlaRule rule = config_.sla;
  {
    std::lock_guard lock(mutex_);
    if (!sla_rule_) return;
    rule.escalate_after_min = sla_escalate_after_min_;
  }
  if (now.steady - sla_checked_ < 2000) return;  // a scan of the open cases; SLAs are hours long
  sla_checked_ = now.steady;
  const Millis sla = Millis(rule.sla_hours) * 3'600'000;
  auto cases = store_.open_cases(store_.cursor("sla"), now.wall - sla, static_cast<int>(max_open_cases));
  for (auto& c : cases) c.due_at = c.created_at + sla;
  SlaChanges found = sla_changes(cases, store_.open_alerts("sla"), rule, now.wall);
  if (cases.size() == max_open_cases) found.closed.clear();  // not all seen: close nothing
  if (found.overdue.empty() && found.escalated.empty() && found.closed.empty()) return;
  OpenAlertChanges changes{"sla", {}, found.closed, {}};
  std::vector<NewDelivery> out;
  for (const auto& c : found.overdue) {
    changes.opened.push_back({c.id, now.wall, false});
    tell_case(c, false, rule.escalate_after_min, now.wall, out);
  }
  for (const auto& c : found.escalated) {
    changes.told.push_back(c.id);
    tell_case(c, true, rule.escalate_after_min, now.wall, out);
  }
  commit(changes, out, now.wall);
}

// Level 1 to the site's people (not those escalated to: they hear of it only if it stays
// open), level 2 to the escalation people; webhooks hear both.
void AlertService::tell_case(const OverdueCase& c, bool escalated, int escalate_after_min, Millis now_wall,
                             std::vector<NewDelivery>& out) {
  const AlertText text = sla_alert(c, config_, escalated, now_wall, escalate_after_min);
  for (const auto& w : config_.webhooks)
    if (covers(w.sites, c.site_id) && hears(w.rules, "sla")) out.push_back(for_webhook(w, text, now_wall));
  const auto& up = config_.sla.escalate_to;
  for (const auto& p : config_.people) {
    const bool escalation_person = std::find(up.begin(), up.end(), p.name) != up.end();
    if (escalation_person != escalated || !covers(p.sites, c.site_id)) continue;
    if (escalated || hears(p.rules, "sla")) out.push_back(for_email(p, text));
  }
}

Millis AlertService::next_try_in(int attempts) {
  const sync::Backoff backoff(std::chrono::milliseconds(config_.retry_min_ms),
                              std::chrono::milliseconds(Millis(config_.retry_max_s) * 1000), 0);
  std::uniform_int_distribution<Millis> pick(0, backoff.ceiling(attempts).count());
  return pick(rng_);
}

// One due delivery sent (or failed); false when none is due.
bool AlertService::deliver_one() {
  const Now now = clock_.now();
  if (now.steady - expired_checked_ >= 10'000) {  // a write; once in a while is enough
    expired_checked_ = now.steady;
    store_.expire_overdue(now.wall);
  }
  const Millis lease = Millis(config_.send_timeout_s) * 1000 + 30'000;
  const auto d = store_.claim_due(run_, now, lease, Millis(config_.retry_max_s) * 1000);
  if (!d) return false;
  const auto channel = channels_.find(d->channel);
  const SendResult result = channel == channels_.end()
                                ? SendResult{false, "no channel " + d->channel + " in the configuration any more"}
                                : channel->second->send(*d, now.wall);
  if (stopping_ && !result.ok) {
    store_.mark_failed(d->id, "the hub stopped during the attempt", now.wall);  // at once after a restart
    return false;
  }
  set_status(d->channel, result);
  const Millis after = clock_.now().wall;
  if (result.ok) {
    store_.mark_sent(d->id, after);
    return true;
  }
  const Millis wait = next_try_in(d->attempts);
  store_.mark_failed(d->id, result.error, after + wait);
  // The delivery id and the channel: enough to find it in the console, no alert content.
  log::warning("alerts: delivery " + d->id + " through " + d->channel + " failed (attempt " +
               std::to_string(d->attempts) + "): " + result.error);
  return true;
}

void AlertService::delivery_loop() {
  while (!stopping_) {
    bool busy = false;
    try {
      busy = deliver_one();
    } catch (const std::exception& e) {
      log::error(std::string("alerts: the outbox could not be read or updated: ") + e.what());
    }
    if (busy) continue;
    Millis wait = 1000;
    try {
      if (const auto due = store_.next_due()) wait = std::clamp<Millis>(*due - clock_.now().wall, 10, 1000);
    } catch (const std::exception&) {}
    std::unique_lock lock(mutex_);
    delivery_wake_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return queued_ || stopping_.load(); });
    queued_ = false;
  }
}

// Holds what quiet hours or limits keep back, commits the rule's changes with the deliveries
// in one transaction, and wakes the sender when there is something to send.
void AlertService::commit(const OpenAlertChanges& changes, std::vector<NewDelivery>& out, Millis now_wall) {
  hold_for_people(out, now_wall);
  store_.apply(changes, out, now_wall, now_wall + Millis(config_.expire_hours) * 3600 * 1000);
  if (!out.empty()) {
    std::lock_guard lock(mutex_);
    queued_ = true;
    delivery_wake_.notify_one();
  }
}

}  // namespace heard::hub::alerts
