#pragma once
// The console's view of the alerts under /api/alerts (ConsoleApi has checked the session,
// and the CSRF token of a POST, before it calls here):
//   GET  /api/alerts        deliveries (newest first, cut to the caller's sites), each
//                           channel's state (failing: the banner), the rules, may_edit
//   POST /api/alerts/test   {"channel": "email:Marta"}: queue a test message (admin, manager)
//   POST /api/alerts/rules  {"urgent": false}: change the rules (admin)
#include <nlohmann/json.hpp>

#include <string>
#include <utility>

#include "alert_service.hpp"
#include "hub/people.hpp"

namespace heard::hub::alerts {

class AlertsApi {
 public:
  AlertsApi(AlertService& service, AlertStore& store) : service_(service), store_(store) {}

  static bool owns(const std::string& path) { return path == "/api/alerts" || path.starts_with("/api/alerts/"); }
  // A status and its JSON body.
  std::pair<int, nlohmann::json> get(const std::string& path, const User& who);
  std::pair<int, nlohmann::json> post(const std::string& path, const User& who, const nlohmann::json& body);

 private:
  AlertService& service_;
  AlertStore& store_;
};

}  // namespace heard::hub::alerts
