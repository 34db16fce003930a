#include "store/insights.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

namespace heard::store {

namespace {

// What every part's query shares: the period, the scope's kiosks (a JSON array bound to ?99,
// kept clear of each query's own ?s) and whether flagged responses count.
struct Query {
  Query(Database& db, Millis from, Millis to, bool include_flagged, const InsightsScope& scope)
      : db(db),
        from(from),
        to(to),
        include_flagged(include_flagged),
        scope(scope),
        in_scope(scope.kiosks ? " AND kiosk_id IN (SELECT value FROM json_each(?99))" : ""),
        kiosks_json(scope.kiosks ? nlohmann::json(*scope.kiosks).dump() : ""),
        // Nearly every response has no flags (NULL), so this test costs nothing per row.
        unflagged((include_flagged ? std::string() : std::string(" AND flags IS NULL")) + in_scope) {}

  void bind_scope(Statement& s) const {
    if (scope.kiosks) s.bind(99, kiosks_json);
  }

  Database& db;
  Millis from, to;
  bool include_flagged;
  const InsightsScope& scope;
  std::string in_scope, kiosks_json, unflagged;
};

void count_flagged(const Query& q, Insights& in) {
  Statement s(q.db,
              "SELECT COUNT(*) FROM responses INDEXED BY responses_created_at "
              "WHERE created_at >= ? AND created_at < ? AND flags IS NOT NULL" +
                  q.in_scope);
  s.bind(1, q.from).bind(2, q.to);
  q.bind_scope(s);
  if (s.step()) in.flagged_left_out = s.column_int64(0);
}

// Ratings, CSAT and the weekday x hour heat map, in one pass.
void count_ratings(const Query& q, Insights& in) {
  // Local minute of each response = UTC minute + its stored offset; 1970-01-01 was a Thursday.
  Statement s(q.db,
              "SELECT rating, (created_at / 60000 + utc_offset_min) / 60 % 24, "
              "((created_at / 60000 + utc_offset_min) / 1440 + 3) % 7, COUNT(*) "
              "FROM responses INDEXED BY responses_created_at WHERE created_at >= ? AND created_at < ?" +
                  q.unflagged + " GROUP BY 1, 2, 3");
  s.bind(1, q.from).bind(2, q.to);
  q.bind_scope(s);
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

// Complaint categories in this period against the one before it.
void category_trends(const Query& q, Insights& in) {
  Statement s(q.db, std::string("SELECT c.category, TOTAL(r.created_at >= ?1), TOTAL(r.created_at < ?1) "
                                "FROM responses r INDEXED BY responses_created_at "
                                "JOIN response_categories c ON c.response_seq = r.seq "
                                "WHERE r.created_at >= ?2 AND r.created_at < ?3 AND r.kind = 'complaint'") +
                        (q.include_flagged ? "" : " AND r.flags IS NULL") +
                        (q.scope.kiosks ? " AND r.kiosk_id IN (SELECT value FROM json_each(?99))" : "") +
                        " GROUP BY c.category ORDER BY 2 DESC, 1");
  s.bind(1, q.from).bind(2, q.from - (q.to - q.from)).bind(3, q.to);
  q.bind_scope(s);
  while (s.step())
    in.categories.push_back({s.column_text(0), static_cast<std::int64_t>(s.column_double(1)),
                             static_cast<std::int64_t>(s.column_double(2))});
  // A category only in the previous period has gone away: worth seeing, after the rest.
  std::stable_partition(in.categories.begin(), in.categories.end(), [](const CategoryTrend& c) { return c.count > 0; });
}

void recent_comments(const Query& q, Insights& in, std::size_t limit) {
  Statement s(q.db,
              "SELECT created_at, rating, comment FROM responses INDEXED BY responses_created_at "
              "WHERE created_at >= ? AND created_at < ? AND comment IS NOT NULL" +
                  q.unflagged + " ORDER BY created_at DESC LIMIT ?3");
  s.bind(1, q.from).bind(2, q.to).bind(3, static_cast<std::int64_t>(limit));
  q.bind_scope(s);
  while (s.step()) in.recent.push_back({s.column_int64(0), s.column_int(1), s.column_text(2)});
}

// The words complaints use most, without each language's stop-words.
void top_words(const Query& q, Insights& in, const StopWords& stop_words, std::size_t limit) {
  Statement s(q.db,
              "SELECT comment, language FROM responses INDEXED BY responses_created_at "
              "WHERE created_at >= ? AND created_at < ? AND kind = 'complaint' AND comment IS NOT NULL" +
                  q.unflagged);
  s.bind(1, q.from).bind(2, q.to);
  q.bind_scope(s);
  std::map<std::string, int> counts;
  static const std::set<std::string> none;
  while (s.step()) {
    const auto stop = stop_words.find(s.column_text(1));
    const auto& skip = stop == stop_words.end() ? none : stop->second;
    for (auto& w : comment_words(s.column_view(0)))
      if (!skip.contains(w)) ++counts[std::move(w)];
  }
  in.top_words.assign(counts.begin(), counts.end());
  const std::size_t n = std::min(limit, in.top_words.size());
  std::partial_sort(
      in.top_words.begin(), in.top_words.begin() + static_cast<std::ptrdiff_t>(n), in.top_words.end(),
      [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  in.top_words.resize(n);
}

void trend(const Query& q, Insights& in) {
  // Local day as in the heat map; a week is named by its Monday (day 0 was a Thursday).
  const std::string day = "((created_at / 60000 + utc_offset_min) / 1440)";
  const std::string bucket = q.scope.trend == InsightsScope::Trend::week ? day + " - (" + day + " + 3) % 7" : day;
  Statement s(q.db, "SELECT " + bucket +
                        ", COUNT(*), TOTAL(rating >= 4), AVG(rating) FROM responses "
                        "INDEXED BY responses_created_at WHERE created_at >= ? AND created_at < ?" +
                        q.unflagged + " GROUP BY 1 ORDER BY 1");
  s.bind(1, q.from).bind(2, q.to);
  q.bind_scope(s);
  while (s.step())
    in.trend.push_back(
        {s.column_int64(0), s.column_int64(1), static_cast<std::int64_t>(s.column_double(2)), s.column_double(3)});
}

}  // namespace

Insights compute_insights(Database& db, Millis from, Millis to, const StopWords& stop_words, std::size_t recent_limit,
                          std::size_t word_limit, bool include_flagged, const InsightsScope& scope) {
  Insights in;
  in.from = from;
  in.to = to;
  const Query q(db, from, to, include_flagged, scope);
  if (!include_flagged) count_flagged(q, in);
  count_ratings(q, in);
  category_trends(q, in);
  recent_comments(q, in, recent_limit);
  top_words(q, in, stop_words, word_limit);
  if (scope.trend != InsightsScope::Trend::none) trend(q, in);
  return in;
}

}  // namespace heard::store
