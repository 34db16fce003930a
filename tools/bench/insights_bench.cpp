// Staff mode on a year of data. Insights dashboard: compute_insights for today / 7 / 30 days on a year of synthetic
// data (1,000,000 responses by default, as `heardctl seed` makes them), against the same figures by a full scan of the
// table (NOT INDEXED) in the same run. Target: the 30-day dashboard in under 500 ms, the "well under a second";
// the follow-up queue likewise.
//   bench_insights [ROWS]
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/survey.hpp"
#include "core/words.hpp"
#include "store/insights.hpp"
#include "store/response_store.hpp"
#include "store/staff_store.hpp"
#include "synthetic.hpp"

namespace {

using namespace heard;
using Clock = std::chrono::steady_clock;
constexpr double target_ms = 500;
constexpr Millis day = 24LL * 3'600'000;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The figures the dashboard's first query gives, the naive way: every row, no index.
double full_scan_ms(store::Database& db, Millis from, Millis to) {
  const auto start = Clock::now();
  store::Statement s(db,
                     "SELECT rating, (created_at / 60000 + utc_offset_min) / 60 % 24, "
                     "((created_at / 60000 + utc_offset_min) / 1440 + 3) % 7, COUNT(*) FROM responses NOT INDEXED "
                     "WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3");
  s.bind(1, from).bind(2, to);
  while (s.step()) {}
  return ms_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t rows = argc > 1 ? std::stoll(argv[1]) : 1'000'000;
  std::string dir_pattern = (std::filesystem::temp_directory_path() / "heard-insights-XXXXXX").string();
  if (!::mkdtemp(dir_pattern.data())) return 2;
  const std::filesystem::path dir = dir_pattern;
  const SurveyConfig survey = load_survey(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  const StopWords stop = load_stop_words(std::filesystem::path(HEARD_ASSETS_DIR) / "stopwords.json");
  const Millis until = *parse_iso8601("2026-11-23");
  int status = 0;
  {
    store::ResponseStore store(dir / "heard.db");
    const auto seeding = Clock::now();
    ctl::SyntheticResponses make(survey, {1, rows, "bench-kiosk", until - 365 * day, until, "bench"});
    std::vector<Response> batch;
    while (!make.done()) {
      batch.push_back(make.next());
      if (batch.size() == 10'000 || make.done()) {
        store.save_all(batch);
        batch.clear();
      }
    }
    std::printf("seeded %lld responses over 365 days in %.1f s\n", static_cast<long long>(rows),
                ms_since(seeding) / 1000);

    // As the staff dashboard reads it (ui/insights_loader.cpp): a read-only connection of its own.
    store::Database reader(store.file(), store::Database::Mode::read_only);
    for (const int days : {1, 7, 30}) {
      std::vector<double> times;
      store::Insights in;
      for (int i = 0; i < 5; ++i) {
        const auto start = Clock::now();
        in = store::compute_insights(reader, until - days * day, until, stop);
        times.push_back(ms_since(start));
      }
      std::sort(times.begin(), times.end());
      const double scan = full_scan_ms(reader, until - days * day, until);
      std::printf(
          "%2d days: %7lld responses  dashboard p50 %7.1f ms  max %7.1f ms   full-scan first query %7.1f ms  "
          "ratio %.2f\n",
          days, static_cast<long long>(in.responses), times[2], times.back(), scan, times[2] / scan);
      if (days == 30 && times.back() > target_ms) {
        std::printf("target missed: 30-day dashboard %.1f ms > %.0f ms\n", times.back(), target_ms);
        status = 1;
      }
    }
    // The follow-up queue staff open first: the 200 open requests with least time left.
    store::StaffStore staff(store);
    const auto start = Clock::now();
    const auto queue = staff.followup_queue(24, until, 200);
    const double queue_ms = ms_since(start);
    std::printf("follow-up queue: %zu open requests in %.1f ms\n", queue.size(), queue_ms);
    if (queue_ms > target_ms) {
      std::printf("target missed: follow-up queue %.1f ms > %.0f ms\n", queue_ms, target_ms);
      status = 1;
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return status;
}
