#include "console_rows.hpp"

#include <algorithm>

#include "core/response.hpp"
#include "core/time.hpp"

namespace heard::hub {

using nlohmann::json;

json events_page(const json& rows, std::int64_t cursor, int limit) {
  json reply = {
      {"events", json::array()}, {"cursor", std::to_string(cursor)}, {"more", rows.size() > std::size_t(limit)}};
  for (std::size_t i = 0; i < rows.size() && i < std::size_t(limit); ++i) {
    json e = rows[i];
    reply["cursor"] = std::to_string(e["seq"].get<std::int64_t>());
    e.erase("seq");
    e["at"] = format_iso8601(e["at"].get<Millis>());
    if (e["to"].is_null()) e.erase("to");
    reply["events"].push_back(std::move(e));
  }
  return reply;
}

json responses_page(const json& rows, int limit) {
  json reply = {{"responses", json::array()}, {"next", nullptr}};
  for (std::size_t i = 0; i < rows.size() && i < std::size_t(limit); ++i) reply["responses"].push_back(rows[i]);
  if (rows.size() > std::size_t(limit)) {
    const auto& last = reply["responses"].back();
    reply["next"] =
        std::to_string(last["created_at"].get<Millis>()) + "." + std::to_string(last["seq"].get<std::int64_t>());
  }
  for (auto& r : reply["responses"]) r.erase("seq");
  return reply;
}

store::ExportFilter export_filter(const json& f, std::vector<std::string> kiosks) {
  store::ExportFilter filter;
  filter.complete_only = true;  // as the console lists them
  filter.kiosks = std::move(kiosks);
  if (f.contains("since")) filter.since = f["since"].get<Millis>();
  if (f.contains("until")) filter.until = f["until"].get<Millis>();
  if (f.contains("rating")) filter.rating = f["rating"].get<int>();
  if (f.contains("kind")) {
    filter.kind = kind_from_string(f["kind"].get<std::string>());
    if (!filter.kind) filter.kiosks = std::vector<std::string>{};  // no such kind: nothing, as the page shows
  }
  if (f.contains("category")) filter.category = f["category"].get<std::string>();
  if (f.contains("flagged")) filter.flagged = f["flagged"].get<bool>();
  return filter;
}

PeriodParts period_parts(Millis from, Millis until) {
  constexpr Millis day = 86'400'000;
  constexpr std::int64_t block = 8;  // days, as in hub_block_ratings
  until = std::max(from, until);
  const std::int64_t first_day = (from + day - 1) / day, end_day = until / day;
  if (first_day >= end_day) return {from, until, until, until, 0, 0, 0, 0, 0, 0};  // no whole day inside
  const std::int64_t first_block = (first_day + block - 1) / block, end_block = end_day / block;
  if (first_block >= end_block)  // no whole block inside: every day from the daily rollup
    return {from, first_day * day, end_day * day, until, first_day, end_day, end_day, end_day, 0, 0};
  return {from,    first_day * day,     end_day * day,     until,       first_day,
          end_day, first_block * block, end_block * block, first_block, end_block};
}

}  // namespace heard::hub
