#pragma once
// Picks the SDL video driver: the configured ones in order, the first that opens a real
// display wins. "auto" stands for kmsdrm (only without an X11 or Wayland session: inside
// one, the console belongs to the session), then wayland and x11 when their session is there
// ($WAYLAND_DISPLAY, $DISPLAY; cage sets the first for its kiosk). SDL's own off-screen
// drivers (dummy, offscreen) are never accepted: a kiosk showing nothing must not look
// started. $SDL_VIDEODRIVER, when set, replaces the configured list (a comma list, as in SDL).
#include <optional>
#include <string>
#include <vector>

namespace heard::kiosk {

struct VideoDriverResult {
  std::optional<std::string> driver;  // initialised, or nullopt when none worked
  std::string failures;               // "kmsdrm: <SDL's reason>; wayland: ..." (empty if none)
};

// The concrete drivers to try, in order, without repeats.
std::vector<std::string> video_drivers_to_try(const std::vector<std::string>& configured, bool x11_session,
                                              bool wayland_session);

// Initialises SDL's video subsystem on the first driver that works (SDL stays initialised).
VideoDriverResult init_video(const std::vector<std::string>& configured);

}  // namespace heard::kiosk
