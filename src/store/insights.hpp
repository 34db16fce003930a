#pragma once
// The staff dashboard's figures for a period: counts, CSAT, ratings, complaint categories
// against the previous period of the same length, a weekday x hour heat map in the kiosk's
// local time (the offset stored with each response), recent comments and recurring words in
// complaint comments. Every query is a range over the created_at index, so a year of data
// (about a million responses) opens in a fraction of a second (tools/bench/insights_bench).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/words.hpp"
#include "store/database.hpp"

namespace heard::store {

struct CategoryTrend {
  std::string category;
  std::int64_t count = 0;     // complaints naming it in the period
  std::int64_t previous = 0;  // in the period before, of the same length
};

// Responses counted in one day or week of the kiosk's local time.
struct TrendPoint {
  std::int64_t local_day = 0;  // days since 1970-01-01 in local time; a week starts on its Monday
  std::int64_t responses = 0;
  std::int64_t happy = 0;  // rated 4 or 5
  double average = 0;
};

struct RecentComment {
  Millis at = 0;
  int rating = 0;
  std::string text;
};

struct Insights {
  Millis from = 0, to = 0;
  std::int64_t responses = 0;
  std::int64_t flagged_left_out = 0;  // flagged responses (core/flags.hpp) not counted here
  double csat_percent = 0;            // share of 4-5
  double average = 0;
  std::array<std::int64_t, 5> by_rating{};
  std::vector<CategoryTrend> categories;               // most frequent first
  std::array<std::array<std::int64_t, 24>, 7> heat{};  // [weekday, Monday first][local hour]
  std::vector<RecentComment> recent;                   // newest first
  std::vector<std::pair<std::string, int>> top_words;  // complaint comments, most frequent first
  std::vector<TrendPoint> trend;                       // oldest first; only with InsightsScope::trend
};

// What the hub adds to the kiosk's question: some kiosks only (a site, a manager's sites),
// and a trend by day or week. A kiosk leaves it as it is.
struct InsightsScope {
  const std::vector<std::string>* kiosks = nullptr;  // nullptr: every response in the file
  enum class Trend { none, day, week } trend = Trend::none;
};

// Flagged responses (bursts, staff nearby) are left out unless `include_flagged`, and
// counted in flagged_left_out, so staff see that something was set aside.
Insights compute_insights(Database& db, Millis from, Millis to, const StopWords& stop_words,
                          std::size_t recent_limit = 5, std::size_t word_limit = 10, bool include_flagged = false,
                          const InsightsScope& scope = {});

}  // namespace heard::store
