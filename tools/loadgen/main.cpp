// heard-loadgen: simulated kiosks against real hubs, for tools/bench/run load.
//   heard-loadgen --tokens-file FILE --kiosks N [--run-id ID]      (writes heard-hub's --tokens file)
//   heard-loadgen --hub URL [--hub URL2] --admin-token T --kiosks N --backlog M [options]
// Every run is bounded: N×M records at most, and --deadline seconds. Prints one line of
// figures and exits 0 only when every record was acknowledged and the hub holds each once.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "core/integer_text.hpp"
#include "loadgen.hpp"

namespace {

constexpr const char* usage = R"(Usage: heard-loadgen --tokens-file FILE --kiosks N [--run-id ID]
       heard-loadgen --hub URL [--hub URL]... --admin-token TOKEN [options]

Simulates kiosks with backlogs (urgent records first), heartbeats and event pulls over real
HTTP. A kiosk whose hub fails retries the same batch, same Idempotency-Key, on the next hub.
Afterwards counts the records in the hub's export: lost and duplicated must both be 0.

Options:
  --kiosks N          simulated kiosks (1-100000, default 100)
  --backlog M         responses per kiosk (1-100000, default 200)
  --batch B           records per upload (1-500, default 100)
  --threads T         sending threads (1-512, default 16)
  --deadline S        stop after S seconds whatever is left (1-3600, default 300)
  --run-id ID         kiosk ids are ID-k00000... (default lg)
  --kill-pid PID      send SIGKILL to PID once --kill-after records were acknowledged
  --kill-after K
)";

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "heard-loadgen: %s\nTry 'heard-loadgen --help'.\n", message.c_str());
  std::exit(2);
}

long long number(const std::string& option, const std::string& text, long long lo, long long hi) {
  if (const auto n = heard::integer_in(text, lo, hi)) return *n;
  usage_error(option + ": expected a number from " + std::to_string(lo) + " to " + std::to_string(hi));
}

}  // namespace

int main(int argc, char** argv) {
  heard::loadgen::Options o;
  std::string tokens_file;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(usage, stdout);
      return 0;
    }
    if (i + 1 >= argc) usage_error("unknown option or missing value: " + arg);
    const std::string value = argv[++i];
    if (arg == "--hub") o.hubs.push_back(value);
    else if (arg == "--admin-token") o.admin_token = value;
    else if (arg == "--tokens-file") tokens_file = value;
    else if (arg == "--run-id") o.run_id = value;
    else if (arg == "--kiosks") o.kiosks = static_cast<int>(number(arg, value, 1, 100'000));
    else if (arg == "--backlog") o.backlog = static_cast<int>(number(arg, value, 1, 100'000));
    else if (arg == "--batch") o.batch = static_cast<int>(number(arg, value, 1, 500));
    else if (arg == "--threads") o.threads = static_cast<int>(number(arg, value, 1, 512));
    else if (arg == "--deadline") o.deadline = std::chrono::seconds(number(arg, value, 1, 3600));
    else if (arg == "--kill-pid") o.kill_pid = static_cast<pid_t>(number(arg, value, 2, 1 << 22));
    else if (arg == "--kill-after") o.kill_after = number(arg, value, 1, 1LL << 40);
    else usage_error("unknown option '" + arg + "'");
  }
  if (!tokens_file.empty()) {
    std::ofstream(tokens_file) << heard::loadgen::tokens_file(o);
    ::chmod(tokens_file.c_str(), 0600);  // heard-hub refuses a tokens file others may read
    return 0;
  }
  if (o.hubs.empty()) usage_error("--hub URL is required");
  if (o.admin_token.empty()) usage_error("--admin-token is required (the count afterwards downloads the export)");
  const auto report = heard::loadgen::run(o);
  std::printf("%s\n", heard::loadgen::to_text(report).c_str());
  const bool exact = report.finished && report.found == report.sent && report.found_distinct == report.sent;
  return exact ? 0 : 1;
}
