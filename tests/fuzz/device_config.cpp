// heard.conf (src/config/device_config.cpp): TOML typed in by installers. Every mistake
// must end as a ConfigError with file and line; what is accepted must hold the promises
// the kiosk relies on without checking again.
#include <cmath>

#include "config/device_config.hpp"
#include "core/config_error.hpp"
#include "fuzz_targets.hpp"
#include "sync/config.hpp"

namespace heard::fuzz {

void device_config(std::string_view input) {
  try {
    const auto c = config::parse_device_config(std::string(input), "heard.conf");
    const int r = c.display.rotation;
    require(r == 0 || r == 90 || r == 180 || r == 270, "display.rotation accepted out of 0/90/180/270");
    require(c.kiosk_id.empty() || sync::is_valid_kiosk_id(c.kiosk_id), "kiosk_id accepted but not valid");
    require(std::isfinite(c.display.dpi) && c.display.dpi > 0, "display.dpi accepted but not a positive number");
  } catch (const ConfigError&) {}
}

}  // namespace heard::fuzz
