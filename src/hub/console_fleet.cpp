#include "console_fleet.hpp"

#include "core/config_error.hpp"
#include "core/logo.hpp"
#include "fleet_publish.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {

constexpr int publications_shown = 50;

json publication_json(const Publication& p) {
  return {{"version", p.version()},
          {"scope", to_string(p.scope)},
          {"target", p.target},
          {"published_at", p.published_at},
          {"published_by", p.published_by},
          {"rolled_back_at", p.rolled_back_at ? json(*p.rolled_back_at) : json(nullptr)},
          {"logo", !p.logo_png.empty()}};
}

FleetAnswer refused(int status, const std::string& message) { return {status, {{"error", message}}}; }

std::string text_field(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

FleetScope scope_of(const json& body) {
  return fleet_scope_from_string(text_field(body, "scope")).value_or(FleetScope::chain);
}

// A refused logo as JSON: the English message, and what the console words in the person's language.
FleetAnswer logo_refused(const LogoError& e) {
  return {422,
          {{"error", e.what()},
           {"logo",
            {{"fault", to_string(e.fault)},
             {"bytes", e.bytes},
             {"width", e.width},
             {"height", e.height},
             {"max_bytes", max_logo_bytes},
             {"max_side", max_logo_side}}}}};
}

// The logo travels in base64 (a JSON body), already bounded by the hub's body limit; its size
// is judged from the text before anything is decoded, so an oversized one costs no decoding.
std::optional<FleetAnswer> take_logo(const json& body, PublishRequest& r) {
  const std::string logo = text_field(body, "logo_png");
  if (logo.empty()) return std::nullopt;
  const std::string file = text_field(body, "logo_file").substr(0, 200);
  r.logo_file = file.empty() ? "logo.png" : std::filesystem::path(file).filename();
  const std::size_t claimed = logo.size() / 4 * 3;
  if (claimed > max_logo_bytes + 2) {
    const std::string kib = std::to_string((claimed + 1023) / 1024) + " KiB";
    return logo_refused(LogoError(r.logo_file, "logo", "the logo is " + kib + "; a logo may be at most 256 KiB",
                                  LogoFault::too_many_bytes, claimed));
  }
  const auto png = base64_decode(logo, max_logo_bytes);
  if (!png)
    return logo_refused(
        LogoError(r.logo_file, "logo", "the logo is not base64 text; choose the file again", LogoFault::damaged));
  r.logo_png = *png;
  return std::nullopt;
}

FleetAnswer publish(FleetStore& fleet, HubStorage& storage, const User& who, const json& body) {
  PublishRequest r;
  r.scope = scope_of(body);
  r.target = text_field(body, "target").substr(0, 64);
  r.survey_text = text_field(body, "survey");
  const std::string file = text_field(body, "file").substr(0, 200);
  // Only the base name: it is shown in messages, never opened.
  r.survey_file = file.empty() ? "survey.json" : std::filesystem::path(file).filename();
  r.translations_text = text_field(body, "translations");
  if (auto refusal = take_logo(body, r)) return *refusal;
  r.by = who.name;
  try {
    const Publication p = publish_survey(fleet, r, system_now_ms());
    storage.audit({p.published_at, who.name, "survey_publish", p.version(), describe(p)});
    return {200, {{"published", publication_json(p)}}};
  } catch (const LogoError& e) {
    return logo_refused(e);
  } catch (const ConfigError& e) {
    return refused(422, e.what());
  } catch (const std::invalid_argument& e) {
    return refused(400, e.what());
  }
}

FleetAnswer roll_back(FleetStore& fleet, HubStorage& storage, const User& who, const json& body) {
  const FleetScope scope = scope_of(body);
  const std::string target = scope == FleetScope::chain ? "" : text_field(body, "target").substr(0, 64);
  try {
    const Millis now = system_now_ms();
    const auto p = fleet.roll_back(scope, target, now);
    if (!p) return refused(404, "nothing published there to roll back");
    storage.audit({now, who.name, "survey_rollback", p->version(), describe(*p)});
    return {200, {{"rolled_back", publication_json(*p)}}};
  } catch (const std::invalid_argument& e) {
    return refused(409, e.what());
  }
}

}  // namespace

bool is_fleet_path(const std::string& path) { return path == "/api/fleet" || path.starts_with("/api/fleet/"); }

FleetAnswer fleet_get(FleetStore* fleet, const User& who) {
  if (!fleet) return refused(404, "this hub publishes no surveys");
  json publications = json::array();
  for (const auto& p : fleet->publications(publications_shown)) {
    // A manager sees what reaches their sites: the chain's, their sites' and their kiosks'.
    if (!who.sees_every_site() && p.scope == FleetScope::site &&
        std::find(who.sites.begin(), who.sites.end(), p.target) == who.sites.end())
      continue;
    publications.push_back(publication_json(p));
  }
  return {200,
          {{"kiosks", fleet->fleet(who.sees_every_site(), who.sites)},
           {"publications", publications},
           {"may_publish", who.role == Role::admin}}};
}

FleetAnswer fleet_post(FleetStore* fleet, HubStorage& storage, const User& who, const std::string& path,
                       const json& body) {
  if (!fleet) return refused(404, "this hub publishes no surveys");
  // A survey reaches customers in every store: head office's decision.
  if (who.role != Role::admin) return refused(403, "only an admin publishes or rolls back surveys");
  if (path == "/api/fleet/publish") return publish(*fleet, storage, who, body);
  if (path == "/api/fleet/rollback") return roll_back(*fleet, storage, who, body);
  return refused(404, "no such endpoint");
}

}  // namespace heard::hub
