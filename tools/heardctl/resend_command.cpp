// heardctl resend-rejected: puts what the hub rejected back in the outbox. A rejection is
// final for the sync engine (retrying a record the hub cannot take would loop forever), so
// only a person who has fixed the hub, or knows it was wrong, sends them again.
#include <cstdio>
#include <optional>
#include <string>

#include "cli.hpp"
#include "store/response_store.hpp"

namespace heard::ctl {

namespace {

constexpr const char* help_text = R"(Usage: heardctl [--db FILE] resend-rejected [--since TIME]

Clears the "rejected by the hub" mark of responses and follow-up events that were never
synced, so the kiosk (or `heardctl sync --once`) sends them again.

Options:
  --since TIME  only those made at or after TIME (ISO 8601, e.g. 2026-11-01 or
                2026-11-01T09:00:00Z)
  -h, --help    this text
)";

}  // namespace

int run_resend_rejected(const Context& ctx, Args& args) {
  std::optional<Millis> since;
  std::string value;
  while (!args.done()) {
    if (args.help()) {
      std::fputs(help_text, stdout);
      return exit_ok;
    }
    if (args.option("--since", value)) since = parse_time_option("--since", value);
    else args.unexpected();
  }
  require_database(ctx.db);
  store::ResponseStore store(ctx.db);
  const auto cleared = store.resend_rejected(since);
  std::printf("Back in the outbox: %s responses, %s follow-up events.\n", grouped(cleared.responses).c_str(),
              grouped(cleared.events).c_str());
  return exit_ok;
}

}  // namespace heard::ctl
