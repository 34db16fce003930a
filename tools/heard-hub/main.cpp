// heard-hub: the head-office receiver of the Heard sync protocol (shared/PROTOCOL.md).
//   heard-hub --listen 127.0.0.1:8750 --db hub.db --tokens tokens.txt [--cert C --key K]
// Prints "heard-hub: listening on HOST:PORT" once ready (port 0 picks a free one), and
// stops cleanly on SIGINT or SIGTERM.
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "core/config_error.hpp"
#include "hub/hub_server.hpp"
#include "hub/sqlite_hub_storage.hpp"

namespace {

using namespace heard;
using namespace heard::hub;

constexpr const char* usage = R"(Usage: heard-hub --listen HOST:PORT --db FILE --tokens FILE [options]

Receives feedback from Heard kiosks and serves it to managers.

Options:
  --listen HOST:PORT  address to listen on (port 0: any free port; printed at start)
  --db FILE           the hub's SQLite database (created if missing)
  --tokens FILE       "KIOSK_ID TOKEN" per line, '#' comments; id "admin" may download.
                      Must be readable by its owner only (chmod 600).
  --cert FILE         TLS certificate (PEM); with --key, serves HTTPS
  --key FILE          TLS private key (PEM)
  --max-body BYTES    largest batch accepted, after decompression (default 2097152)

Endpoints: POST /v1/kiosks/{id}/feedback|events|heartbeat, GET /healthz,
GET /v1/feedback.csv and /v1/feedback.ndjson (admin token; since, until, kind,
max_rating, include_contact=true).
)";

struct Options {
  std::string host;
  int port = -1;
  std::string db, tokens, cert, key;
  ServerOptions server;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "heard-hub: %s\nTry 'heard-hub --help'.\n", message.c_str());
  std::exit(2);
}

long long number(const std::string& option, const std::string& text, long long lo, long long hi) {
  try {
    std::size_t used = 0;
    const long long n = std::stoll(text, &used);
    if (used == text.size() && n >= lo && n <= hi) return n;
  } catch (const std::exception&) {
  }
  usage_error(option + ": expected a number from " + std::to_string(lo) + " to " + std::to_string(hi));
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(usage, stdout);
      std::exit(0);
    }
    if (i + 1 >= argc) usage_error("unknown option or missing value: " + arg);
    const std::string value = argv[++i];
    if (arg == "--listen") {
      const auto colon = value.rfind(':');
      if (colon == std::string::npos) usage_error("--listen: expected HOST:PORT, like 127.0.0.1:8750");
      o.host = value.substr(0, colon);
      if (o.host.size() > 2 && o.host.front() == '[') o.host = o.host.substr(1, o.host.size() - 2);
      o.port = static_cast<int>(number("--listen", value.substr(colon + 1), 0, 65535));
    } else if (arg == "--db") o.db = value;
    else if (arg == "--tokens") o.tokens = value;
    else if (arg == "--cert") o.server.cert_file = value;
    else if (arg == "--key") o.server.key_file = value;
    else if (arg == "--max-body") o.server.max_body_bytes = static_cast<std::size_t>(number(arg, value, 1024, 1LL << 30));
    else usage_error("unknown option '" + arg + "'");
  }
  if (o.port < 0) usage_error("--listen HOST:PORT is required");
  if (o.db.empty()) usage_error("--db FILE is required");
  if (o.tokens.empty()) usage_error("--tokens FILE is required");
  if (o.server.cert_file.empty() != o.server.key_file.empty()) usage_error("--cert and --key go together");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  // Signals are taken by a dedicated thread, so shutdown runs as ordinary code.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    SqliteHubStorage storage(options.db);
    HubServer server(storage, Tokens::load(options.tokens), options.server);
    const int port = server.bind(options.host, options.port);
    std::thread stopper([&] {
      int signal = 0;
      sigwait(&signals, &signal);
      server.stop();
    });
    stopper.detach();
    std::printf("heard-hub: listening on %s:%d\n", options.host.c_str(), port);
    std::fflush(stdout);
    server.serve();
    return 0;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "heard-hub: %s\n", e.what());
    return 5;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heard-hub: %s\n", e.what());
    return 3;
  }
}
