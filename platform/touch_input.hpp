#pragma once
// SDL events into kiosk input. ImGui 1.86 has no touch source, so fingers are mapped here:
// the first finger down is the pointer (a tap is a click, a drag scrolls), further fingers
// are ignored, and SDL's synthetic mouse events from touch are dropped so nothing acts twice.
// Positions come back through the kiosk's ui::Panel: fingers calibrated, then both fingers
// and the mouse turned from the panel's pixels into the UI's logical ones.
#include <SDL.h>

#include "kiosk_app.hpp"

namespace heard::kiosk {

class TouchInput {
 public:
  // Returns true when the event changes what is on screen (input, resize, expose).
  bool handle(const SDL_Event& e, Kiosk& kiosk);

 private:
  SDL_FingerID finger_ = 0;
  bool finger_down_ = false;
};

}  // namespace heard::kiosk
