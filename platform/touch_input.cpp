#include "touch_input.hpp"

namespace heard::kiosk {

namespace {

enum class Press { move, down, up };

void send(Kiosk& kiosk, Press press, ui::PanelPoint p) {
  if (press == Press::down) kiosk.pointer_down(p.x, p.y);
  else if (press == Press::up) kiosk.pointer_up(p.x, p.y);
  else kiosk.pointer_move(p.x, p.y);
}

void send_finger(Kiosk& kiosk, Press press, const SDL_TouchFingerEvent& f) {
  send(kiosk, press, kiosk.panel().touch_to_logical(f.x, f.y));
}

void send_mouse(Kiosk& kiosk, Press press, int x, int y) {
  send(kiosk, press, kiosk.panel().to_logical({static_cast<float>(x), static_cast<float>(y)}));
}

}  // namespace

bool TouchInput::handle(const SDL_Event& e, Kiosk& kiosk) {
  switch (e.type) {
    case SDL_FINGERDOWN:
      if (finger_down_) return false;
      finger_down_ = true;
      finger_ = e.tfinger.fingerId;
      send_finger(kiosk, Press::down, e.tfinger);
      return true;
    case SDL_FINGERMOTION:
      if (!finger_down_ || e.tfinger.fingerId != finger_) return false;
      send_finger(kiosk, Press::move, e.tfinger);
      return true;
    case SDL_FINGERUP:
      if (!finger_down_ || e.tfinger.fingerId != finger_) return false;
      finger_down_ = false;
      send_finger(kiosk, Press::up, e.tfinger);
      return true;
    case SDL_MOUSEMOTION:
      if (e.motion.which == SDL_TOUCH_MOUSEID) return false;
      send_mouse(kiosk, Press::move, e.motion.x, e.motion.y);
      return (e.motion.state & SDL_BUTTON_LMASK) != 0;  // only a drag changes the screen
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return false;
      send_mouse(kiosk, e.type == SDL_MOUSEBUTTONDOWN ? Press::down : Press::up, e.button.x, e.button.y);
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
