#pragma once
// SDL events into kiosk input. ImGui 1.86 has no touch source, so fingers are mapped here:
// the first finger down is the pointer (a tap is a click, a drag scrolls), further fingers
// are ignored, and SDL's synthetic mouse events from touch are dropped so nothing acts twice.
#include <SDL.h>

#include "kiosk_app.hpp"

namespace heard::kiosk {

class TouchInput {
 public:
  // Returns true when the event changes what is on screen (input, resize, expose).
  bool handle(const SDL_Event& e, Kiosk& kiosk, int width, int height);

 private:
  SDL_FingerID finger_ = 0;
  bool finger_down_ = false;
};

}  // namespace heard::kiosk
