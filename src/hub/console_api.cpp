#include "console_api.hpp"

#include <sodium.h>

#include "console_fleet.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "core/uuid.hpp"
#include "secrets.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {

constexpr std::string_view cookie_name = "heard_session";
constexpr Millis day_ms = 86'400'000;
const char* generic_refusal = "wrong name or password";

HttpReply json_reply(int status, const json& body) {
  HttpReply reply{status, "application/json", body.dump(), {}, nullptr};
  add_console_headers(reply);
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

HttpReply refusal(int status, const std::string& message) { return json_reply(status, {{"error", message}}); }

std::string session_cookie(std::string_view header) {
  std::size_t at = 0;
  while (at < header.size()) {
    while (at < header.size() && (header[at] == ' ' || header[at] == ';')) ++at;
    const auto end = std::min(header.find(';', at), header.size());
    const auto pair = header.substr(at, end - at);
    if (pair.starts_with(cookie_name) && pair.size() > cookie_name.size() && pair[cookie_name.size()] == '=')
      return std::string(pair.substr(cookie_name.size() + 1));
    at = end;
  }
  return {};
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// /api/cases/{id} and /api/cases/{id}/{action}
struct CasePath {
  std::string id, action;
};
std::optional<CasePath> case_path(std::string_view path) {
  constexpr std::string_view prefix = "/api/cases/";
  if (!path.starts_with(prefix)) return std::nullopt;
  path.remove_prefix(prefix.size());
  const auto slash = path.find('/');
  CasePath c{std::string(path.substr(0, slash)),
             slash == std::string_view::npos ? "" : std::string(path.substr(slash + 1))};
  if (!is_uuid(c.id)) return std::nullopt;
  return c;
}

std::optional<int> whole_param(const RequestHead& head, const char* name, int lo, int hi) {
  const auto text = head.query(name);
  if (!text || text->empty() || text->size() > 9) return std::nullopt;
  for (char c : *text)
    if (c < '0' || c > '9') return std::nullopt;
  const int n = std::stoi(*text);
  if (n < lo || n > hi) return std::nullopt;
  return n;
}

json me(const Session& s) {
  return {{"name", s.user.name},
          {"role", to_string(s.user.role)},
          {"sites", s.user.sites},
          {"every_site", s.user.sees_every_site()},
          {"may_follow_up", s.user.may_follow_up()},
          {"csrf", s.csrf}};
}

}  // namespace

ConsoleApi::ConsoleApi(HubStorage& storage, ExportStreams& exports, const ConsoleOptions& options, FleetStore* fleet)
    : storage_(storage), exports_(exports), fleet_(fleet), options_(options) {
  // Without its files the hub still serves kiosks and the API: a missing folder is a
  // packaging mistake to report, not a reason to stop receiving feedback.
  if (!options.assets.empty() && std::filesystem::is_directory(options.assets)) files_ = StaticFiles(options.assets);
  else if (!options.assets.empty()) log::warning("hub: no console files in " + options.assets.string() + "; API only");
}

bool ConsoleApi::owns(const std::string& path) {
  return path == "/" || path.starts_with("/console/") || path.starts_with("/api/");
}

void ConsoleApi::audit(const std::string& who, const std::string& action, const std::string& target,
                       const std::string& detail) {
  storage_.audit({system_now_ms(), who, action, target, detail});
}

std::optional<ConsoleApi::Caller> ConsoleApi::caller(const RequestHead& head) {
  const auto token = session_cookie(head.header_or_empty("Cookie"));
  if (token.size() != 64) return std::nullopt;
  const auto digest = token_digest(token);
  auto session = storage_.find_session(digest, system_now_ms());
  if (!session) return std::nullopt;
  return Caller{std::move(*session), digest};
}

// A state-changing request goes on only signed in, with the session's CSRF token.
std::optional<HttpReply> ConsoleApi::refuse_write(const RequestHead& head, const std::optional<Caller>& who) {
  if (!who) return refusal(401, "sign in first");
  if (!same_secret(head.header_or_empty("X-CSRF-Token"), who->session.csrf))
    return refusal(403, "missing or wrong CSRF token; reload the page");
  return std::nullopt;
}

std::optional<HttpReply> ConsoleApi::on_head(const RequestHead& head) {
  const bool read = head.method == "GET" || head.method == "HEAD";
  if (!head.path.starts_with("/api/")) {
    if (read)
      if (auto file = files_.get(head.path, head.header_or_empty("Accept-Encoding").find("gzip") != std::string::npos))
        return file;
    return refusal(404, "no such page");
  }
  if (head.method == "POST" && head.path == "/api/session") return std::nullopt;
  const auto who = caller(head);
  if (head.method == "POST") return refuse_write(head, who);
  if (!read) return refusal(405, "method not allowed");
  if (!who) return refusal(401, "sign in first");
  return get(head, *who);
}

HttpReply ConsoleApi::on_body(const RequestHead& head, const std::string& body) {
  if (head.path == "/api/session") return sign_in(head, body);
  const auto who = caller(head);
  if (auto refused = refuse_write(head, who)) return *refused;
  json parsed = json::object();
  if (!body.empty()) {
    parsed = json::parse(body, nullptr, false);
    if (!parsed.is_object()) return refusal(400, "expected a JSON object");
  }
  try {
    return post(head, *who, parsed);
  } catch (const nlohmann::json::exception&) {  // a field of the wrong type, say "status": 3
    return refusal(400, "a field has the wrong type");
  }
}

HttpReply ConsoleApi::get(const RequestHead& head, const Caller& who) {
  const auto& user = who.session.user;
  const Millis now = system_now_ms();
  if (head.path == "/api/me") return json_reply(200, me(who.session));
  if (alerts::AlertsApi::owns(head.path)) {
    if (!options_.alerts) return refusal(404, "this hub has no [alerts] configured");
    const auto [status, body] = options_.alerts->get(head.path, user);
    return json_reply(status, body);
  }
  if (head.path == "/api/overview") {
    const int days = whole_param(head, "days", 1, 366).value_or(30);
    return json_reply(200, storage_.overview(user, now - days * day_ms, now, now));
  }
  if (head.path == "/api/insights") {
    const int days = whole_param(head, "days", 1, 366).value_or(30);
    const auto by = head.query("by").value_or("day");
    if (by != "day" && by != "week") return refusal(400, "by: expected day or week");
    const std::string site = head.query("site").value_or("").substr(0, 100);
    return json_reply(200, storage_.insights(user, site, now - days * day_ms, now, by == "week"));
  }
  if (head.path == "/api/cases") return json_reply(200, {{"cases", storage_.cases(user, now)}, {"now", now}});
  if (head.path == "/api/responses") return responses(head, who);
  if (is_fleet_path(head.path)) {
    const auto answer = fleet_get(fleet_, user);
    return json_reply(answer.status, answer.body);
  }
  if (head.path == "/api/responses.csv") return download(head, who, store::ExportFormat::csv);
  if (head.path == "/api/responses.ndjson") return download(head, who, store::ExportFormat::ndjson);
  if (head.path == "/api/people") {
    if (user.role != Role::admin) return refusal(403, "only an admin manages people");
    return json_reply(200, {{"people", storage_.people()}});
  }
  if (head.path == "/api/audit") {
    if (user.role != Role::admin) return refusal(403, "only an admin reads the audit log");
    return json_reply(200, {{"entries", storage_.audit_log(200)}});
  }
  if (const auto c = case_path(head.path); c && c->action.empty()) {
    auto found = storage_.find_case(user, c->id, now);
    if (!found) return refusal(404, "no such case");
    return json_reply(200, {{"case", *found}, {"now", now}});
  }
  return refusal(404, "no such endpoint");
}

// The filters of the responses page, from its query string; nothing when one is malformed.
std::optional<json> ConsoleApi::response_filter(const RequestHead& head, std::string& error) {
  json filter = json::object();
  for (const char* key : {"site", "kiosk", "kind", "category"})
    if (const auto v = head.query(key); v && !v->empty()) filter[key] = v->substr(0, 100);
  if (const auto rating = whole_param(head, "rating", 1, 5)) filter["rating"] = *rating;
  if (const auto text = head.query("q"); text && !text->empty()) filter["text"] = text->substr(0, 200);
  if (const auto days = whole_param(head, "days", 1, 3660)) filter["since"] = system_now_ms() - *days * day_ms;
  if (const auto flagged = head.query("flagged"); flagged && !flagged->empty()) {
    if (*flagged != "yes" && *flagged != "no") {
      error = "flagged: expected yes or no";
      return std::nullopt;
    }
    filter["flagged"] = *flagged == "yes";
  }
  return filter;
}

HttpReply ConsoleApi::responses(const RequestHead& head, const Caller& who) {
  std::string error;
  auto filter = response_filter(head, error);
  if (!filter) return refusal(400, error);
  if (const auto before = head.query("before"); before && !before->empty()) {
    const auto dot = before->find('.');
    try {
      (*filter)["before_at"] = std::stoll(before->substr(0, dot));
      (*filter)["before_seq"] = std::stoll(before->substr(dot + 1));
    } catch (const std::exception&) {
      return refusal(400, "before: expected the cursor a previous page gave");
    }
  }
  const int limit = whole_param(head, "limit", 1, 200).value_or(50);
  return json_reply(200, storage_.responses(who.session.user, *filter, limit));
}

// The page's rows, all of them, streamed: contact details stay out (revealing them is audited
// one case at a time), and the download itself is audited with its filter.
HttpReply ConsoleApi::download(const RequestHead& head, const Caller& who, store::ExportFormat format) {
  std::string error;
  const auto filter = response_filter(head, error);
  if (!filter) return refusal(400, error);
  const bool csv = format == store::ExportFormat::csv;
  audit(who.session.user.name, "download", csv ? "csv" : "ndjson", filter->dump());
  HttpReply reply{200, csv ? "text/csv; charset=utf-8" : "application/x-ndjson", "", {}, nullptr};
  add_console_headers(reply);
  reply.headers.emplace_back("Cache-Control", "no-store");
  reply.headers.emplace_back("Content-Disposition",
                             std::string("attachment; filename=\"responses.") + (csv ? "csv" : "ndjson") + "\"");
  reply.stream =
      exports_.start([this, user = who.session.user, filter = *filter, format](const store::ExportSink& sink) {
        storage_.export_responses(user, filter, format, sink);
      });
  return reply;
}

HttpReply ConsoleApi::post(const RequestHead& head, const Caller& who, const json& body) {
  if (head.path == "/api/signout") return sign_out(who);
  if (is_fleet_path(head.path)) {
    const auto answer = fleet_post(fleet_, storage_, who.session.user, head.path, body);
    return json_reply(answer.status, answer.body);
  }
  if (head.path.starts_with("/api/people")) return change_people(head, who, body);
  if (alerts::AlertsApi::owns(head.path)) {
    if (!options_.alerts) return refusal(404, "this hub has no [alerts] configured");
    const auto [status, reply] = options_.alerts->post(head.path, who.session.user, body);
    if (status < 300) audit(who.session.user.name, "alerts_" + head.path.substr(12), "alerts", body.dump());
    return json_reply(status, reply);
  }
  if (const auto c = case_path(head.path)) {
    if (!who.session.user.may_follow_up()) return refusal(403, "viewers read only");
    if (c->action == "events") return follow_up(who, c->id, body);
    if (c->action == "reveal") return reveal(who, c->id);
  }
  return refusal(404, "no such endpoint");
}

HttpReply ConsoleApi::sign_in(const RequestHead& head, const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("password") ||
      !j["password"].is_string())
    return refusal(400, "expected {\"name\": ..., \"password\": ...}");
  const std::string name = j["name"].get<std::string>().substr(0, 100);
  const std::string password = j["password"];
  const auto now = SignInLimits::Clock::now();
  std::chrono::seconds wait{0};
  SignInLimits* shared = storage_.shared_sign_in_limits();
  SignInLimits& limiter = shared ? *shared : static_cast<SignInLimits&>(limiter_);
  if (!limiter.allowed(name, head.address, now, wait)) {
    audit(name, "sign_in_refused", head.address, "too many failures");
    auto reply = refusal(429, "too many failed sign-ins; try again later");
    reply.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return reply;
  }
  auto user = storage_.find_user(name);
  if (!user) waste_password_check(password);
  if (!user || user->disabled || !password_matches(user->password_hash, password)) {
    limiter.failed(name, head.address, now);
    audit(name, "sign_in_failed", head.address, "");
    return refusal(401, generic_refusal);
  }
  limiter.succeeded(name);
  const std::string token = random_token();
  Session session{*user, random_token(), system_now_ms() + options_.session_hours * 3'600'000LL};
  storage_.add_session(token_digest(token), user->id, session.csrf, session.expires_at);
  audit(user->name, "sign_in", head.address, "");
  auto reply = json_reply(200, me(session));
  reply.headers.emplace_back(
      "Set-Cookie", std::string(cookie_name) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                        std::to_string(options_.session_hours * 3600) + (options_.secure_cookies ? "; Secure" : ""));
  return reply;
}

