// A kiosk may lose power at any instant. A child process saves responses in a loop and
// reports each id only after save() returned; we SIGKILL it at random moments, many times.
// Every reported id must be in the database afterwards, and the file must pass integrity.
#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>
#include <sstream>

#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::store;

namespace {

[[noreturn]] void save_forever(const std::filesystem::path& file, int out_fd) {
  try {
    ResponseStore store(file);
    for (int i = 0;; ++i) {
      Response r = i % 3 ? heard::test::sample_response(1 + i % 5) : heard::test::sample_complaint();
      store.save(r);
      const std::string line = r.id + "\n";
      if (::write(out_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(3);
    }
  } catch (...) {
    ::_exit(2);
  }
}

// Reads whole lines from the child until `deadline_ms` passes (or the pipe closes).
void collect(int fd, std::string& buffer, int deadline_ms) {
  char chunk[4096];
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, deadline_ms) > 0) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    deadline_ms = deadline_ms > 0 ? 0 : deadline_ms;  // after the first wait, just drain
  }
}

}  // namespace

TEST_CASE("Responses reported as saved survive the process being killed at random", "[store][crash]") {
  heard::test::TempDir dir;
  const auto file = dir / "heard.db";
  std::set<std::string> reported;
  std::mt19937 rng(20261123);
  constexpr int kills = 50;

  for (int round = 0; round < kills; ++round) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(fds[0]);
      save_forever(file, fds[1]);
    }
    ::close(fds[1]);
    std::string buffer;
    // Odd rounds pull the plug at a random moment, which may fall inside start-up and
    // migrations. Even rounds first wait for a reported save, so the test always has saves to
    // check however slow the disk or busy the machine is, then pull it a random while later.
    if (round % 2 == 0) {
      const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (buffer.find('\n') == std::string::npos && std::chrono::steady_clock::now() < limit)
        collect(fds[0], buffer, 50);
    }
    const int run_ms = std::uniform_int_distribution<int>(1, 60)(rng);
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(run_ms)) collect(fds[0], buffer, 5);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    collect(fds[0], buffer, 0);
    ::close(fds[0]);
    REQUIRE(WIFSIGNALED(status));  // it was still saving, not failing on its own

    // Only complete lines were reported as saved; a torn last line was not.
    std::istringstream lines(buffer.substr(0, buffer.rfind('\n') + 1));
    for (std::string id; std::getline(lines, id);) reported.insert(id);
  }

  ResponseStore store(file);
  CHECK_FALSE(store.open_report().quarantined_to.has_value());
  CHECK(connection_of(store).query_text("PRAGMA integrity_check") == "ok");
  INFO(reported.size() << " responses reported as saved across " << kills << " kills");
  REQUIRE(reported.size() >= static_cast<std::size_t>(kills / 2));
  std::size_t missing = 0;
  for (const auto& id : reported) missing += !store.find(id).has_value();
  CHECK(missing == 0);
  CHECK(store.stats().total >= static_cast<std::int64_t>(reported.size()));
}
