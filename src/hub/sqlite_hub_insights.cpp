// SqliteHubStorage: the console's insights, computed by the kiosk's own code (store/insights)
// on the kiosks a person may see, so head office and the staff dashboard never disagree.
#include <algorithm>

#include "core/config_error.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "insights_json.hpp"
#include "sqlite_hub_storage.hpp"
#include "store/insights.hpp"
#include "store/paths.hpp"

namespace heard::hub {

using nlohmann::json;

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
  return insights_to_json(store::compute_insights(reader, from, to, insights_stop_words(), 5, 12, false, scope),
                          weekly);
}

}  // namespace heard::hub
