#pragma once
// Which SDL renderer the kiosk draws with on a real display, and through which video driver.
//
// A GPU: SDL's accelerated renderer (OpenGL ES 2 on Wayland, where SDL's desktop-OpenGL
// renderer showed a black screen under cage). No GPU, only Mesa's software rasteriser
// (llvmpipe, softpipe, swrast): OpenGL would load ~90 MB of Mesa and LLVM only to rasterise on
// the CPU what SDL's software renderer draws for a third of the memory, so the kiosk draws in
// software, straight into the window's shared-memory framebuffer (framebuffer acceleration
// off). SDL 2.26's Wayland driver has no such framebuffer: there the software renderer's
// pixels go up as an OpenGL ES 2 texture (no memory saved, but the picture is exactly the
// headless driver's, and SDL's desktop-OpenGL renderer, its first choice, showed only black).
//
// Asking OpenGL for GL_RENDERER loads Mesa into the process that asks, and Mesa and LLVM
// never unload, so a short-lived child (`heard-kiosk --probe-gl`) asks and prints the answer.
#include <optional>
#include <string>
#include <string_view>

namespace heard::kiosk {

// The internal command line of the probe child; main() runs probe_gl_main for it.
inline constexpr std::string_view probe_gl_flag = "--probe-gl";

// In the child: opens a hidden OpenGL window on $SDL_VIDEODRIVER, prints GL_RENDERER on
// stdout and exits 0, or prints SDL's reason on stderr and exits 1.
int probe_gl_main();

// GL_RENDERER of the video driver `driver`, from a child process (at most `timeout_ms`);
// nullopt, with `why` set, when there is no OpenGL or the child failed.
std::optional<std::string> probe_gl_renderer(const std::string& driver, std::string& why, int timeout_ms = 10000);

// llvmpipe, softpipe or swrast: OpenGL drawn by the CPU.
bool is_software_rasteriser(std::string_view gl_renderer);

struct RendererChoice {
  bool software = false;  // SDL's software renderer into the window's framebuffer
  std::string why;        // for the log line
};

// `configured_software`: --software or [display] software_renderer. `gl_renderer`: the probe's
// answer (nullopt: no OpenGL, or the probe failed, `probe_failure` says why).
RendererChoice choose_renderer(const std::string& driver, bool configured_software,
                               const std::optional<std::string>& gl_renderer, const std::string& probe_failure);

}  // namespace heard::kiosk