HttpReply ConsoleApi::sign_out(const Caller& who) {
  storage_.end_session(who.digest);
  audit(who.session.user.name, "sign_out", "", "");
  auto reply = json_reply(200, {{"signed_out", true}});
  reply.headers.emplace_back("Set-Cookie", std::string(cookie_name) +
                                               "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                               (options_.secure_cookies ? "; Secure" : ""));
  return reply;
}

HttpReply ConsoleApi::follow_up(const Caller& who, const std::string& id, const json& body) {
  const auto& user = who.session.user;
  const std::string status = body.value("status", "");
  if (status != "assigned" && status != "note" && status != "contacted" && status != "resolved" &&
      status != "unreachable")
    return refusal(400, "status: expected assigned, note, contacted, resolved or unreachable");
  const json note = body.value("note", json(""));
  const json to = body.value("to", json(""));
  if (!note.is_string() || note.get<std::string>().size() > 2000) return refusal(400, "note: text up to 2000 bytes");
  if (!to.is_string() || to.get<std::string>().size() > 100) return refusal(400, "to: a name up to 100 bytes");
  if (status == "assigned" && to.get<std::string>().empty()) return refusal(400, "to: whom to assign the case to");
  if (status == "note" && note.get<std::string>().empty()) return refusal(400, "note: empty");
  const Millis now = system_now_ms();
  if (!storage_.find_case(user, id, now)) return refusal(404, "no such case");
  store::FollowupEvent event{make_uuid_v7(), id, now, status, user.name, note};
  storage_.add_hub_event(event, to);
  audit(user.name, "followup", id, status);
  return json_reply(200, {{"case", *storage_.find_case(user, id, now)}, {"now", now}});
}

namespace {

std::optional<std::string> password_problem(const json& password) {
  if (!password.is_string()) return "password: expected text";
  const auto size = password.get<std::string>().size();
  if (size < 10 || size > 200) return "password: 10 to 200 characters";
  return std::nullopt;
}

}  // namespace

// What `heard-hub user add/passwd/disable` does, for an admin in the console; audited alike.
HttpReply ConsoleApi::change_people(const RequestHead& head, const Caller& who, const json& body) {
  if (who.session.user.role != Role::admin) return refusal(403, "only an admin manages people");
  const json name_field = body.value("name", json(""));
  if (!name_field.is_string() || name_field.get<std::string>().empty() || name_field.get<std::string>().size() > 64)
    return refusal(400, "name: 1 to 64 characters");
  const std::string name = name_field;
  const std::string& admin = who.session.user.name;
  if (head.path == "/api/people") {
    const auto role = role_from_string(body.value("role", ""));
    if (!role) return refusal(400, "role: expected admin, manager or viewer");
    const json sites = body.value("sites", json::array());
    if (!sites.is_array() || sites.size() > 1000) return refusal(400, "sites: expected a list of site ids");
    User u;
    u.name = name;
    u.role = *role;
    for (const auto& s : sites) {
      if (!s.is_string()) return refusal(400, "sites: expected a list of site ids");
      u.sites.push_back(s);
    }
    if (*role == Role::manager && u.sites.empty()) return refusal(400, "sites: a manager needs at least one site");
    if (*role == Role::admin && !u.sites.empty()) return refusal(400, "sites: an admin sees every site; name none");
    if (auto problem = password_problem(body.value("password", json()))) return refusal(400, *problem);
    u.password_hash = hash_password(body["password"].get<std::string>());
    try {
      storage_.add_user(u);
    } catch (const std::invalid_argument& e) {
      return refusal(409, e.what());
    }
    audit(admin, "user_add", name, to_string(*role));
    return json_reply(200, {{"people", storage_.people()}});
  }
  bool found = false;
  std::string action;
  if (head.path == "/api/people/password") {
    if (auto problem = password_problem(body.value("password", json()))) return refusal(400, *problem);
    found = storage_.set_password(name, hash_password(body["password"].get<std::string>()));
    action = "user_passwd";
  } else if (head.path == "/api/people/disable") {
    if (name == admin) return refusal(400, "you cannot disable yourself; ask another admin");
    found = storage_.disable_user(name);
    action = "user_disable";
  } else {
    return refusal(404, "no such endpoint");
  }
  if (!found) return refusal(404, "no such person");
  audit(admin, action, name, "");
  return json_reply(200, {{"people", storage_.people()}});
}

HttpReply ConsoleApi::reveal(const Caller& who, const std::string& id) {
  const auto& user = who.session.user;
  auto contact = storage_.contact(user, id);
  if (!contact) return refusal(404, "no such case");
  audit(user.name, "reveal_contact", id, "");  // stored before anything is shown
  return json_reply(200, {{"contact", *contact}});
}

}  // namespace heard::hub
