// The systemd watchdog of the real windowed kiosk, while NTP steps the wall clock: the pings
// run on steady time, so a step back neither stops them (systemd would restart a kiosk that
// is fine) nor does a step forward matter. The kiosk runs under Xvfb with libfaketime moving
// only its wall clock (CLOCK_REALTIME), from a file this test rewrites.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>

#include <chrono>
#include <functional>

#include "support/child_process.hpp"
#include "support/xvfb.hpp"

using namespace heard::test;

#if defined(HEARD_KIOSK_PATH) && defined(HEARD_LIBFAKETIME)

namespace {

// The socket systemd would listen on ($NOTIFY_SOCKET): one datagram per sd_notify().
class NotifySocket {
 public:
  explicit NotifySocket(const std::filesystem::path& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
      throw std::runtime_error("cannot bind the notify socket " + path.string());
  }
  ~NotifySocket() { ::close(fd_); }

  // Waits until `n` messages containing `text` have come, `timeout` passes, or `alive` says
  // the sender is gone (then nothing more can come, and the failure shows at once).
  bool receive(const std::string& text, int n, std::chrono::seconds timeout, const std::function<bool()>& alive) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (n > 0 && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) {
        if (!alive()) return false;
        continue;
      }
      char buf[512];
      const ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
      if (got > 0 && std::string(buf, static_cast<std::size_t>(got)).find(text) != std::string::npos) --n;
    }
    return n == 0;
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace

TEST_CASE("the kiosk keeps feeding the systemd watchdog while the wall clock steps 3 days back and forth",
          "[kiosk][time]") {
  TempDir dir;
  Xvfb xvfb(dir, "800x480x24");
  REQUIRE(xvfb.started());

  NotifySocket notify(dir / "notify.sock");
  const auto step = dir / "wall-step";
  write_private_file(step, "+0\n");
  write_private_file(dir / "empty.conf", "");
  // -u FAKETIME: under tools/dev's faked dates its offset would win over the file.
  Child kiosk({"/usr/bin/env", "-u", "WAYLAND_DISPLAY", "-u", "SDL_VIDEODRIVER", "-u", "FAKETIME", xvfb.display_env(),
               "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR, "HEARD_CONFIG=" + (dir / "empty.conf").string(),
               "NOTIFY_SOCKET=" + (dir / "notify.sock").string(), "WATCHDOG_USEC=400000",
               // libfaketime: only CLOCK_REALTIME, re-read from the file on every call.
               "LD_PRELOAD=" HEARD_LIBFAKETIME, "FAKETIME_TIMESTAMP_FILE=" + step.string(), "FAKETIME_NO_CACHE=1",
               "FAKETIME_DONT_FAKE_MONOTONIC=1", HEARD_KIOSK_PATH, "--windowed", "800x480", "--software", "--db",
               (dir / "heard.db").string()},
              dir / "kiosk.out", dir / "kiosk.err");
  const auto alive = [&] { return kiosk.running(); };
  // What the kiosk said, read when a check fails (a failure once came with nothing to go on).
  const auto said = [&] {
    return "kiosk " + std::string(kiosk.running() ? "still running" : "exited") + "; its stderr:\n" +
           read_text(dir / "kiosk.err") + "\nXvfb's stderr:\n" + read_text(dir / "xvfb.err");
  };
  if (!notify.receive("READY=1", 1, std::chrono::seconds(60), alive)) FAIL("no READY=1; " << said());
  if (!notify.receive("WATCHDOG=1", 3, std::chrono::seconds(10), alive)) FAIL("no WATCHDOG=1; " << said());
  // Pings come every 200 ms; three more after each step prove the steps stopped nothing.
  for (const char* wall_step : {"-3d\n", "+3d\n", "-1h\n"}) {
    write_private_file(step, wall_step);
    if (!notify.receive("WATCHDOG=1", 3, std::chrono::seconds(10), alive))
      FAIL("no WATCHDOG=1 after the wall clock stepped " << wall_step << "; " << said());
  }
  kiosk.signal(SIGTERM);
  CHECK(kiosk.wait() == 0);
}

#else

TEST_CASE("the kiosk keeps feeding the systemd watchdog while the wall clock steps 3 days back and forth",
          "[kiosk][time]") {
  std::puts("SKIPPED: needs the kiosk and libfaketime (Debian package faketime; tools/dev installs it)");
}

#endif
