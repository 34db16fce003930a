#pragma once
// The overview's store ranking. A site with 5 responses must not top the chain by luck, so
// each site's index is shrunk towards the chain's, as HappyOrNot does:
//   RS = (WAI·W + I·R) / (W + R)
// WAI: the chain's response-weighted average index; W: the average response count per site;
// I, R: the site's own index (average rating) and response count. A site with no responses
// gets the chain's average; one with many keeps nearly its own.
#include <nlohmann/json.hpp>

namespace heard::hub {

double shrunk_score(double chain_index, double weight, double site_index, double site_responses);

// `sites`: every site's {id, name, responses, happy, average}; `counts`: {site: [open, overdue]};
// `visible`: null for every site, else the ids to keep. Returns the visible sites, best first,
// each with csat, score, rank, open and overdue.
nlohmann::json rank_sites(const nlohmann::json& sites, const nlohmann::json& counts, const nlohmann::json& visible);
// The whole chain's responses, CSAT and average (the ranking's WAI) for the period.
nlohmann::json chain_figures(const nlohmann::json& sites);

}  // namespace heard::hub
