#include "touch_input.hpp"

namespace heard::kiosk {

bool TouchInput::handle(const SDL_Event& e, Kiosk& kiosk, int width, int height) {
  const auto w = static_cast<float>(width), h = static_cast<float>(height);
  switch (e.type) {
    case SDL_FINGERDOWN:
      if (finger_down_) return false;
      finger_down_ = true;
      finger_ = e.tfinger.fingerId;
      kiosk.pointer_down(e.tfinger.x * w, e.tfinger.y * h);
      return true;
    case SDL_FINGERMOTION:
      if (!finger_down_ || e.tfinger.fingerId != finger_) return false;
      kiosk.pointer_move(e.tfinger.x * w, e.tfinger.y * h);
      return true;
    case SDL_FINGERUP:
      if (!finger_down_ || e.tfinger.fingerId != finger_) return false;
      finger_down_ = false;
      kiosk.pointer_up(e.tfinger.x * w, e.tfinger.y * h);
      return true;
    case SDL_MOUSEMOTION:
      if (e.motion.which == SDL_TOUCH_MOUSEID) return false;
      kiosk.pointer_move(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
      return (e.motion.state & SDL_BUTTON_LMASK) != 0;  // only a drag changes the screen
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return false;
      if (e.type == SDL_MOUSEBUTTONDOWN) kiosk.pointer_down(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
      else kiosk.pointer_up(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
      return true;
    case SDL_MOUSEWHEEL:
      if (e.wheel.which == SDL_TOUCH_MOUSEID) return false;
      kiosk.wheel(static_cast<float>(e.wheel.y));
      return true;
    case SDL_TEXTINPUT:
      kiosk.type_text(e.text.text);
      return true;
    case SDL_KEYDOWN:
      if (e.key.keysym.sym != SDLK_BACKSPACE) return false;
      kiosk.backspace();
      return true;
    case SDL_WINDOWEVENT:
      if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) kiosk.resize(e.window.data1, e.window.data2);
      return e.window.event == SDL_WINDOWEVENT_EXPOSED || e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
             e.window.event == SDL_WINDOWEVENT_SHOWN || e.window.event == SDL_WINDOWEVENT_RESTORED;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
      return true;
    default:
      return false;
  }
}

}  // namespace heard::kiosk
