#include "ranking.hpp"

#include <algorithm>

namespace heard::hub {

using nlohmann::json;

double shrunk_score(double chain_index, double weight, double site_index, double site_responses) {
  if (weight + site_responses <= 0) return chain_index;
  return (chain_index * weight + site_index * site_responses) / (weight + site_responses);
}

json chain_figures(const json& sites) {
  double n = 0, happy = 0, sum = 0, flagged = 0;
  for (const auto& s : sites) {
    const double r = s["responses"].get<double>();
    flagged += s.value("flagged", 0.0);
    n += r;
    happy += s["happy"].get<double>();
    if (r > 0) sum += s["average"].get<double>() * r;
  }
  return {{"responses", n},
          {"csat", n > 0 ? json(100.0 * happy / n) : json()},
          {"average", n > 0 ? json(sum / n) : json()},
          {"sites", sites.size()},
          {"flagged", flagged}};
}

json rank_sites(const json& sites, const json& counts, const json& visible) {
  const json chain = chain_figures(sites);
  const double wai = chain["average"].is_null() ? 0.0 : chain["average"].get<double>();
  const double w = sites.empty() ? 0.0 : chain["responses"].get<double>() / static_cast<double>(sites.size());
  json out = json::array();
  for (const auto& s : sites) {
    const std::string id = s["id"];
    if (!visible.is_null() && std::find(visible.begin(), visible.end(), id) == visible.end()) continue;
    const double r = s["responses"].get<double>();
    const double i = r > 0 ? s["average"].get<double>() : wai;
    json site = {{"id", id},
                 {"name", s["name"]},
                 {"time_zone", s["time_zone"]},
                 {"responses", s["responses"]},
                 {"average", s["average"]},
                 {"csat", r > 0 ? json(100.0 * s["happy"].get<double>() / r) : json()},
                 {"score", shrunk_score(wai, w, i, r)},
                 {"open", 0},
                 {"overdue", 0},
                 {"flagged", s.value("flagged", 0)}};
    if (counts.contains(id)) {
      site["open"] = counts[id][0];
      site["overdue"] = counts[id][1];
    }
    out.push_back(std::move(site));
  }
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) { return a["score"] > b["score"]; });
  for (std::size_t k = 0; k < out.size(); ++k) out[k]["rank"] = k + 1;
  return out;
}

}  // namespace heard::hub
