#include "hub_server.hpp"

#include <sodium.h>

#include "core/log.hpp"
#include "core/response.hpp"
#include "core/time.hpp"
#include "fleet_api.hpp"
#include "secrets.hpp"
#include "sync/protocol.hpp"
#include "tokens.hpp"

namespace heard::hub {

namespace {

// /v1/kiosks/{kiosk}/{action}, with a kiosk id free of slashes, as the protocol's routes.
struct KioskRoute {
  std::string kiosk;
  std::string action;  // feedback, events, heartbeat or config
};

std::optional<KioskRoute> kiosk_route(std::string_view path) {
  constexpr std::string_view prefix = "/v1/kiosks/";
  if (!path.starts_with(prefix)) return std::nullopt;
  path.remove_prefix(prefix.size());
  const auto slash = path.find('/');
  if (slash == 0 || slash == std::string_view::npos) return std::nullopt;
  KioskRoute route{std::string(path.substr(0, slash)), std::string(path.substr(slash + 1))};
  if (route.action != "feedback" && route.action != "events" && route.action != "heartbeat" && route.action != "config")
    return std::nullopt;
  if (route.kiosk.empty() || route.kiosk.size() > 64) return std::nullopt;
  return route;
}

std::string body_digest(std::string_view body) {
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::optional<Millis> time_param(const RequestHead& head, const char* name, std::string& error) {
  const auto text = head.query(name);
  if (!text) return std::nullopt;
  const auto t = parse_iso8601(*text);
  if (!t) error = std::string(name) + ": expected an ISO 8601 date or time such as 2026-11-23";
  return t;
}

HttpReply not_found() { return error_reply(404, "no such endpoint"); }

}  // namespace

HubServer::HubServer(HubStorage& storage, const ServerOptions& options, FleetStore* fleet)
    : storage_(storage),
      fleet_(fleet),
      on_feedback_(options.on_feedback),
      console_(storage, exports_, options.console, fleet),
      http_(*this, options.limits, {options.cert_file, options.key_file}) {}

HubServer::~HubServer() { stop(); }

int HubServer::bind(const std::string& host, int port) { return http_.start(host, port); }

void HubServer::serve() {
  std::unique_lock lock(mutex_);
  stopped_.wait(lock, [this] { return stopping_; });
}

void HubServer::stop() {
  http_.stop();
  exports_.wait_all();
  std::lock_guard lock(mutex_);
  stopping_ = true;
  stopped_.notify_all();
}

// Who is calling: nothing when the bearer token may act for `kiosk`, else the refusal.
std::optional<std::string> HubServer::token_owner(const RequestHead& head) {
  const std::string authorization = head.header_or_empty("Authorization");
  const auto token = bearer_token(authorization);  // a view into `authorization`
  if (token.empty() || token.size() > 512) return std::nullopt;
  return storage_.kiosk_for_token(token_digest(token));
}

std::optional<HttpReply> HubServer::authorise(const RequestHead& head, const std::string& kiosk) {
  const auto owner = token_owner(head);
  if (!owner) return error_reply(401, "missing or unknown bearer token");
  if (*owner == admin_id) return error_reply(403, "the admin token downloads; it uploads nothing");
  if (*owner != kiosk) return error_reply(403, "this token does not belong to kiosk '" + kiosk + "'");
  return std::nullopt;
}

std::optional<HttpReply> HubServer::on_head(const RequestHead& head) {
  const bool get = head.method == "GET" || head.method == "HEAD";
  if (get && head.path == "/healthz") {
    if (!storage_.healthy()) return error_reply(503, "storage unavailable");
    return HttpReply{200, "text/plain", "ok\n", {}, nullptr};
  }
  if (get && head.path == "/v1/feedback.csv")
    return download(head, store::ExportFormat::csv, "text/csv; charset=utf-8");
  if (get && head.path == "/v1/feedback.ndjson")
    return download(head, store::ExportFormat::ndjson, "application/x-ndjson");
  if (ConsoleApi::owns(head.path)) return console_.on_head(head);
  const auto route = kiosk_route(head.path);
  if (get && route && route->action == "events") return events_since(head, route->kiosk);
  if (get && route && route->action == "config") {
    if (!fleet_) return not_found();
    if (auto refused = authorise(head, route->kiosk)) return *refused;
    return config_reply(*fleet_, route->kiosk, head.header_or_empty("If-None-Match").substr(0, 1000));
  }
  if (head.method != "POST" || !route || route->action == "config") return not_found();
  return authorise(head, route->kiosk);  // nothing: read the body, then on_body
}

// Protocol 1.1: follow-up events made elsewhere about this kiosk's responses, after a cursor.
HttpReply HubServer::events_since(const RequestHead& head, const std::string& kiosk) {
  if (auto refused = authorise(head, kiosk)) return *refused;
  std::int64_t cursor = 0;
  int limit = 500;
  try {
    if (const auto after = head.query("after"); after && !after->empty()) cursor = std::stoll(*after);
    if (const auto n = head.query("limit")) limit = std::stoi(*n);
  } catch (const std::exception&) {
    return error_reply(400, "after: expected a cursor this hub gave; limit: a number");
  }
  if (cursor < 0 || limit < 1) return error_reply(400, "after and limit must be positive");
  // Events are small (a note is at most 2 KB), so 500 stay well under the protocol's 1 MiB.
  limit = std::min(limit, 500);
  return HttpReply{200, "application/json", storage_.events_for_kiosk(kiosk, cursor, limit).dump(), {}, nullptr};
}

HttpReply HubServer::on_body(const RequestHead& head, std::string body) {
  if (ConsoleApi::owns(head.path)) return console_.on_body(head, body);
  const auto route = kiosk_route(head.path);
  if (!route) return not_found();  // on_head let only these through
  return upload(head, route->kiosk, route->action, std::move(body));
}

HttpReply HubServer::upload(const RequestHead& head, const std::string& kiosk, const std::string& what,
                            std::string body) {
  try {
    if (what == "heartbeat") {
      const Heartbeat heartbeat = read_heartbeat(body, kiosk);
      storage_.store_heartbeat(heartbeat);
      if (fleet_) fleet_->note_report(kiosk, read_survey_report(body), system_now_ms());
      return HttpReply{204, "", "", {}, nullptr};
    }
    const UploadKey key{head.header_or_empty("Idempotency-Key").substr(0, 200), body_digest(body)};
    const sync::BatchReply reply = what == "feedback"
                                       ? storage_.store_feedback(kiosk, key, read_feedback_batch(body, kiosk))
                                       : storage_.store_events(kiosk, key, read_event_batch(body));
    if (what == "feedback" && !reply.accepted.empty() && on_feedback_) on_feedback_();
    return HttpReply{200, "application/json", sync::to_json_text(reply), {}, nullptr};
  } catch (const IdempotencyKeyReused& e) {
    return error_reply(422, e.what());
  } catch (const BatchTooLarge& e) {
    return error_reply(413, e.what());
  } catch (const UnreadableBatch& e) {
    return error_reply(400, e.what());
  }
}

HttpReply HubServer::download(const RequestHead& head, store::ExportFormat format, const char* content_type) {
  // An admin's own API token (heard-hub user token NAME), or the old shared admin token.
  const std::string authorization = head.header_or_empty("Authorization");
  const auto token = bearer_token(authorization);
  const auto person =
      token.empty() || token.size() > 512 ? std::nullopt : storage_.user_for_api_token(token_digest(token));
  const auto owner = person ? std::optional<std::string>() : token_owner(head);
  if (!person && !owner) return error_reply(401, "missing or unknown bearer token");
  if (person ? person->role != Role::admin : *owner != admin_id)
    return error_reply(403, "downloads need an admin's API token");
  store::ExportFilter filter;
  std::string error;
  filter.since = time_param(head, "since", error);
  filter.until = time_param(head, "until", error);
  if (const auto kind = head.query("kind")) {
    filter.kind = kind_from_string(*kind);
    if (!filter.kind) error = "kind: expected complaint, compliment or suggestion";
  }
  if (const auto text = head.query("max_rating")) {
    if (text->size() != 1 || (*text)[0] < '1' || (*text)[0] > '5') error = "max_rating: expected 1 to 5";
    else filter.max_rating = (*text)[0] - '0';
  }
  filter.include_contact = head.query("include_contact") == std::optional<std::string>("true");
  if (!error.empty()) return error_reply(400, error);
  HttpReply reply{200, content_type, "", {}, nullptr};
  reply.stream = exports_.start(
      [this, filter, format](const store::ExportSink& sink) { storage_.export_feedback(filter, format, sink); });
  return reply;
}

}  // namespace heard::hub
