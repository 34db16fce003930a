#include "video_driver.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace heard::kiosk {

namespace {

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start <= text.size();) {
    const auto end = std::min(text.find(',', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> video_drivers_to_try(const std::vector<std::string>& configured, bool x11_session,
                                              bool wayland_session) {
  std::vector<std::string> out;
  const auto add = [&out](const std::string& d) {
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  };
  for (const auto& d : configured) {
    if (d != "auto") {
      add(d);
      continue;
    }
    // Without a session of its own, each would only look for a default one (and the Wayland
    // library prints complaints about it).
    if (!x11_session && !wayland_session) add("kmsdrm");
    if (wayland_session) add("wayland");
    if (x11_session) add("x11");
  }
  return out;
}

VideoDriverResult init_video(const std::vector<std::string>& configured) {
  const std::vector<std::string> list =
      env_set("SDL_VIDEODRIVER") ? split_commas(std::getenv("SDL_VIDEODRIVER")) : configured;
  VideoDriverResult result;
  const auto failed = [&result](const std::string& driver, const std::string& why) {
    result.failures += (result.failures.empty() ? "" : "; ") + driver + ": " + why;
  };
  const bool x11 = env_set("DISPLAY"), wayland = env_set("WAYLAND_DISPLAY");
  for (const auto& driver : video_drivers_to_try(list, x11, wayland)) {
    if (driver == "dummy" || driver == "offscreen") {
      failed(driver, "draws off screen, not a display");
      continue;
    }
    // Over $SDL_VIDEODRIVER too: this loop has already read it.
    SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, driver.c_str(), SDL_HINT_OVERRIDE);
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0) {
      result.driver = driver;
      return result;
    }
    std::string why = SDL_GetError();
    std::error_code ec;
    if (driver == "kmsdrm" && !std::filesystem::exists("/dev/dri", ec)) why += ", no /dev/dri";
    failed(driver, why);
  }
  if (!x11 && !wayland) failed("x11 and wayland", "no session (DISPLAY and WAYLAND_DISPLAY are unset)");
  if (result.failures.empty()) result.failures = "no video driver configured";
  return result;
}

}  // namespace heard::kiosk
