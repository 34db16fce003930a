#pragma once
// What the console's read models do with rows once a backend has selected them: paging,
// cursors and the export filter. The SQL differs between SQLite and PostgreSQL; this does
// not, so both backends call it and the console sees the same shapes from either.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/export.hpp"

namespace heard::hub {

// A page of follow-up events for a kiosk from up to limit + 1 rows (seq, id, response_id, at,
// status, by, to, note, oldest first): "cursor" is the last seq given, "more" whether a row
// was left over, "at" becomes ISO 8601 and a null "to" is left out.
nlohmann::json events_page(const nlohmann::json& rows, std::int64_t cursor, int limit);

// A page of the responses list from up to limit + 1 rows (newest first, each with created_at
// and seq): "next" is the keyset "created_at.seq" of the last one shown when more are left.
nlohmann::json responses_page(const nlohmann::json& rows, int limit);

// The console's filter (site and kiosk already resolved into `kiosks`, the caller's scope)
// as the store's export understands it, bar the comment search, which each backend words
// in its own full-text syntax.
store::ExportFilter export_filter(const nlohmann::json& filter, std::vector<std::string> kiosks);

// A period [from, until) as the overview's rollups see it: whole UTC days [first_day, end_day),
// of which whole blocks of 8 days [first_block, end_block) are read from hub_block_ratings and
// the days around them, [first_day, head_end) and [tail_start, end_day), from
// hub_daily_ratings; and the partial days at either end, [from, first_full) and
// [after_full, until), read from responses (at most two days' rows, by created_at).
struct PeriodParts {
  std::int64_t from, first_full, after_full, until;  // ms
  std::int64_t first_day, end_day, head_end, tail_start, first_block, end_block;
};
PeriodParts period_parts(std::int64_t from, std::int64_t until);

}  // namespace heard::hub
