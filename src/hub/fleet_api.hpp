#pragma once
// The kiosks' side of published surveys (PROTOCOL 1.1): GET /v1/kiosks/{id}/config with
// ETag and If-None-Match, and the survey_version / config_error of their heartbeats.
#include <string>
#include <string_view>

#include "fleet_store.hpp"
#include "http_types.hpp"

namespace heard::hub {

// The strong ETag of a publication: "\"hub-7\"".
std::string fleet_etag(const Publication& p);

// Whether an If-None-Match header ("\"hub-6\", \"hub-7\"", W/ allowed, or *) names `etag`.
// A kiosk names the publication it runs and the one it last refused, so that it is not sent
// a survey again that it could not run.
bool etag_listed(std::string_view if_none_match, const std::string& etag);

// The reply to an authorised kiosk: 200 with the publication, or 304 when it names the one
// it should run. With nothing published for it, 304 too: "keep running what you have" (its
// local file); a 404 would tell it the hub has no such endpoint and to ask again a day later.
HttpReply config_reply(FleetStore& fleet, const std::string& kiosk, std::string_view if_none_match);

// survey_version and config_error of a heartbeat body that read_heartbeat accepted; absent
// or malformed fields are empty. Texts are cut to 200 and 2000 bytes.
SurveyReport read_survey_report(std::string_view heartbeat_body);

}  // namespace heard::hub
