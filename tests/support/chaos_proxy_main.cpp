// heard-chaos-proxy: the tests' fault injector as a program of its own, in front of a real
// heard-hub on loopback. Test support only: it is not installed and the hub knows nothing of it.
//   heard-chaos-proxy --upstream PORT [--listen 127.0.0.1:0] [--chaos SEED] [--chaos-rate P]
//                     [--chaos-script LIST]
// Prints "heard-chaos-proxy: listening on HOST:PORT" once ready; logs each fault it plays
// ("chaos: FAULT METHOD PATH") on standard error; stops on SIGINT or SIGTERM.
#include <signal.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <thread>

#include "support/chaos_proxy.hpp"

namespace {

using namespace heard::hub;

struct Options {
  ChaosOptions chaos;
  std::string host = "127.0.0.1";
  int port = 0;
  int upstream = -1;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "heard-chaos-proxy: %s\n", message.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i], value = argv[i + 1];
    if (arg == "--upstream") o.upstream = std::stoi(value);
    else if (arg == "--listen") {
      const auto colon = value.rfind(':');
      if (colon == std::string::npos) usage_error("--listen: expected HOST:PORT");
      o.host = value.substr(0, colon);
      o.port = std::stoi(value.substr(colon + 1));
      // It plays faults on whatever passes through: never on an address others can reach.
      if (!o.host.starts_with("127.") && o.host != "::1" && o.host != "[::1]" && o.host != "localhost")
        usage_error("--listen: " + o.host + " is not loopback; the proxy serves tests on loopback only");
    } else if (arg == "--chaos") {
      o.chaos.seed = std::stoull(value);
      if (o.chaos.rate == 0.0) o.chaos.rate = 0.3;
    } else if (arg == "--chaos-rate") {
      std::istringstream(value) >> o.chaos.rate;
    } else if (arg == "--chaos-script") {
      std::istringstream in(value);
      for (std::string name; std::getline(in, name, ',');) o.chaos.script.push_back(fault_from_string(name));
    } else usage_error("unknown option '" + arg + "'");
  }
  if (o.upstream <= 0) usage_error("--upstream PORT is required");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    const Options options = parse(argc, argv);
    ChaosProxy proxy(options.chaos, options.upstream);
    const int port = proxy.bind(options.host, options.port);
    std::thread stopper([&] {
      int signal = 0;
      sigwait(&signals, &signal);
      proxy.stop();
    });
    stopper.detach();
    std::printf("heard-chaos-proxy: listening on %s:%d\n", options.host.c_str(), port);
    std::fflush(stdout);
    proxy.serve();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heard-chaos-proxy: %s\n", e.what());
    return 3;
  }
}
