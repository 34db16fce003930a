// heardctl seed: fills a database with synthetic responses for demos and benchmarks.
#include <chrono>
#include <cstdio>

#include "cli.hpp"
#include "core/survey.hpp"
#include "store/response_store.hpp"
#include "synthetic.hpp"

namespace heard::ctl {

namespace {

constexpr const char* help_text = R"(Usage: heardctl [--db FILE] seed --count N [options]

Adds N realistic synthetic responses to the database (created if missing), spread over
the days before --until, busiest at lunch and after work, in the survey's languages.
The same options give exactly the same responses, ids included.

Options:
  --count N         how many responses (required; up to 100 000 000)
  --seed S          the random seed (default 1)
  --kiosk-id ID     the kiosk id to record (default demo-kiosk)
  --until TIME      end of the period, ISO 8601 (default: today 00:00 UTC, so runs on
                    the same day give the same data)
  --days D          length of the period in days (default 90)
  --survey FILE     survey configuration (default: $HEARD_SURVEY, else the kiosk's:
                    [paths] survey in the configuration, else survey.json in the assets)
  -h, --help        this text

Responses older than a day before the end are marked as synced, like a kiosk that is online.
)";

// Inserted per transaction: large enough that commits are rare, small enough that a
// million-row seed never holds more than one batch in memory.
constexpr std::size_t batch_size = 50'000;

}  // namespace

int run_seed(const Context& ctx, Args& args) {
  constexpr Millis ms_per_day = 86'400'000;
  SyntheticPlan plan;
  plan.app_version = HEARD_VERSION;
  std::optional<std::int64_t> count;
  std::optional<Millis> until;
  std::int64_t days = 90;
  std::filesystem::path survey_file = ctx.survey();
  std::string value;
  while (!args.done()) {
    if (args.help()) {
      std::fputs(help_text, stdout);
      return exit_ok;
    }
    if (args.option("--count", value)) count = parse_int_option("--count", value, 0, 100'000'000);
    else if (args.option("--seed", value))
      plan.seed = static_cast<std::uint64_t>(parse_int_option("--seed", value, 0, INT64_MAX));
    else if (args.option("--kiosk-id", plan.kiosk_id)) {
      if (plan.kiosk_id.empty()) throw UsageError("--kiosk-id: expected a non-empty id");
    } else if (args.option("--until", value)) until = parse_time_option("--until", value);
    else if (args.option("--days", value)) days = parse_int_option("--days", value, 1, 3650);
    else if (args.option("--survey", value)) survey_file = value;
    else args.unexpected();
  }
  if (!count) throw UsageError("--count N is required");
  plan.count = *count;
  plan.until = until.value_or(system_now_ms() / ms_per_day * ms_per_day);
  plan.from = plan.until - days * ms_per_day;

  const SurveyConfig survey = load_survey(survey_file);
  store::ResponseStore store(ctx.db);
  const auto started = std::chrono::steady_clock::now();
  const Millis synced_before = plan.until - ms_per_day;

  SyntheticResponses source(survey, plan);
  std::vector<Response> batch;
  std::vector<std::string> synced;
  batch.reserve(batch_size);
  while (!source.done()) {
    batch.clear();
    synced.clear();
    while (batch.size() < batch_size && !source.done()) {
      batch.push_back(source.next());
      if (batch.back().created_at < synced_before) synced.push_back(batch.back().id);
    }
    store.save_all(batch);
    // The hub acknowledged these a minute after the last of them was made.
    if (!synced.empty()) store.outbox().mark_synced(store::Stream::responses, synced, batch.back().created_at + 60'000);
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::fprintf(stderr, "Seeded %s responses into %s in %.1f s\n", grouped(plan.count).c_str(), ctx.db.c_str(),
               took.count());
  return exit_ok;
}

}  // namespace heard::ctl
