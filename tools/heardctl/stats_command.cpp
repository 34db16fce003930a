// heardctl stats: what the kiosk has collected, at a glance or as JSON for scripts.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

#include "cli.hpp"
#include "core/log.hpp"
#include "store/response_store.hpp"

namespace heard::ctl {

namespace {

constexpr const char* help_text = R"(Usage: heardctl [--db FILE] stats [--json]

Counts, satisfaction and the sync backlog of a kiosk database.

  CSAT is the share of 4 and 5 ratings. "Unsynced" responses are complete but not yet
  acknowledged by the hub; "rejected" ones were refused by the hub and wait for staff;
  "in progress" ones belong to a customer still at the kiosk.

Options:
  --json      print the figures as one JSON object
  -h, --help  this text

A missing database is reported as having no responses (the kiosk creates it on first start).
Like the kiosk, stats moves a corrupt file aside and starts a fresh one; use
`heardctl verify` to inspect a file without changing it.
)";

double percent(std::int64_t part, std::int64_t whole) { return whole == 0 ? 0.0 : 100.0 * part / whole; }

void print_json(const std::filesystem::path& db, const store::Stats& s) {
  nlohmann::json by_category = nlohmann::json::object();
  for (const auto& [category, count] : s.by_category) by_category[category] = count;
  const nlohmann::json j = {
      {"database", db.string()},        {"total", s.total},         {"in_progress", s.in_progress},
      {"unsynced", s.unsynced},         {"rejected", s.rejected},   {"average_rating", s.average_rating},
      {"csat_percent", s.csat_percent}, {"by_rating", s.by_rating}, {"by_category", by_category},
  };
  std::printf("%s\n", j.dump(2).c_str());
}

void print_text(const std::filesystem::path& db, const store::Stats& s) {
  std::printf("Database     %s\n", db.c_str());
  std::printf("Responses    %s (in progress: %s)\n", grouped(s.total).c_str(), grouped(s.in_progress).c_str());
  if (s.total == 0) return;
  std::printf("Average      %.2f / 5\n", s.average_rating);
  std::printf("CSAT         %.1f %% (ratings of 4 or 5)\n", s.csat_percent);
  std::printf("Ratings\n");
  for (int rating = 5; rating >= 1; --rating) {
    const auto n = s.by_rating[static_cast<std::size_t>(rating - 1)];
    const double p = percent(n, s.total);
    std::printf("  %d  %12s  %5.1f %%  %s\n", rating, grouped(n).c_str(), p,
                std::string(static_cast<std::size_t>(p / 2.5 + 0.5), '#').c_str());
  }
  if (!s.by_category.empty()) {
    std::printf("By category\n");
    for (const auto& [category, count] : s.by_category)
      std::printf("  %-24s %12s\n", category.c_str(), grouped(count).c_str());
  }
  std::printf("Unsynced     %s\n", grouped(s.unsynced).c_str());
  std::printf("Rejected     %s\n", grouped(s.rejected).c_str());
}

}  // namespace

int run_stats(const Context& ctx, Args& args) {
  bool json = false;
  while (!args.done()) {
    if (args.help()) {
      std::fputs(help_text, stdout);
      return exit_ok;
    }
    if (args.flag("--json")) json = true;
    else args.unexpected();
  }

  std::error_code ec;
  if (!std::filesystem::exists(ctx.db, ec)) {
    // Not an error: a kiosk that has not started yet has recorded nothing.
    if (json) print_json(ctx.db, {});
    else std::printf("Database     %s (not created yet)\nResponses    0\n", ctx.db.c_str());
    return exit_ok;
  }
  store::ResponseStore store(ctx.db);
  if (const auto& moved = store.open_report().quarantined_to)
    log::warning("the database was corrupt; it was moved to " + moved->string() + " and a fresh one started");
  const store::Stats s = store.stats();
  if (json) print_json(ctx.db, s);
  else print_text(ctx.db, s);
  return exit_ok;
}

}  // namespace heard::ctl
