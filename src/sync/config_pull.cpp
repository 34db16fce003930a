#include "sync/config_pull.hpp"

#include "core/config_error.hpp"
#include "core/fleet_config.hpp"
#include "core/log.hpp"
#include "sync/protocol.hpp"

namespace heard::sync {

namespace {

using Outcome = ConfigPullReport::Outcome;

ConfigPullReport report(Outcome outcome, std::string error = {}, std::string version = {}) {
  return {outcome, std::move(version), std::move(error)};
}

std::string join(const std::vector<std::string>& etags) {
  std::string out;
  for (const auto& e : etags) out += (out.empty() ? "" : ", ") + e;
  return out;
}

// A category saved responses use that the new survey neither offers nor lists as retired.
std::string lost_category(const SurveyConfig& survey, const std::vector<std::string>& used) {
  for (const auto& id : used)
    if (!knows_category(survey, id)) return id;
  return {};
}

}  // namespace

ConfigVerdict check_config_body(std::string_view body, std::string_view kiosk_id,
                                const std::vector<std::string>& used_categories) {
  using Kind = ConfigVerdict::Kind;
  FleetConfig config;
  try {
    config = parse_fleet_config(body, "the hub's survey");
  } catch (const ConfigError& e) {
    // Not JSON, or not a publication at all: garbage, asked again next time.
    if (e.key().empty() || e.key() == "version" || e.key() == "survey")
      return {Kind::garbage, {}, sanitize_hub_text(e.what(), 400)};
    // A survey the kiosk's validator refuses: remembered, so it is not fetched again, and reported.
    return {Kind::unusable, {}, sanitize_hub_text(e.what(), 400)};
  }
  if (!config.kiosk_id.empty() && config.kiosk_id != kiosk_id)
    return {Kind::garbage, config.version,
            "the hub sent a survey meant for kiosk '" + sanitize_hub_text(config.kiosk_id, 64) + "'; ignored"};
  if (const auto lost = lost_category(config.survey, used_categories); !lost.empty())
    return {Kind::unusable, config.version,
            sanitize_hub_text(config.version + " drops category '" + lost +
                                  "' that saved responses use; list it under \"retired\" to publish it",
                              400)};
  return {Kind::stage, config.version, {}};
}

ConfigPullReport pull_config(HttpClient& http, std::string_view base, std::string_view kiosk_id, ConfigFolder& folder,
                             store::Outbox& outbox, const std::atomic<bool>& stop,
                             std::optional<std::chrono::milliseconds> timeout) {
  std::vector<std::string> headers = {"Accept: application/json"};
  if (const auto etags = folder.known_etags(); !etags.empty()) headers.push_back("If-None-Match: " + join(etags));
  const HttpResponse reply =
      http.get(kiosk_endpoint(base, kiosk_id, config_path), headers, stop, max_fleet_config_bytes, timeout);
  if (reply.interrupted) return report(Outcome::interrupted);
  if (reply.status == 304) return report(Outcome::unchanged);
  if (reply.status == 404) return report(Outcome::not_offered);
  if (reply.status == 401 || reply.status == 403) return report(Outcome::refused);
  if (reply.status != 200)
    return report(Outcome::failed, reply.status ? "the hub answered " + std::to_string(reply.status) + ": " +
                                                      sanitize_hub_text(reply.body)
                                                : reply.error);
  const ConfigVerdict verdict = check_config_body(reply.body, kiosk_id, outbox.used_categories());
  if (verdict.kind == ConfigVerdict::Kind::garbage) return report(Outcome::failed, verdict.error);
  const std::string etag = !reply.etag.empty()       ? reply.etag
                           : verdict.version.empty() ? ""
                                                     : "\"" + verdict.version + "\"";
  if (verdict.kind == ConfigVerdict::Kind::unusable) {
    folder.set_refused({etag, verdict.error});
    return report(Outcome::unusable, verdict.error, verdict.version);
  }
  folder.stage({etag, reply.body});
  folder.clear_refused();
  return report(Outcome::staged, {}, verdict.version);
}

}  // namespace heard::sync
