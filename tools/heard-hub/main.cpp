// heard-hub: the head-office hub: the receiver of the Heard sync protocol (shared/PROTOCOL.md)
// and the managers' web console.
//   heard-hub --listen 127.0.0.1:8750 --db hub.db [--config hub.toml] [--tokens tokens.txt] [--cert C --key K]
//   heard-hub --check-config [--config hub.toml]
//   heard-hub kiosk|user|demo ...   (commands.cpp)
// Prints "heard-hub: listening on HOST:PORT" once ready (port 0 picks a free one), and
// stops on SIGINT or SIGTERM within a second or so, whatever clients are doing.
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include <curl/curl.h>
#include "commands.hpp"
#include "core/config_error.hpp"
#include "core/integer_text.hpp"

#include "core/clock.hpp"
#include "hub/alerts/alert_service.hpp"
#include "hub/alerts/alerts_api.hpp"
#include "hub/hub_server.hpp"
#include "hub/open_storage.hpp"
#include "hub/pg_connection.hpp"
#include "hub/sqlite_hub_storage.hpp"

namespace {

using namespace heard;
using namespace heard::hub;

constexpr const char* usage = R"(Usage: heard-hub --listen HOST:PORT --db FILE [--config FILE] [options]
       heard-hub --check-config [--config FILE]
       heard-hub kiosk add ID --site SITE | kiosk revoke ID   (--db FILE [--config FILE])
       heard-hub user add NAME --role admin|manager|viewer [--site SITE]... (password on stdin)
       heard-hub user passwd NAME | user disable NAME | user token NAME (prints an API token)
       heard-hub survey publish [--site S | --kiosk K] FILE [--translations FILE] [--logo PNG]
       heard-hub survey list
       heard-hub survey rollback [--site S | --kiosk K]   (--db FILE [--config FILE])
       heard-hub backup FILE --db HUB.DB   (a consistent copy while the hub runs; SQLite)
       heard-hub demo --dir DIR   (a demo chain: 20 sites, 40 kiosks, three people)

Receives feedback from Heard kiosks and serves the managers' console.

Options:
  --listen HOST:PORT          address to listen on (port 0: any free port; printed at start)
  --db FILE|URL               the hub's SQLite database (created if missing), or a
                              PostgreSQL database: postgresql://USER@HOST:PORT/NAME (libpq's
                              URL; several hub processes may share it). Default: the
                              configuration's [hub] database
  --config FILE               the sites and their kiosks (TOML; default $HEARD_HUB_CONFIG,
                              else /etc/heard/hub.toml when it exists)
  --check-config              check the configuration file, print "configuration OK" or the
                              first mistake as FILE:LINE: KEY: PROBLEM (exit 78), and stop
  --tokens FILE               "KIOSK_ID TOKEN" per line, '#' comments; id "admin" may
                              download. Must be readable by its owner only (chmod 600).
                              Imported into the database as digests.
  --console DIR               the console's files (default: the build's)
  --cert FILE                 TLS certificate (PEM); with --key, serves HTTPS
  --key FILE                  TLS private key (PEM)
  --insecure-plain-http       serve plain HTTP on an address other than loopback (tokens,
                              passwords and contact details then cross the network in clear)
  --max-body BYTES            largest batch accepted, after decompression (default 2097152)
  --max-connections N         open connections at most (default 1000)
  --max-connections-per-ip N  from one address at most (default 32; behind a proxy, raise it)
  --head-timeout SECONDS      for a whole request head, from connecting (default 10)
  --body-timeout SECONDS      for a whole request body, from the end of its head (default 60)

Endpoints: POST /v1/kiosks/{id}/feedback|events|heartbeat, GET /v1/kiosks/{id}/events|config, GET /healthz,
GET /v1/feedback.csv and /v1/feedback.ndjson (an admin's API token; since, until, kind,
max_rating, include_contact=true).
)";

// 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach.
bool is_loopback(const std::string& host) { return host.starts_with("127.") || host == "::1" || host == "localhost"; }

struct Options {
  std::string host;
  int port = -1;
  std::string db, tokens, cert, key, config, console = HEARD_HUB_CONSOLE_DIR;
  bool check_config = false;
  bool insecure_plain_http = false;
  ServerOptions server;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "heard-hub: %s\nTry 'heard-hub --help'.\n", message.c_str());
  std::exit(2);
}

