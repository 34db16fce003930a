// The real kiosk under Xvfb, whose only OpenGL is Mesa's llvmpipe: without --software it must
// find that out (in a child process), say so in one line, draw with SDL's software renderer,
// and so stay far below the ~119 MB that loading Mesa and LLVM cost.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "support/child_process.hpp"
#include "support/xvfb.hpp"

using namespace heard::test;

#ifdef HEARD_KIOSK_PATH

namespace {

// "VmHWM:   31234 kB" of /proc/PID/status, in kB (0 if unreadable).
long peak_rss_kb(const std::string& pid) {
  const std::string status = read_text("/proc/" + pid + "/status");
  const auto at = status.find("VmHWM:");
  return at == std::string::npos ? 0 : std::stol(status.substr(at + 6));
}

}  // namespace

TEST_CASE("under Xvfb, whose only OpenGL is llvmpipe, the kiosk chooses the software renderer and says why",
          "[kiosk][display][renderer]") {
  TempDir dir;
  Xvfb xvfb(dir, "1280x800x24");
  REQUIRE(xvfb.started());

  write_private_file(dir / "empty.conf", "");
  // Through a shell that records the kiosk's pid and then becomes it, for its /proc status.
  Child kiosk({"/usr/bin/env",
               "-u",
               "WAYLAND_DISPLAY",
               "-u",
               "SDL_VIDEODRIVER",
               "-u",
               "SDL_RENDER_DRIVER",
               xvfb.display_env(),
               "XDG_RUNTIME_DIR=" + dir.path().string(),
               "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR,
               "HEARD_CONFIG=" + (dir / "empty.conf").string(),
               "/bin/sh",
               "-c",
               "echo $$ > \"$0\"; exec \"$@\"",
               (dir / "kiosk.pid").string(),
               HEARD_KIOSK_PATH,
               "--windowed",
               "1280x800",
               "--kiosk-id",
               "renderer-test",
               "--db",
               (dir / "heard.db").string()},
              dir / "kiosk.out", dir / "kiosk.err");
  const bool started = wait_for_text(dir / "kiosk.err", "first frame", std::chrono::seconds(60));
  const std::string log = read_text(dir / "kiosk.err");
  INFO(log);
  REQUIRE(started);
  // One line with the reason, naming the rasteriser, then the renderer SDL really made.
  const auto why = log.find("heard-kiosk: software renderer: the only OpenGL here is a software rasteriser (llvmpipe");
  REQUIRE(why != std::string::npos);
  const std::string line = log.substr(why, log.find('\n', why) - why);
  REQUIRE(line.find("; framebuffer acceleration off") != std::string::npos);
  REQUIRE(log.find("heard-kiosk: renderer software") != std::string::npos);
  REQUIRE(log.find("renderer opengl") == std::string::npos);
  // Mesa stayed in the probe child: the kiosk's own peak is the software path's (~31 MB at
  // this size measured; the OpenGL path peaked at ~119 MB).
  const long peak_kb = peak_rss_kb(read_text(dir / "kiosk.pid").substr(0, read_text(dir / "kiosk.pid").find('\n')));
  INFO("peak RSS " << peak_kb << " kB");
  CHECK(peak_kb > 0);
#if !defined(HEARD_SANITIZED)
  // Not under ASan (preset asan): its shadow memory and quarantine add some 60 MB to any
  // program, so the budget would measure ASan rather than where Mesa was loaded.
  CHECK(peak_kb < 60 * 1024);
#endif
  kiosk.signal(SIGTERM);
  const int exit_code = kiosk.wait();
  INFO(read_text(dir / "kiosk.err"));
  REQUIRE(exit_code == 0);
}

#endif
