// The console's insights JSON, shared by the SQLite and PostgreSQL hubs.
#include "insights_json.hpp"

#include <algorithm>

#include "core/log.hpp"
#include "core/time.hpp"
#include "store/paths.hpp"

namespace heard::hub {

using nlohmann::json;

// The kiosk's stop-words file; without it recurring words include "the" and "and", which is
// worse but no reason to refuse the rest.
const StopWords& insights_stop_words() {
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

namespace {

std::string iso_day(std::int64_t local_day) { return format_iso8601(local_day * 86'400'000LL).substr(0, 10); }

}  // namespace

json insights_to_json(const store::Insights& in, bool weekly) {
  json out = {{"from", in.from},
              {"to", in.to},
              {"responses", in.responses},
              {"flagged_left_out", in.flagged_left_out},
              {"csat", in.responses ? json(in.csat_percent) : json()},
              {"average", in.responses ? json(in.average) : json()},
              {"by_rating", in.by_rating},
              {"heat", in.heat}};
  out["categories"] = json::array();
  for (const auto& c : in.categories)
    out["categories"].push_back({{"category", c.category}, {"count", c.count}, {"previous", c.previous}});
  out["words"] = json::array();
  for (const auto& [word, n] : in.top_words) out["words"].push_back({{"word", word}, {"count", n}});
  out["trend"] = json::array();
  for (const auto& p : in.trend) {
    const double csat =
        100.0 * static_cast<double>(p.happy) / static_cast<double>(std::max<std::int64_t>(1, p.responses));
    out["trend"].push_back({{"day", iso_day(p.local_day)},
                            {"responses", p.responses},
                            {"csat", p.responses ? json(csat) : json()},
                            {"average", p.average}});
  }
  out["by"] = weekly ? "week" : "day";
  return out;
}

}  // namespace heard::hub
