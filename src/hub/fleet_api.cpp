#include "fleet_api.hpp"

#include <nlohmann/json.hpp>

#include "core/fleet_config.hpp"
#include "core/log.hpp"
#include "sync/protocol.hpp"

namespace heard::hub {

using nlohmann::json;

std::string fleet_etag(const Publication& p) { return "\"" + p.version() + "\""; }

bool etag_listed(std::string_view header, const std::string& etag) {
  std::size_t at = 0;
  while (at < header.size()) {
    while (at < header.size() && (header[at] == ' ' || header[at] == ',')) ++at;
    if (header.substr(at).starts_with("W/")) at += 2;
    if (at >= header.size()) break;
    const std::size_t end = header[at] == '"' ? header.find('"', at + 1) : header.find(',', at);
    const std::size_t stop = end == std::string_view::npos ? header.size() : end + (header[at] == '"' ? 1 : 0);
    const std::string_view tag = header.substr(at, stop - at);
    if (tag == "*" || tag == etag) return true;
    at = stop;
  }
  return false;
}

HttpReply config_reply(FleetStore& fleet, const std::string& kiosk, std::string_view if_none_match) {
  const auto wanted = fleet.wanted_by(kiosk);
  if (!wanted) return HttpReply{304, "", "", {{"Cache-Control", "no-cache"}}, nullptr};
  const std::string etag = fleet_etag(*wanted);
  if (etag_listed(if_none_match, etag)) return HttpReply{304, "", "", {{"ETag", etag}}, nullptr};
  TranslationOverrides translations;
  const json t = json::parse(wanted->translations, nullptr, false);
  if (t.is_object())
    for (const auto& [lang, texts] : t.items())
      for (const auto& [key, text] : texts.items())
        if (text.is_string()) translations[lang][key] = text.get<std::string>();
  std::string body = fleet_config_json(wanted->version(), kiosk, wanted->survey, translations, wanted->logo_png);
  if (body.size() > max_fleet_config_bytes) {
    // Refused at publish; only a database edited by hand gets here.
    log::error("hub: " + wanted->version() + " is larger than 2 MiB; not served to " + kiosk);
    return error_reply(500, "the published survey is larger than the protocol allows");
  }
  return HttpReply{200, "application/json", std::move(body), {{"ETag", etag}, {"Cache-Control", "no-cache"}}, nullptr};
}

SurveyReport read_survey_report(std::string_view body) {
  SurveyReport r;
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return r;
  const auto text = [&](const char* key, std::size_t max) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::string();
    return sync::sanitize_hub_text(it->get_ref<const std::string&>(), max);
  };
  r.survey_version = text("survey_version", 200);
  r.config_error = text("config_error", 2000);
  return r;
}

}  // namespace heard::hub
