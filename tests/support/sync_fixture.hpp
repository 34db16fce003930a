#pragma once
// Real processes on loopback for the sync tests: a heard-hub child on a free port (it
// prints the port it got), heardctl runs, plain HTTP requests, and kiosk databases.
#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/response_json.hpp"
#include "hub/pg_hub_storage.hpp"
#include "store/response_store.hpp"
#include "support/child_process.hpp"
#include "support/hub_backend.hpp"
#include "support/temp_dir.hpp"

namespace heard::test {

inline const std::string kiosk_id = "store-12-exit";
inline const std::string kiosk_token = "store-12-exit-token-0123456789";
inline const std::string admin_token = "admin-token-0123456789abcdef";
// A second kiosk of the same hub, for tests of what one kiosk may do to another's records.
inline const std::string other_kiosk_id = "store-7-entrance";
inline const std::string other_kiosk_token = "store-7-entrance-token-98765";

// A program that prints "...: listening on HOST:PORT" once ready; started on a free port.
class ListeningProcess {
 public:
  ListeningProcess(const std::vector<std::string>& argv, const std::filesystem::path& log) : log_(log) {
    child_ = std::make_unique<Child>(argv, "", log_, true);
    // Generous: a loaded machine may take seconds; a program that fails to start ends the wait at once.
    const std::string line = child_->read_line(std::chrono::seconds(60));
    const auto colon = line.rfind(':');
    if (line.find("listening on") == std::string::npos || colon == std::string::npos)
      throw std::runtime_error(argv[0] + " did not start: " + line + " / " + read_text(log_));
    port_ = std::stoi(line.substr(colon + 1));
  }
  ~ListeningProcess() {
    child_->signal(SIGTERM);
    child_->wait();
  }
  int port() const { return port_; }
  std::string log() const { return read_text(log_); }
  Child& child() { return *child_; }

 private:
  std::filesystem::path log_;
  std::unique_ptr<Child> child_;
  int port_ = 0;
};

// heard-hub on 127.0.0.1 and a free port, with a kiosk token and an admin token. Options
// starting with --chaos put the tests' fault injector (heard-chaos-proxy) in front of it:
// then url() is the proxy's, and log() holds both logs.
class HubProcess {
 public:
  explicit HubProcess(const TempDir& dir, const std::vector<std::string>& extra = {}, const std::string& name = "hub")
      : db_(hub_database(dir / (name + ".db"), database_)) {
    start(dir, extra, name);
  }
  // Another heard-hub process on `other`'s database: a chain's second hub on PostgreSQL.
  HubProcess(const TempDir& dir, const HubProcess& other, const std::vector<std::string>& extra,
             const std::string& name)
      : database_(other.database_), db_(other.db_) {
    start(dir, extra, name);
  }
  ~HubProcess() {
    proxy_.reset();  // the proxy first, so nothing reaches the hub while it stops
  }

