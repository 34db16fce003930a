// SqliteHubStorage: the console's insights, computed by the kiosk's own code (store/insights)
// on the kiosks a person may see, so head office and the staff dashboard never disagree.
#include <algorithm>

#include "core/config_error.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "sqlite_hub_storage.hpp"
#include "store/insights.hpp"
#include "store/paths.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {

// The kiosk's stop-words file; without it recurring words include "the" and "and", which is
// worse but no reason to refuse the rest.
const StopWords& stop_words() {
  static const StopWords words = [] {
    const auto file = store::default_assets_dir() / "stopwords.json";
    try {
      return load_stop_words(file);
    } catch (const std::exception& e) {
      log::warning(std::string("hub: recurring words without stop-words: ") + e.what());
      return StopWords{};
    }
  }();
  return words;
}

std::string iso_day(std::int64_t local_day) {
  return format_iso8601(local_day * 86'400'000LL).substr(0, 10);
}

json to_json(const store::Insights& in) {
  json out = {{"from", in.from}, {"to", in.to}, {"responses", in.responses}, {"flagged_left_out", in.flagged_left_out},
              {"csat", in.responses ? json(in.csat_percent) : json()},
              {"average", in.responses ? json(in.average) : json()}, {"by_rating", in.by_rating}, {"heat", in.heat}};
  out["categories"] = json::array();
  for (const auto& c : in.categories)
    out["categories"].push_back({{"category", c.category}, {"count", c.count}, {"previous", c.previous}});
  out["words"] = json::array();
  for (const auto& [word, n] : in.top_words) out["words"].push_back({{"word", word}, {"count", n}});
  out["trend"] = json::array();
  for (const auto& p : in.trend) {
    const double csat = 100.0 * static_cast<double>(p.happy) / static_cast<double>(std::max<std::int64_t>(1, p.responses));
    out["trend"].push_back({{"day", iso_day(p.local_day)}, {"responses", p.responses},
                            {"csat", p.responses ? json(csat) : json()}, {"average", p.average}});
  }
  return out;
}

}  // namespace

std::vector<std::string> SqliteHubStorage::kiosks_in_scope(const User& who, const json& site, const json& kiosk) {
  std::lock_guard lock(mutex_);
  json kiosks = query_json(std::string("SELECT coalesce(json_group_array(k.id), '[]') FROM hub_kiosks k WHERE ") +
                               "(?1 IS NULL OR k.site_id IN (SELECT value FROM json_each(?1)))" +
                               " AND (?2 IS NULL OR k.site_id = ?2) AND (?3 IS NULL OR k.id = ?3)",
                           {who.sees_every_site() ? json(nullptr) : json(who.sites), site, kiosk});
  return kiosks.get<std::vector<std::string>>();
}

json SqliteHubStorage::insights(const User& who, const std::string& site, Millis from, Millis to, bool weekly) {
  const auto kiosks = kiosks_in_scope(who, site.empty() ? json() : json(site), json());
  store::InsightsScope scope{&kiosks, weekly ? store::InsightsScope::Trend::week : store::InsightsScope::Trend::day};
  // A reader of its own, as downloads: a year of a chain's responses never holds up uploads.
  store::Database reader(file_, store::Database::Mode::read_only);
  reader.exec("PRAGMA busy_timeout = 5000");
  json out = to_json(store::compute_insights(reader, from, to, stop_words(), 5, 12, false, scope));
  out["by"] = weekly ? "week" : "day";
  return out;
}

}  // namespace heard::hub