long long number(const std::string& option, const std::string& text, long long lo, long long hi) {
  if (const auto n = heard::integer_in(text, lo, hi)) return *n;
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
    if (arg == "--check-config") {
      o.check_config = true;
      continue;
    }
    if (arg == "--insecure-plain-http") {
      o.insecure_plain_http = true;
      continue;
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
    else if (arg == "--config") o.config = value;
    else if (arg == "--console") o.console = value;
    else if (arg == "--cert") o.server.cert_file = value;
    else if (arg == "--key") o.server.key_file = value;
    else if (arg == "--max-body")
      o.server.limits.max_body_bytes = static_cast<std::size_t>(number(arg, value, 1024, 1LL << 30));
    else if (arg == "--max-connections")
      o.server.limits.max_connections = static_cast<unsigned>(number(arg, value, 1, 100'000));
    else if (arg == "--max-connections-per-ip")
      o.server.limits.max_connections_per_ip = static_cast<unsigned>(number(arg, value, 1, 100'000));
    else if (arg == "--head-timeout") o.server.limits.head_deadline = std::chrono::seconds(number(arg, value, 1, 3600));
    else if (arg == "--body-timeout")
      o.server.limits.request_deadline = std::chrono::seconds(number(arg, value, 1, 3600));
    else usage_error("unknown option '" + arg + "'");
  }
  if (o.check_config) return o;
  if (o.port < 0) usage_error("--listen HOST:PORT is required");
  if (o.server.cert_file.empty() != o.server.key_file.empty()) usage_error("--cert and --key go together");
  // Kiosk tokens, console passwords and contact details must not cross a network in clear
  // by accident: plain HTTP is for loopback (tests, a local hub, a TLS proxy on the box).
  if (o.server.cert_file.empty() && !is_loopback(o.host) && !o.insecure_plain_http)
    usage_error("--listen " + o.host + " is not loopback: give --cert and --key, or --insecure-plain-http");
  return o;
}

// Every connection is a descriptor: allow the configured number and some for the database,
// up to what the system lets this process have.
void raise_descriptor_limit(unsigned connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, connections + 256);
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = wanted;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int serve(const Options& options);

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 &&
      (std::string(argv[1]) == "kiosk" || std::string(argv[1]) == "user" || std::string(argv[1]) == "demo" ||
       std::string(argv[1]) == "survey" || std::string(argv[1]) == "backup"))
    return run_command(argc - 1, argv + 1);
  const Options options = parse(argc, argv);
  if (options.check_config) return check_config(options.config);
  return serve(options);
}

namespace {

int serve(const Options& given) {
  Options options = given;
  HubConfig config;
  try {
    config = load_config(options.config);
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "heard-hub: %s\n", e.what());
    return 78;
  }
  // Signals are taken by a dedicated thread, so shutdown runs as ordinary code.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  raise_descriptor_limit(options.server.limits.max_connections);
  try {
    if (options.db.empty()) options.db = config.database;
    if (options.db.empty()) usage_error("--db FILE or URL is required (or [hub] database in the configuration)");
    const auto opened = open_hub_storage(options.db);
    HubStorage& storage = *opened;
    storage.apply_config(config);
    if (!options.tokens.empty()) import_tokens(storage, Tokens::load(options.tokens));
    options.server.console = {!options.server.cert_file.empty(), config.session_hours, options.console};
    // Alerts: their own connection and threads; ingest only signals them.
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const SystemClock clock;
    // In the hub's database, SQLite or PostgreSQL (open_storage.hpp).
    std::unique_ptr<alerts::AlertStore> alert_store;
    std::unique_ptr<alerts::AlertService> alert_service;
    std::unique_ptr<alerts::AlertsApi> alerts_api;
    if (config.alerts.enabled()) {
      alert_store = open_alert_store(options.db);
      alert_service = std::make_unique<alerts::AlertService>(config.alerts, *alert_store, clock);
      alerts_api = std::make_unique<alerts::AlertsApi>(*alert_service, *alert_store);
      options.server.on_feedback = [service = alert_service.get()] { service->something_arrived(); };
      options.server.console.alerts = alerts_api.get();
    }
    const auto fleet = open_fleet_store(options.db);  // published surveys (fleet_store.hpp)
    HubServer server(storage, options.server, fleet.get());
    const int port = server.bind(options.host, options.port);
    std::thread stopper([&] {
      int signal = 0;
      sigwait(&signals, &signal);
      server.stop();
    });
    stopper.detach();
    if (alert_service) alert_service->start();
    std::printf("heard-hub: listening on %s:%d\n", options.host.c_str(), port);
    std::fflush(stdout);
    server.serve();
    if (alert_service) alert_service->stop();
    return 0;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "heard-hub: %s\n", e.what());
    return 5;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heard-hub: %s\n", e.what());
    return 3;
  }
}

}  // namespace
