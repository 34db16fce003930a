#pragma once
// A hub with a configuration file, two sites, a kiosk each, and three people, as a real
// process on loopback; and a console client that keeps its session cookie and CSRF token.
#include <curl/curl.h>

#include <nlohmann/json.hpp>

#include "support/sync_fixture.hpp"

namespace heard::test {

// heard-hub with `input` on its standard input (passwords).
inline Run run_hub(const TempDir& dir, const std::vector<std::string>& args, const std::string& input = "") {
  const auto in = dir / "hub-stdin.txt";
  write_private_file(in, input);
  std::vector<std::string> argv = {"/bin/sh", "-c",        "f=$1; shift; exec \"$@\" < \"$f\"",
                                   "sh",      in.string(), HEARD_HUB_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(dir, argv);
}

inline const std::string two_sites_config = R"(# two sites
[hub]
sla_hours = 24

[[sites]]
id = "north"
name = "North Street"
time_zone = "Europe/Madrid"
kiosks = ["north-1"]

[[sites]]
id = "south"
name = "South Square"
time_zone = "Europe/Lisbon"
kiosks = ["south-1"]
)";

inline const std::string password_of = "correct horse battery";  // everyone's, in these tests

struct ConsoleReply {
  long status = 0;
  nlohmann::json body;
  std::string headers;
};

// What a browser would do: keep the session cookie, send the CSRF token on writes.
class ConsoleClient {
 public:
  explicit ConsoleClient(std::string base) : base_(std::move(base)) {}

  ConsoleReply request(const std::string& method, const std::string& path, const std::string& body = "",
                       bool with_csrf = true) {
    std::vector<std::string> headers = {"Content-Type: application/json"};
    if (!cookie_.empty()) headers.push_back("Cookie: heard_session=" + cookie_);
    if (with_csrf && !csrf_.empty()) headers.push_back("X-CSRF-Token: " + csrf_);
    const auto raw = method == "GET" ? http("GET", base_ + path, "", "", headers)
                                     : http("POST", base_ + path, "", body.empty() ? "{}" : body, headers);
    ConsoleReply reply{raw.status, nlohmann::json::parse(raw.body, nullptr, false), raw.headers};
    return reply;
  }
  ConsoleReply get(const std::string& path) { return request("GET", path); }
  // A download: the body as sent, not parsed.
  HttpReply download(const std::string& path) {
    std::vector<std::string> headers;
    if (!cookie_.empty()) headers.push_back("Cookie: heard_session=" + cookie_);
    return http("GET", base_ + path, "", "", headers);
  }
  ConsoleReply post(const std::string& path, const nlohmann::json& body = nlohmann::json::object()) {
    return request("POST", path, body.dump());
  }

  ConsoleReply sign_in(const std::string& name, const std::string& password = password_of) {
    auto reply = request("POST", "/api/session", nlohmann::json{{"name", name}, {"password", password}}.dump(), false);
    const auto at = reply.headers.find("heard_session=");
    if (reply.status == 200 && at != std::string::npos) {
      cookie_ = reply.headers.substr(at + 14, 64);
      csrf_ = reply.body["csrf"];
    }
    return reply;
  }
  void forget_csrf() { csrf_.clear(); }
  void set_csrf(const std::string& csrf) { csrf_ = csrf; }
  const std::string& cookie() const { return cookie_; }

 private:
  std::string base_, cookie_, csrf_;
};

// Two sites (north, south) with one kiosk each; ana (admin), maria (manager of north),
// victor (viewer, every site); the hub running with them.
class ConsoleChain {
 public:
  // `config_extra`: more of hub.toml after the two sites ([alerts], say).
  explicit ConsoleChain(const TempDir& dir, const std::vector<std::string>& extra = {},
                        const std::string& config_extra = "")
      : dir_(dir), db_(hub_database(dir / "hub.db", database_)), config_(dir / "hub.toml") {
    std::ofstream(config_) << two_sites_config << config_extra;
    add_user("ana", {"--role", "admin"});
    add_user("maria", {"--role", "manager", "--site", "north"});
    add_user("victor", {"--role", "viewer"});
    north_token = add_kiosk("north-1", "north");
    south_token = add_kiosk("south-1", "south");
    std::vector<std::string> argv{HEARD_HUB_PATH, "--listen", "127.0.0.1:0",   "--db",
                                  db_.string(),   "--config", config_.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    hub_ = std::make_unique<ListeningProcess>(argv, dir / "hub.log");
  }

  std::string add_kiosk(const std::string& id, const std::string& site) {
    const Run r =
        run_hub(dir_, {"kiosk", "add", id, "--site", site, "--db", db_.string(), "--config", config_.string()});
    if (r.exit_code != 0) throw std::runtime_error("kiosk add failed: " + r.err);
    return r.out.substr(0, r.out.find('\n'));
  }
  void add_user(const std::string& name, std::vector<std::string> args) {
    args.insert(args.begin(), {"user", "add", name, "--db", db_.string(), "--config", config_.string()});
    const Run r = run_hub(dir_, args, password_of + "\n");
    if (r.exit_code != 0) throw std::runtime_error("user add failed: " + r.err);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(hub_->port()); }
  int port() const { return hub_->port(); }
  const std::filesystem::path& db() const { return db_; }
  const std::filesystem::path& config() const { return config_; }
  ConsoleClient client() const { return ConsoleClient(url()); }

  std::string north_token, south_token;

 private:
  const TempDir& dir_;
  std::shared_ptr<TestPgDatabase> database_;  // before db_, which it makes
  std::filesystem::path db_, config_;
  std::unique_ptr<ListeningProcess> hub_;
};

}  // namespace heard::test
