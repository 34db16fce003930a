#include "digest.hpp"

#include <cmath>

#include "local_time.hpp"

namespace heard::hub::alerts {

namespace {

// CSAT: the share of responses rated 4 or 5, in whole per cent; none without responses.
std::optional<int> csat(const DigestFigures& f) {
  if (f.responses == 0) return std::nullopt;
  return static_cast<int>(std::lround(100.0 * f.happy / f.responses));
}

std::string signed_number(int n) { return (n > 0 ? "+" : "") + std::to_string(n); }

std::string csat_line(const DigestFigures& now, const DigestFigures& before, const std::string& previous) {
  const auto c = csat(now), b = csat(before);
  if (!c) return "CSAT (rated 4-5): no responses";
  std::string line = "CSAT (rated 4-5): " + std::to_string(*c) + " %";
  if (b) line += " (" + previous + ": " + std::to_string(*b) + " %, " + signed_number(*c - *b) + " points)";
  else line += " (" + previous + ": no responses)";
  return line;
}

}  // namespace

std::optional<DigestPeriod> due_digest(const DigestRule& rule, const std::string& zone, Millis now) {
  if (rule.every.empty()) return std::nullopt;
  const Millis today = local_midnight(zone, now);
  if (local_minute_of_day(zone, now) < rule.hour * 60) return std::nullopt;
  if (rule.every == "week" && local_weekday(zone, now) != rule.weekday) return std::nullopt;
  const int days = rule.every == "week" ? 7 : 1;
  DigestPeriod p;
  p.until = today;
  p.from = add_local_days(zone, today, -days);
  p.previous_from = add_local_days(zone, today, -2 * days);
  p.first_day = format_local_date(zone, p.from);
  p.last_day = format_local_date(zone, add_local_days(zone, today, -1));
  return p;
}

AlertText digest_alert(const std::string& site_id, const std::string& site_name, const DigestRule& rule,
                       const DigestPeriod& period, const DigestFigures& now, const DigestFigures& before,
                       const AlertConfig& config) {
  const bool weekly = rule.every == "week";
  const std::string where = site_name.empty() ? site_id : site_name;
  const std::string span = weekly ? period.first_day + " to " + period.last_day : period.first_day;
  const std::string previous = weekly ? "the week before" : "the day before";
  AlertText t;
  t.rule = "digest";
  t.subject = site_id + ":" + period.first_day;  // once per site and period
  t.site_id = site_id;
  t.site_name = site_name;
  t.title = std::string(weekly ? "Weekly" : "Daily") + " digest for " + where + ": " + span;
  t.link = config.console_url + "/#overview";
  t.lines = {"Responses: " + std::to_string(now.responses) + " (" + previous + ": " + std::to_string(before.responses) +
                 ", " + signed_number(now.responses - before.responses) + ")",
             csat_line(now, before, previous), "Open follow-up cases now: " + std::to_string(now.open_cases)};
  std::string top;
  for (std::size_t i = 0; i < now.complaint_categories.size() && i < 3; ++i)
    top += (i ? ", " : "") + now.complaint_categories[i].first + " (" +
           std::to_string(now.complaint_categories[i].second) + ")";
  t.lines.push_back("Top complaint categories: " + (top.empty() ? std::string("none") : top));
  t.lines.push_back("");
  t.lines.push_back("The overview in the console: " + t.link);
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& [name, count] : now.complaint_categories)
    categories.push_back({{"category", name}, {"count", count}});
  t.data = {{"site_id", site_id},
            {"site_name", site_name},
            {"every", rule.every},
            {"first_day", period.first_day},
            {"last_day", period.last_day},
            {"responses", now.responses},
            {"previous_responses", before.responses},
            {"csat", csat(now) ? nlohmann::json(*csat(now)) : nlohmann::json(nullptr)},
            {"previous_csat", csat(before) ? nlohmann::json(*csat(before)) : nlohmann::json(nullptr)},
            {"open_cases", now.open_cases},
            {"complaint_categories", categories}};
  return t;
}

}  // namespace heard::hub::alerts
