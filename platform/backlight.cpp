#include "backlight.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/log.hpp"

namespace heard::kiosk {

void Backlight::set(bool on) {
  if (file_.empty() || written_ == on) return;
  written_ = on;
  // bl_power follows FB_BLANK: 0 is on, anything else (4, powerdown) is off.
  std::ofstream out(file_);
  out << (on ? "0" : "4") << '\n';
  out.flush();
  if (out) {
    log::info(std::string("heard-kiosk: backlight ") + (on ? "on" : "off"));
  } else if (!error_logged_) {
    error_logged_ = true;
    log::warning("heard-kiosk: cannot switch the backlight at " + file_.string() + ": " + std::strerror(errno) +
                 " (the screen only blanks)");
  }
}

}  // namespace heard::kiosk
