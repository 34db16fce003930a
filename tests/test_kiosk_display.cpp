// The windowed kiosk on real displays: a private Xvfb server for the video-driver fallback,
// and no display at all for the one-line refusal. Real heard-kiosk processes throughout.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "support/child_process.hpp"
#include "support/xvfb.hpp"

using namespace heard::test;

namespace {

#ifdef HEARD_KIOSK_PATH

// Waits until `text` shows up in the file, or `timeout` passes.

// The kiosk in a window, with only the environment given here (and no device config).
std::vector<std::string> kiosk_command(const TempDir& dir, std::vector<std::string> env) {
  write_private_file(dir / "empty.conf", "");
  std::vector<std::string> argv{"/usr/bin/env",
                                "-u",
                                "WAYLAND_DISPLAY",
                                "-u",
                                "DISPLAY",
                                "-u",
                                "SDL_VIDEODRIVER",
                                "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR,
                                "HEARD_CONFIG=" + (dir / "empty.conf").string()};
  argv.insert(argv.end(), env.begin(), env.end());
  for (const char* a : {HEARD_KIOSK_PATH, "--windowed", "800x480", "--software", "--kiosk-id", "display-test"})
    argv.push_back(a);
  argv.push_back("--db");
  argv.push_back((dir / "heard.db").string());
  return argv;
}

#endif

}  // namespace

#ifdef HEARD_KIOSK_PATH

TEST_CASE("the kiosk falls back to the next video driver, shows its first frame and stops cleanly on SIGTERM",
          "[kiosk][display]") {
  TempDir dir;
  Xvfb xvfb(dir, "800x480x24");
  REQUIRE(xvfb.started());

  // Wayland first, with no compositor running: it must fail with SDL's reason, then X11 works.
  write_private_file(dir / "heard.conf", "[display]\nvideo_drivers = [\"wayland\", \"x11\"]\n");
  auto command = kiosk_command(dir, {xvfb.display_env(), "XDG_RUNTIME_DIR=" + dir.path().string()});
  command.insert(command.end(), {"--config", (dir / "heard.conf").string()});
  Child kiosk(command, dir / "kiosk.out", dir / "kiosk.err");
  const bool started = wait_for_text(dir / "kiosk.err", "first frame", std::chrono::seconds(30));
  const std::string log = read_text(dir / "kiosk.err");
  INFO(log);
  REQUIRE(started);
  REQUIRE(log.find("video driver x11 (wayland: ") != std::string::npos);
  kiosk.signal(SIGTERM);
  REQUIRE(kiosk.wait() == 0);
}

TEST_CASE("with no display the kiosk says so in one line, with how to run it, and exits 2", "[kiosk][display]") {
  if (std::filesystem::exists("/dev/dri")) {
    WARN("not run: this machine has a DRM device, so kmsdrm might open a real display");
    return;
  }
  TempDir dir;
  Child kiosk(kiosk_command(dir, {}), dir / "kiosk.out", dir / "kiosk.err");
  REQUIRE(kiosk.wait() == 2);
  const std::string err = read_text(dir / "kiosk.err");
  INFO(err);
  REQUIRE(std::count(err.begin(), err.end(), '\n') == 1);
  REQUIRE(err.starts_with("heard-kiosk: no display available ("));
  // What "auto" tried, with SDL's reason, why X11 and Wayland were not, and the ways to run it.
  REQUIRE(err.find("(kmsdrm: ") != std::string::npos);
  REQUIRE(err.find("x11 and wayland: no session") != std::string::npos);
  REQUIRE(err.find("cage") != std::string::npos);
  REQUIRE(err.find("--headless --script FILE") != std::string::npos);
}

#endif
