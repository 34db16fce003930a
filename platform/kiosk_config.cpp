#include "kiosk_config.hpp"

#include <unistd.h>

#include "config/resolve.hpp"

namespace heard::kiosk {

namespace {

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "kiosk";
  return name;
}

}  // namespace

config::DeviceConfig kiosk_config(const Options& o) {
  config::DeviceConfig c = config::resolve_device({o.config, o.db, o.assets, o.survey});
  if (!o.kiosk_id.empty()) c.kiosk_id = o.kiosk_id;
  if (c.kiosk_id.empty()) c.kiosk_id = host_name();
  // The hub knows this kiosk by the id its token belongs to; responses carry the same one.
  c.sync.kiosk_id = c.kiosk_id;
  if (o.dpi) c.display.dpi = *o.dpi;
  if (o.software) c.display.software_renderer = true;
  if (o.rotation) c.display.rotation = *o.rotation;
  return c;
}

ui::StaffSettings staff_settings(const config::DeviceConfig& device) {
  return {device.usb_export_dir, device.assets, device.staff_language};
}

}  // namespace heard::kiosk
