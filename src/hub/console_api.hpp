#pragma once
// The console's JSON API under /api/ and its files, for people signed in with a name and
// password. Sessions are random ids kept as digests in the database, sent as an HttpOnly,
// SameSite=Strict cookie (Secure under TLS); every state-changing request also carries the
// session's CSRF token in X-CSRF-Token. What a person sees is cut to their sites by the
// storage's queries, so another site's case is simply "not found".
#include <filesystem>

#include "alerts/alerts_api.hpp"
#include "export_stream.hpp"
#include "fleet_store.hpp"
#include "http_types.hpp"
#include "hub_storage.hpp"
#include "sign_in_limiter.hpp"
#include "static_files.hpp"

namespace heard::hub {

struct ConsoleOptions {
  bool secure_cookies = false;  // under TLS
  int session_hours = 12;
  std::filesystem::path assets;         // the console's files; empty: API only
  alerts::AlertsApi* alerts = nullptr;  // /api/alerts; none: the hub has no [alerts]
};

class ConsoleApi {
 public:
  // Downloads stream through `exports`, which must outlive the requests being answered.
  ConsoleApi(HubStorage& storage, ExportStreams& exports, const ConsoleOptions& options, FleetStore* fleet = nullptr);

  static bool owns(const std::string& path);  // "/", /console/..., /api/...
  // A reply now, or nothing: a POST that may go on, whose body on_body then gets.
  std::optional<HttpReply> on_head(const RequestHead& head);
  HttpReply on_body(const RequestHead& head, const std::string& body);

 private:
  struct Caller {
    Session session;
    std::string digest;
  };
  std::optional<Caller> caller(const RequestHead& head);
  std::optional<HttpReply> refuse_write(const RequestHead& head, const std::optional<Caller>& who);
  HttpReply get(const RequestHead& head, const Caller& who);
  HttpReply post(const RequestHead& head, const Caller& who, const nlohmann::json& body);
  HttpReply sign_in(const RequestHead& head, const std::string& body);
  HttpReply sign_out(const Caller& who);
  HttpReply follow_up(const Caller& who, const std::string& id, const nlohmann::json& body);
  HttpReply reveal(const Caller& who, const std::string& id);
  HttpReply change_people(const RequestHead& head, const Caller& who, const nlohmann::json& body);
  static std::optional<nlohmann::json> response_filter(const RequestHead& head, std::string& error);
  HttpReply responses(const RequestHead& head, const Caller& who);
  HttpReply download(const RequestHead& head, const Caller& who, store::ExportFormat format);
  void audit(const std::string& who, const std::string& action, const std::string& target, const std::string& detail);

  HubStorage& storage_;
  ExportStreams& exports_;
  FleetStore* fleet_;  // published surveys (console_fleet.hpp); none: the fleet page says so
  ConsoleOptions options_;
  StaticFiles files_;
  SignInLimiter limiter_;
};

}  // namespace heard::hub
