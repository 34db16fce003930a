// A window whose size changes after the kiosk has drawn (a compositor's late configure, an
// installer dragging a desk window): the real kiosk under Xvfb, its window resized from outside
// with xdotool, must lay out again at the new size of its output, on the software renderer
// it chose by itself. Without xdotool it prints "SKIPPED: why".
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "support/child_process.hpp"
#include "support/xvfb.hpp"

using namespace heard::test;

#ifdef HEARD_KIOSK_PATH

namespace {}  // namespace

TEST_CASE("after the window is resized the kiosk lays out at its output's new size", "[kiosk][display][renderer]") {
  if (::access("/usr/bin/xdotool", X_OK) != 0) {
    std::puts("SKIPPED: /usr/bin/xdotool is missing (Debian package xdotool; tools/dev installs it)");
    return;
  }
  TempDir dir;
  Xvfb xvfb(dir, "1280x800x24");
  REQUIRE(xvfb.started());

  write_private_file(dir / "empty.conf", "");
  Child kiosk({"/usr/bin/env", "-u", "WAYLAND_DISPLAY", "-u", "SDL_VIDEODRIVER", "-u", "HEARD_RENDERER",
               xvfb.display_env(), "XDG_RUNTIME_DIR=" + dir.path().string(), "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR,
               "HEARD_CONFIG=" + (dir / "empty.conf").string(), HEARD_KIOSK_PATH, "--windowed", "800x480", "--kiosk-id",
               "resize-test", "--db", (dir / "heard.db").string()},
              dir / "kiosk.out", dir / "kiosk.err");
  const bool started = wait_for_text(dir / "kiosk.err", "first frame", std::chrono::seconds(60));
  INFO(read_text(dir / "kiosk.err"));
  REQUIRE(started);
  REQUIRE(read_text(dir / "kiosk.err").find("heard-kiosk: renderer software") != std::string::npos);

  const Run resize = run_program(dir, {"/usr/bin/env", xvfb.display_env(), "/usr/bin/xdotool", "search", "--sync",
                                       "--name", "^Heard$", "windowsize", "1024", "600"});
  INFO(resize.err);
  REQUIRE(resize.exit_code == 0);
  const bool relaid = wait_for_text(dir / "kiosk.err", "heard-kiosk: output 1024x600", std::chrono::seconds(20));
  const std::string log = read_text(dir / "kiosk.err");
  INFO(log);
  CHECK(relaid);
  // Still the one kiosk, still drawing: a clean stop.
  kiosk.signal(SIGTERM);
  REQUIRE(kiosk.wait() == 0);
}

#endif
