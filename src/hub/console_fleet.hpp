#pragma once
// The console's fleet page API: per kiosk the survey version wanted and running and the last
// failure, the publications, and (admins only) publish and roll back.
//   GET  /api/fleet
//   POST /api/fleet/publish   {"scope":"chain|site|kiosk","target":..,"survey":text,"file":name,
//                              "translations":text|null, "logo_png":base64|null, "logo_file":name}
//     a refused logo is 422 with {"error":text, "logo":{"fault":"too_many_bytes|too_many_pixels|
//     not_png|empty|damaged", "bytes", "width", "height", "max_bytes", "max_side"}}
//   POST /api/fleet/rollback  {"scope":..,"target":..}
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "fleet_store.hpp"
#include "hub_storage.hpp"

namespace heard::hub {

struct FleetAnswer {
  int status = 200;
  nlohmann::json body;
};

bool is_fleet_path(const std::string& path);
FleetAnswer fleet_get(FleetStore* fleet, const User& who);
// Audits what it changes in `storage`.
FleetAnswer fleet_post(FleetStore* fleet, HubStorage& storage, const User& who, const std::string& path,
                       const nlohmann::json& body);

}  // namespace heard::hub
