#include "store/insights.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

namespace heard::store {

Insights compute_insights(Database& db, Millis from, Millis to, const StopWords& stop_words, std::size_t recent_limit,
                          std::size_t word_limit, bool include_flagged, const InsightsScope& scope) {
  Insights in;
  in.from = from;
  in.to = to;
  // Only the scope's kiosks, as a JSON array bound to ?99 (kept clear of each query's own ?s).
  const std::string in_scope = scope.kiosks ? " AND kiosk_id IN (SELECT value FROM json_each(?99))" : "";
  const std::string kiosks_json = scope.kiosks ? nlohmann::json(*scope.kiosks).dump() : "";
  const auto bind_scope = [&](Statement& s) {
    if (scope.kiosks) s.bind(99, kiosks_json);
  };
  // Nearly every response has no flags (NULL), so this test costs nothing per row.
  const std::string unflagged = (include_flagged ? std::string() : std::string(" AND flags IS NULL")) + in_scope;
  if (!include_flagged) {
    Statement s(db,
                "SELECT COUNT(*) FROM responses INDEXED BY responses_created_at "
                "WHERE created_at >= ? AND created_at < ? AND flags IS NOT NULL" +
                    in_scope);
    s.bind(1, from).bind(2, to);
    bind_scope(s);
    if (s.step()) in.flagged_left_out = s.column_int64(0);
  }
  {
    // Local minute of each response = UTC minute + its stored offset; 1970-01-01 was a Thursday.
    Statement s(db,
                "SELECT rating, (created_at / 60000 + utc_offset_min) / 60 % 24, "
                "((created_at / 60000 + utc_offset_min) / 1440 + 3) % 7, COUNT(*) "
                "FROM responses INDEXED BY responses_created_at WHERE created_at >= ? AND created_at < ?" +
                    unflagged + " GROUP BY 1, 2, 3");
    s.bind(1, from).bind(2, to);
    bind_scope(s);
    std::int64_t sum = 0, happy = 0;
    while (s.step()) {
      const int rating = s.column_int(0), hour = s.column_int(1), weekday = s.column_int(2);
      const std::int64_t n = s.column_int64(3);
      if (rating < 1 || rating > 5 || hour < 0 || weekday < 0) continue;
      in.by_rating[static_cast<std::size_t>(rating - 1)] += n;
      in.heat[static_cast<std::size_t>(weekday)][static_cast<std::size_t>(hour)] += n;
      in.responses += n;
      sum += n * rating;
      if (rating >= 4) happy += n;
    }
    if (in.responses) {
      in.average = static_cast<double>(sum) / static_cast<double>(in.responses);
      in.csat_percent = 100.0 * static_cast<double>(happy) / static_cast<double>(in.responses);
    }
  }
  {
    Statement s(db, std::string("SELECT c.category, TOTAL(r.created_at >= ?1), TOTAL(r.created_at < ?1) "
                                "FROM responses r INDEXED BY responses_created_at "
                                "JOIN response_categories c ON c.response_seq = r.seq "
                                "WHERE r.created_at >= ?2 AND r.created_at < ?3 AND r.kind = 'complaint'") +
                        (include_flagged ? "" : " AND r.flags IS NULL") +
                        (scope.kiosks ? " AND r.kiosk_id IN (SELECT value FROM json_each(?99))" : "") +
                        " GROUP BY c.category ORDER BY 2 DESC, 1");
    s.bind(1, from).bind(2, from - (to - from)).bind(3, to);
    bind_scope(s);
    while (s.step())
      in.categories.push_back({s.column_text(0), static_cast<std::int64_t>(s.column_double(1)),
                               static_cast<std::int64_t>(s.column_double(2))});
    // A category only in the previous period has gone away: worth seeing, after the rest.
    std::stable_partition(in.categories.begin(), in.categories.end(),
                          [](const CategoryTrend& c) { return c.count > 0; });
  }
  {
    Statement s(db,
                "SELECT created_at, rating, comment FROM responses INDEXED BY responses_created_at "
                "WHERE created_at >= ? AND created_at < ? AND comment IS NOT NULL" +
                    unflagged + " ORDER BY created_at DESC LIMIT ?3");
    s.bind(1, from).bind(2, to).bind(3, static_cast<std::int64_t>(recent_limit));
    bind_scope(s);
    while (s.step()) in.recent.push_back({s.column_int64(0), s.column_int(1), s.column_text(2)});
  }
  {
    Statement s(db,
                "SELECT comment, language FROM responses INDEXED BY responses_created_at "
                "WHERE created_at >= ? AND created_at < ? AND kind = 'complaint' AND comment IS NOT NULL" +
                    unflagged);
    s.bind(1, from).bind(2, to);
    bind_scope(s);
    std::map<std::string, int> counts;
    static const std::set<std::string> none;
    while (s.step()) {
      const auto stop = stop_words.find(s.column_text(1));
      const auto& skip = stop == stop_words.end() ? none : stop->second;
      for (auto& w : comment_words(s.column_view(0)))
        if (!skip.contains(w)) ++counts[std::move(w)];
    }
    in.top_words.assign(counts.begin(), counts.end());
    const std::size_t n = std::min(word_limit, in.top_words.size());
    std::partial_sort(
        in.top_words.begin(), in.top_words.begin() + static_cast<std::ptrdiff_t>(n), in.top_words.end(),
        [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    in.top_words.resize(n);
  }
  if (scope.trend != InsightsScope::Trend::none) {
    // Local day as in the heat map; a week is named by its Monday (day 0 was a Thursday).
    const std::string day = "((created_at / 60000 + utc_offset_min) / 1440)";
    const std::string bucket = scope.trend == InsightsScope::Trend::week ? day + " - (" + day + " + 3) % 7" : day;
    Statement s(db, "SELECT " + bucket +
                        ", COUNT(*), TOTAL(rating >= 4), AVG(rating) FROM responses "
                        "INDEXED BY responses_created_at WHERE created_at >= ? AND created_at < ?" +
                        unflagged + " GROUP BY 1 ORDER BY 1");
    s.bind(1, from).bind(2, to);
    bind_scope(s);
    while (s.step())
      in.trend.push_back(
          {s.column_int64(0), s.column_int64(1), static_cast<std::int64_t>(s.column_double(2)), s.column_double(3)});
  }
  return in;
}

}  // namespace heard::store
