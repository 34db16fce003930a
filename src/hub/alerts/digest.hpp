#pragma once
// The digest per site: which period is due at a wall instant (in the site's zone), and its
// words. Due once the local hour has come on a day it goes out; the period is the local day
// (or 7 days) before. Its dedup key names the site and the period's first day, so it goes out
// once per period however often the rules look, and across restarts of the hub.
#include <optional>
#include <string>

#include "alert_config.hpp"
#include "alert_store.hpp"
#include "render.hpp"

namespace heard::hub::alerts {

struct DigestPeriod {
  Millis from = 0, until = 0;       // [from, until), local midnights
  Millis previous_from = 0;         // the period before: [previous_from, from)
  std::string first_day, last_day;  // local dates, "2026-12-07"
};

// The period whose digest is due at `now` in `zone`, or nothing (not the hour or the day yet).
std::optional<DigestPeriod> due_digest(const DigestRule& rule, const std::string& zone, Millis now);

AlertText digest_alert(const std::string& site_id, const std::string& site_name, const DigestRule& rule,
                       const DigestPeriod& period, const DigestFigures& now, const DigestFigures& before,
                       const AlertConfig& config);

}  // namespace heard::hub::alerts