  int port() const { return proxy_ ? proxy_->port() : hub_->port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  const std::filesystem::path& db() const { return db_; }  // a file, or a postgresql:// URL
  std::string log() const { return hub_->log() + (proxy_ ? proxy_->log() : ""); }
  Child& child() { return hub_->child(); }

 private:
  void start(const TempDir& dir, const std::vector<std::string>& extra, const std::string& name) {
    const auto tokens = dir / (name + "-tokens.txt");
    write_private_file(tokens, "# kiosks\n" + kiosk_id + " " + kiosk_token + "\n" + other_kiosk_id + " " +
                                   other_kiosk_token + "\nadmin " + admin_token + "\n");
    std::vector<std::string> argv = {HEARD_HUB_PATH, "--listen", "127.0.0.1:0",  "--db",
                                     db_.string(),   "--tokens", tokens.string()};
    std::vector<std::string> chaos = {HEARD_CHAOS_PROXY_PATH};
    for (std::size_t i = 0; i < extra.size(); ++i) {
      auto& to = extra[i].starts_with("--chaos") ? chaos : argv;
      to.push_back(extra[i]);
      if (i + 1 < extra.size() && !extra[i + 1].starts_with("--")) to.push_back(extra[++i]);
    }
    hub_ = std::make_unique<ListeningProcess>(argv, dir / (name + ".log"));
    if (chaos.size() > 1) {
      chaos.insert(chaos.end(), {"--upstream", std::to_string(hub_->port())});
      proxy_ = std::make_unique<ListeningProcess>(chaos, dir / (name + "-chaos.log"));
    }
  }

  std::shared_ptr<TestPgDatabase> database_;  // first: dropped after the hub has stopped
  std::filesystem::path db_;
  std::unique_ptr<ListeningProcess> hub_;
  std::unique_ptr<ListeningProcess> proxy_;
};

inline Run run_heardctl(const TempDir& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {HEARDCTL_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(dir, argv);
}

// A device configuration for tests (heard.conf with kiosk_id and [sync]): loopback hub,
// short backoff and timeouts. `sync_settings` adds or replaces [sync] keys, values in TOML.
inline std::filesystem::path write_sync_config(const TempDir& dir, const std::string& hub_url,
                                               const std::map<std::string, std::string>& sync_settings = {}) {
  const auto token = dir / "kiosk.token";
  write_private_file(token, kiosk_token + "\n");
  std::map<std::string, std::string> settings = {
      {"hub_url", "\"" + hub_url + "\""}, {"token_file", "\"" + token.string() + "\""},
      {"backoff_min_s", "0.02"},          {"backoff_max_s", "0.2"},
      {"connect_timeout_s", "2"},         {"low_speed_time_s", "1"}};
  for (const auto& [key, value] : sync_settings) settings[key] = value;
  const auto file = dir / "heard.conf";
  std::ofstream out(file);
  out << "kiosk_id = \"" << kiosk_id << "\"\n\n[sync]\n";
  for (const auto& [key, value] : settings) out << key << " = " << value << "\n";
  return file;
}

// A device configuration that sets nothing: the command line says everything.
inline std::filesystem::path empty_config(const TempDir& dir) {
  const auto file = dir / "empty.conf";
  std::ofstream(file) << "# no settings\n";
  return file;
}

struct HttpReply {
  long status = 0;
  std::string body;
  std::string headers;
};

// One plain HTTP request with libcurl's easy interface; `method` is "GET" or "POST".
inline HttpReply http(const std::string& method, const std::string& url, const std::string& token,
                      const std::string& body = "", const std::vector<std::string>& headers = {}) {
  CURL* h = curl_easy_init();
  curl_slist* list = nullptr;
  if (!token.empty()) list = curl_slist_append(list, ("Authorization: Bearer " + token).c_str());
  list = curl_slist_append(list, "Expect:");
  for (const auto& line : headers) list = curl_slist_append(list, line.c_str());
  HttpReply reply;
  const auto append = +[](char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  };
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, append);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &reply.headers);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
  if (method == "POST") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(h);
  return reply;
}

// Polls `done` every 20 ms until it holds or `timeout` passes; returns whether it held.
template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace heard::test

#include "core/response.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"

namespace heard::test {

// `n` varied responses for kiosk_id, oldest first, one second apart: complaints with
// contact details and non-ASCII comments, compliments, suggestions; every fifth urgent.
inline std::vector<Response> varied_responses(int n, Millis start = 1795961109123) {
  static const char* comments[] = {"Waited 25 minutes at the counter", "Très bien, merci !", "Schlange zu lang 😕", "",
                                   "Line 1\nLine 2, \"quoted\", =formula"};
  std::vector<Response> out;
  for (int i = 0; i < n; ++i) {
    Response r = i % 3 == 0 ? sample_complaint(start + i * 1000) : sample_response(3 + i % 3, start + i * 1000);
    r.urgent = r.kind == Kind::complaint && i % 5 == 0;
    r.comment = comments[i % 5];
    out.push_back(std::move(r));
  }
  return out;
}

inline std::vector<Response> make_kiosk(const std::filesystem::path& db, int n) {
  auto rs = varied_responses(n);
  store::ResponseStore(db).save_all(rs);
  return rs;
}

// One number from the hub's database, whichever backend (SQL both understand).
inline std::int64_t hub_query_int(const std::filesystem::path& db, const std::string& sql) {
  if (is_pg(db)) return hub::PgConnection(db.string()).query(sql).int64(0, 0);
  store::Database d(db, store::Database::Mode::read_only);
  d.exec("PRAGMA busy_timeout = 5000");  // the hub or kiosk may be writing this very moment
  return d.query_int(sql);
}

// One text (or NULL) from the hub's database, whichever backend.
inline std::optional<std::string> hub_query_text(const std::filesystem::path& db, const std::string& sql) {
  if (is_pg(db)) {
    const auto r = hub::PgConnection(db.string()).query(sql);
    if (r.empty() || r.is_null(0, 0)) return std::nullopt;
    return r.text(0, 0);
  }
  store::Database d(db, store::Database::Mode::read_only);
  d.exec("PRAGMA busy_timeout = 5000");
  return d.query_text(sql);
}

inline void hub_exec(const std::filesystem::path& db, const std::string& sql) {
  if (is_pg(db)) return hub::PgConnection(db.string()).exec(sql);
  store::Database d(db);
  d.exec("PRAGMA busy_timeout = 5000");
  d.exec(sql);
}

// Whether the hub's database holds `text` anywhere a secret could end up: the whole SQLite
// file, or PostgreSQL's kiosk, token and session rows.
inline bool hub_holds_text(const std::filesystem::path& db, const std::string& text) {
  if (!is_pg(db)) return read_text(db).find(text) != std::string::npos;
  return hub::PgConnection(db.string())
             .query(
                 "SELECT count(*) FROM (SELECT to_jsonb(t)::text AS x FROM hub_kiosks t UNION ALL SELECT "
                 "to_jsonb(t)::text FROM hub_api_tokens t UNION ALL SELECT to_jsonb(t)::text FROM hub_sessions t "
                 "UNION ALL SELECT to_jsonb(t)::text FROM hub_users t) a WHERE strpos(x, $1) > 0",
                 hub::PgParams().add(text))
             .int64(0, 0) > 0;
}

inline std::int64_t count_rows(const std::filesystem::path& db, const std::string& table) {
  return hub_query_int(db, "SELECT COUNT(*) FROM " + table);
}

// The responses a hub stored, as a SQLite file that store::ResponseStore reads: the hub's own
// file, or for a PostgreSQL hub a copy made in `dir` from its export (every field, contact
// details included), so the same checks read both backends.
inline std::filesystem::path hub_records(const std::filesystem::path& db, const TempDir& dir) {
  if (!is_pg(db)) return db;
  static int copies = 0;
  const auto file = dir / ("hub-records-" + std::to_string(++copies) + ".db");
  std::string text;
  hub::PgHubStorage storage(db.string(), 1);
  store::ExportFilter all;
  all.include_contact = true;
  storage.export_feedback(all, store::ExportFormat::ndjson, [&](std::string_view chunk) { text += chunk; });
  std::vector<Response> rs;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) rs.push_back(response_from_json(nlohmann::json::parse(line)));
  store::ResponseStore(file).save_all(rs);
  return file;
}

}  // namespace heard::test
