// Quiet hours and hourly limits per person: the part of AlertService that decides whether an
// e-mail waits, and sends what waited. Held deliveries are committed like any other (state
// "held" in the outbox), so a restart loses none; they never expire while held.
#include "alert_service.hpp"
#include "core/log.hpp"
#include "local_time.hpp"

namespace heard::hub::alerts {

namespace {

constexpr Millis hour_ms = 3'600'000;
constexpr const char* email_prefix = "email:";

bool in_quiet_hours(const QuietHours& quiet, const std::string& zone, Millis at) {
  return quiet.any() && quiet.contains(local_minute_of_day(zone, at));
}

}  // namespace

const Person* AlertService::person_named(const std::string& name) const {
  for (const auto& p : config_.people)
    if (p.name == name) return &p;
  return nullptr;
}

// Tests and summaries are never held (someone asked for the first; the second is what was).
// An urgent complaint is not either, unless urgent_breaks_quiet_hours is off: it is about a
// customer in the store now. Within one batch the limit counts the batch's own e-mails.
void AlertService::hold_for_people(std::vector<NewDelivery>& out, Millis now_wall) {
  std::map<std::string, PersonLimits> limits;
  bool urgent_breaks = true;
  {
    std::lock_guard lock(mutex_);
    limits = limits_;
    urgent_breaks = urgent_breaks_quiet_;
  }
  std::map<std::string, PersonWindow> windows;  // by channel, this batch included
  for (auto& d : out) {
    if (!d.channel.starts_with(email_prefix) || d.rule == "test" || d.rule == "summary") continue;
    if (d.rule == "urgent" && urgent_breaks) continue;
    const Person* p = person_named(d.channel.substr(std::string_view(email_prefix).size()));
    if (!p) continue;
    const PersonLimits& l = limits[p->name];
    if (in_quiet_hours(l.quiet, p->time_zone, now_wall)) {
      d.hold_until = next_local_minute(p->time_zone, now_wall, l.quiet.end_min);
      continue;
    }
    if (l.max_per_hour == 0) continue;
    auto w = windows.find(d.channel);
    if (w == windows.end()) w = windows.emplace(d.channel, store_.person_window(d.channel, now_wall - hour_ms)).first;
    PersonWindow& seen = w->second;
    if (seen.held > 0 || seen.queued >= l.max_per_hour) {
      // After the ones already waiting, and once the oldest of the hour leaves the window.
      d.hold_until = std::max(now_wall, seen.oldest + hour_ms);
      ++seen.held;
    } else {
      if (seen.queued++ == 0) seen.oldest = now_wall;
    }
  }
}

// A person's held e-mails go once they are out of quiet hours and their hour has room: one
// as it is, several as one summary (in the transaction that marks them merged).
void AlertService::release_held(Millis now_wall) {
  std::map<std::string, PersonLimits> limits;
  {
    std::lock_guard lock(mutex_);
    limits = limits_;
  }
  bool released = false;
  for (const auto& channel : store_.channels_with_held_due(now_wall)) {
    const Person* p = person_named(channel.substr(std::string_view(email_prefix).size()));
    const PersonLimits l = p ? limits[p->name] : PersonLimits{};
    if (p && in_quiet_hours(l.quiet, p->time_zone, now_wall)) continue;
    if (l.max_per_hour > 0 && store_.person_window(channel, now_wall - hour_ms).queued >= l.max_per_hour) continue;
    const std::vector<Delivery> held = store_.held(channel);
    if (held.empty()) continue;
    std::optional<NewDelivery> summary;
    if (p && held.size() > 1) {
      const bool after_quiet = in_quiet_hours(l.quiet, p->time_zone, held.front().created_at);
      summary = for_email(*p, summary_alert(held, *p, after_quiet, config_));
    }
    std::vector<std::string> ids;
    for (const auto& d : held) ids.push_back(d.id);
    store_.release(ids, summary, now_wall, now_wall + Millis(config_.expire_hours) * hour_ms);
    log::info("alerts: released " + std::to_string(ids.size()) + " held deliveries for " + channel +
              (summary ? " as summary " + summary->id : ""));
    released = true;
  }
  if (released) {
    std::lock_guard lock(mutex_);
    queued_ = true;
    delivery_wake_.notify_one();
  }
}

}  // namespace heard::hub::alerts
