// A download's body (src/hub/export_stream.hpp) read while signals arrive: a signal handled
// without SA_RESTART interrupts the reading recv with EINTR, which once counted as a failed
// export and cut the download short (found by the hub_http fuzz harness, whose libFuzzer
// timer is such a signal; kept as tests/fuzz/regressions/hub_http/download-failed-part-way).
#include <catch2/catch.hpp>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "hub/export_stream.hpp"

namespace {

std::atomic<int> signals_seen{0};
void count_signal(int) { signals_seen.fetch_add(1); }

}  // namespace

TEST_CASE("A download's body survives signals that interrupt its reading", "[hub][export]") {
  struct sigaction action {
  }, before{};
  action.sa_handler = count_signal;  // no SA_RESTART: recv returns EINTR
  sigemptyset(&action.sa_mask);
  REQUIRE(::sigaction(SIGUSR2, &action, &before) == 0);
  signals_seen = 0;

  heard::hub::ExportStreams streams;
  // The export writes only once the reader has been interrupted several times while waiting.
  auto body = streams.start([](const heard::store::ExportSink& sink) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (signals_seen.load() < 20 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    sink("all of it\n");
  });
  const pthread_t reader = pthread_self();
  std::atomic<bool> done{false};
  std::thread signaller([&] {
    while (!done.load()) {
      pthread_kill(reader, SIGUSR2);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  std::string got;
  char buffer[64];
  ssize_t n;
  while ((n = body->read(buffer, sizeof buffer)) > 0) got.append(buffer, static_cast<std::size_t>(n));
  done = true;
  signaller.join();
  streams.wait_all();
  ::sigaction(SIGUSR2, &before, nullptr);
  CHECK(signals_seen.load() >= 20);
  CHECK(n == 0);  // the proper end, not -1 (a failed export)
  CHECK(got == "all of it\n");
}
