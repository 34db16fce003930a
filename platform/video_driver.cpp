#include "video_driver.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstdlib>

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
    if (!x11_session && !wayland_session) add("kmsdrm");
    add("wayland");
    add("x11");
  }
  return out;
}

VideoDriverResult init_video(const std::vector<std::string>& configured) {
  const std::vector<std::string> list = env_set("SDL_VIDEODRIVER") ? split_commas(std::getenv("SDL_VIDEODRIVER")) : configured;
  VideoDriverResult result;
  const auto failed = [&result](const std::string& driver, const std::string& why) {
    result.failures += (result.failures.empty() ? "" : "; ") + driver + ": " + why;
  };
  for (const auto& driver : video_drivers_to_try(list, env_set("DISPLAY"), env_set("WAYLAND_DISPLAY"))) {
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
    failed(driver, SDL_GetError());
  }
  if (result.failures.empty()) result.failures = "no video driver configured";
  return result;
}

}  // namespace heard::kiosk
