// heardctl sync --once: one full drain of the kiosk's outbox to the hub, with the same
// engine the kiosk's sync worker runs, for installers and for scripted catch-ups.
#include <atomic>
#include <chrono>
#include <cstdio>

#include "cli.hpp"
#include "store/response_store.hpp"
#include "sync/config.hpp"
#include "sync/engine.hpp"

namespace heard::ctl {

namespace {

constexpr const char* help_text = R"(Usage: heardctl [--config FILE] [--db FILE] sync --once [options]

Sends every waiting response and follow-up event to the hub, waiting out network and hub
failures (with backoff) for up to --max-time, then pulls the follow-up events made at head
office (a case resolved there leaves the staff queue), and says what happened. Exits 0 only
when nothing is left to send and nothing is rejected; 1 otherwise (the reason is printed).
Pulling is best effort, as on the kiosk: when it fails the reason is printed, the exit code
stays. What the hub rejected stays on the kiosk; `heardctl resend-rejected` sends it again.
The settings come from the [sync] section of the device configuration (heardctl --config
FILE, default $HEARD_CONFIG, else /etc/heard/heard.conf); these options override them.

Options:
  --once              one full drain, then exit (required: the kiosk itself syncs continuously)
  --hub URL           the hub's base URL, overriding the configuration
  --kiosk-id ID       this kiosk's id, overriding the configuration
  --token-file FILE   the file holding this kiosk's token (owner-only permissions)
  --ca-file FILE      CA certificate(s) to verify the hub with, instead of the system's
  --max-time SECONDS  stop after this long (default 300), even in the middle of a slow
                      transfer; the closing heartbeat may take 2 s more
  -h, --help          this text
)";

}  // namespace

int run_sync(const Context& ctx, Args& args) {
  bool once = false;
  std::string hub, kiosk_id, token_file, ca_file, value;
  std::int64_t max_time_s = 300;
  while (!args.done()) {
    if (args.help()) {
      std::fputs(help_text, stdout);
      return exit_ok;
    }
    if (args.flag("--once")) once = true;
    else if (args.option("--hub", hub)) {
    } else if (args.option("--kiosk-id", kiosk_id)) {
    } else if (args.option("--token-file", token_file)) {
    } else if (args.option("--ca-file", ca_file)) {
    } else if (args.option("--max-time", value)) max_time_s = parse_int_option("--max-time", value, 0, 86'400);
    else args.unexpected();
  }
  if (!once) throw UsageError("only --once is supported here; the kiosk syncs continuously by itself");
  require_database(ctx.db);

  sync::SyncConfig config = ctx.device.sync;
  if (config.kiosk_id.empty()) config.kiosk_id = ctx.device.kiosk_id;
  if (!hub.empty()) config.hub_url = hub;
  if (!kiosk_id.empty()) config.kiosk_id = kiosk_id;
  if (!token_file.empty()) config.token_file = token_file;
  if (!ca_file.empty()) config.ca_file = ca_file;
  std::string token;
  try {
    if (!config.configured())
      throw std::invalid_argument("no hub configured (give --hub URL, or hub_url in the [sync] section of " +
                                  (ctx.device.file.empty() ? config::default_config_path() : ctx.device.file).string() +
                                  ")");
    sync::validate(config);
    token = sync::read_token_file(config.token_file);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heardctl sync: %s\n", e.what());
    return exit_config;
  }

  sync::HttpClient http(sync::transport_options(config, std::move(token)));
  sync::StatusBoard status;
  const std::atomic<bool> stop{false};
  sync::SyncEngine engine(config, ctx.db, http, status, stop);
  const auto report = engine.drain(std::chrono::steady_clock::now() + std::chrono::seconds(max_time_s));

  std::printf("Sent %s responses to %s: %s new, %s already there; %s rejected (kept for staff).\n",
              grouped(report.accepted + report.duplicates).c_str(), config.hub_url.c_str(),
              grouped(report.accepted).c_str(), grouped(report.duplicates).c_str(), grouped(report.rejected).c_str());
  std::printf("Sent %s follow-up events. Requests answered: %s; failed and retried: %s.\n",
              grouped(report.events_sent).c_str(), grouped(report.batches).c_str(), grouped(report.failures).c_str());
  // Best effort, as on the kiosk: a hub without the pull (or a failed one) is said, not fatal.
  if (report.pull_problem.empty())
    std::printf("Pulled %s follow-up events from head office.\n", grouped(report.events_pulled).c_str());
  else std::printf("Follow-up events from head office not pulled: %s.\n", report.pull_problem.c_str());
  std::printf("Waiting: %s responses, %s follow-up events.\n", grouped(report.outbox_left).c_str(),
              grouped(report.events_left).c_str());
  const auto rejected = store::ResponseStore(ctx.db).rejected_counts();
  if (rejected.total() > 0)
    std::printf(
        "Rejected by the hub: %s responses, %s follow-up events (see heardctl stats; "
        "heardctl resend-rejected sends them again).\n",
        grouped(rejected.responses).c_str(), grouped(rejected.events).c_str());
  if (report.outbox_left + report.events_left > 0 || report.refused) {
    std::fprintf(stderr, "heardctl sync: not everything was sent: %s\n",
                 report.last_error.empty() ? "stopped" : report.last_error.c_str());
    return exit_problem;
  }
  if (rejected.total() > 0) {
    std::fprintf(stderr,
                 "heardctl sync: the hub rejected %s records; they are not sent until "
                 "`heardctl resend-rejected`\n",
                 grouped(rejected.total()).c_str());
    return exit_problem;
  }
  return exit_ok;
}

}  // namespace heard::ctl
