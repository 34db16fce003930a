#include "alerts_api.hpp"

#include <algorithm>

#include "core/time.hpp"

namespace heard::hub::alerts {

namespace {

using nlohmann::json;

constexpr int deliveries_shown = 200;

bool may_see(const User& who, const std::string& site) {
  if (who.sees_every_site()) return true;
  return !site.empty() && std::find(who.sites.begin(), who.sites.end(), site) != who.sites.end();
}

json describe(const Delivery& d) {
  json j = {{"id", d.id},
            {"channel", d.channel},
            {"rule", d.rule},
            {"site_id", d.site_id},
            {"subject", d.subject},
            {"state", to_string(d.state)},
            {"attempts", d.attempts},
            {"created_at", d.created_at},
            {"expires_at", d.expires_at},
            {"next_at", d.next_at},
            {"last_error", d.last_error}};
  j["sent_at"] = d.sent_at ? json(*d.sent_at) : json(nullptr);
  return j;
}

std::pair<int, json> refused(int status, const std::string& message) { return {status, {{"error", message}}}; }

}  // namespace

std::pair<int, json> AlertsApi::get(const std::string& path, const User& who) {
  if (path != "/api/alerts") return refused(404, "no such endpoint");
  json deliveries = json::array();
  for (const auto& d : store_.deliveries("", deliveries_shown))
    if (may_see(who, d.site_id)) deliveries.push_back(describe(d));
  json channels = json::array();
  for (const auto& [name, status] : service_.channel_status())
    channels.push_back(
        {{"name", name}, {"failing", status.failing}, {"last_error", status.last_error}, {"since", status.since}});
  return {200,
          {{"deliveries", deliveries},
           {"channels", channels},
           {"rules", service_.rules()},
           {"may_edit", who.role == Role::admin},
           {"may_test", who.role != Role::viewer}}};
}

std::pair<int, json> AlertsApi::post(const std::string& path, const User& who, const json& body) {
  if (path == "/api/alerts/test") {
    if (who.role == Role::viewer) return refused(403, "viewers read only");
    const auto channel = body.find("channel");
    if (channel == body.end() || !channel->is_string()) return refused(400, "channel: expected a channel's name");
    if (!service_.send_test(channel->get<std::string>())) return refused(404, "no such channel");
    return {202, {{"queued", true}}};
  }
  if (path == "/api/alerts/rules") {
    if (who.role != Role::admin) return refused(403, "only an admin changes the alert rules");
    if (!service_.set_rules(body)) return refused(400, "expected {\"urgent\": true or false}");
    return {200, {{"rules", service_.rules()}}};
  }
  return refused(404, "no such endpoint");
}

}  // namespace heard::hub::alerts
