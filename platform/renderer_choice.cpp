#include "renderer_choice.hpp"

#include <SDL.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

extern char** environ;

namespace heard::kiosk {

int probe_gl_main() {
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "%s\n", SDL_GetError());
    return 1;
  }
  SDL_Window* window = SDL_CreateWindow("heard-probe", 0, 0, 16, 16, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
  SDL_GLContext context = window ? SDL_GL_CreateContext(window) : nullptr;
  using GetString = const unsigned char* (*)(unsigned);
  const auto get_string = context ? reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString")) : nullptr;
  const unsigned char* renderer = get_string ? get_string(0x1F01 /* GL_RENDERER */) : nullptr;
  if (!renderer) {
    std::fprintf(stderr, "%s\n", *SDL_GetError() ? SDL_GetError() : "no GL_RENDERER");
    std::_Exit(1);  // skip Mesa's and SDL's clean-up: the process is going anyway
  }
  std::printf("%s\n", reinterpret_cast<const char*>(renderer));
  std::fflush(stdout);
  std::_Exit(0);
}

std::optional<std::string> probe_gl_renderer(const std::string& driver, std::string& why, int timeout_ms) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    why = "cannot make a pipe";
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);  // Mesa's and EGL's chatter
  std::vector<std::string> env_text{"SDL_VIDEODRIVER=" + driver};
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "SDL_VIDEODRIVER=", 16) != 0) env_text.emplace_back(*e);
  std::vector<char*> env;
  for (auto& e : env_text) env.push_back(e.data());
  env.push_back(nullptr);
  std::string self = "/proc/self/exe", flag(probe_gl_flag), name = "heard-kiosk";
  char* argv[] = {name.data(), flag.data(), nullptr};
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv, env.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    why = std::string("cannot start the probe: ") + std::strerror(spawned);
    return std::nullopt;
  }
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool timed_out = false;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buffer[256];
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (timed_out) {
    why = "the OpenGL probe did not answer within " + std::to_string(timeout_ms / 1000) + " s";
    return std::nullopt;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty()) {
    why = "no OpenGL on " + driver;
    return std::nullopt;
  }
  return text;
}

bool is_software_rasteriser(std::string_view gl_renderer) {
  std::string lower(gl_renderer);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* name : {"llvmpipe", "softpipe", "swrast"})
    if (lower.find(name) != std::string::npos) return true;
  return false;
}

RendererChoice choose_renderer(const std::string& driver, bool configured_software,
                               const std::optional<std::string>& gl_renderer, const std::string& probe_failure) {
  RendererChoice c;
  if (configured_software) {
    c.software = true;
    c.why = "software renderer (configured)";
  } else if (gl_renderer && is_software_rasteriser(*gl_renderer)) {
    c.software = true;
    c.why = "software renderer: the only OpenGL here is a software rasteriser (" + *gl_renderer + ")";
  } else {
    c.why = gl_renderer ? "accelerated renderer: OpenGL on " + *gl_renderer
                        : "accelerated renderer if SDL finds one (" + probe_failure + ")";
    return c;
  }
  // SDL 2.26's Wayland driver has no shared-memory framebuffer: the software renderer's pixels
  // go up as an OpenGL ES 2 texture there, so Mesa is loaded anyway (measured under cage: the
  // same ~130 MB either way; going through Xwayland instead saved 20 MB in total but starts an
  // X server and gives up Wayland's input). The picture is the headless driver's, exactly.
  c.why += driver == "wayland" ? "; on Wayland the window's pixels go up as an OpenGL ES 2 texture"
                               : "; framebuffer acceleration off, so Mesa stays unloaded (a third of the memory)";
  return c;
}

}  // namespace heard::kiosk
