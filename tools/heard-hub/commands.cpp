#include "commands.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/config_error.hpp"
#include "core/time.hpp"
#include "hub/fleet_publish.hpp"
#include "hub/open_storage.hpp"
#include "hub/pg_connection.hpp"
#include "hub/secrets.hpp"
#include "hub/sqlite_backup.hpp"
#include "hub/sqlite_hub_storage.hpp"
#include "sync/config.hpp"

namespace heard::hub {

int run_demo(const std::filesystem::path& dir);  // demo.cpp

namespace {

struct Args {
  std::vector<std::string> words;
  std::string db, config, role, dir, kiosk, translations, logo;
  std::vector<std::string> sites;
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!arg.starts_with("--")) {
      a.words.push_back(arg);
      continue;
    }
    if (i + 1 >= argc) throw UsageError(arg + " needs a value");
    const std::string value = argv[++i];
    if (arg == "--db") a.db = value;
    else if (arg == "--config") a.config = value;
    else if (arg == "--role") a.role = value;
    else if (arg == "--site") a.sites.push_back(value);
    else if (arg == "--dir") a.dir = value;
    else if (arg == "--kiosk") a.kiosk = value;
    else if (arg == "--translations") a.translations = value;
    else if (arg == "--logo") a.logo = value;
    else throw UsageError("unknown option " + arg);
  }
  return a;
}

void audit(HubStorage& storage, const std::string& action, const std::string& target, const std::string& detail = "") {
  storage.audit({system_now_ms(), "heard-hub", action, target, detail});
}

// A password from standard input (a terminal, or a pipe for scripts), one line.
std::string read_password() {
  std::string password;
  if (!std::getline(std::cin, password)) throw UsageError("expected the password on standard input");
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < 10) throw UsageError("a password has at least 10 characters");
  return password;
}

int kiosk_command(HubStorage& storage, const Args& a) {
  if (a.words.size() != 3) throw UsageError("expected: kiosk add ID --site SITE, or kiosk revoke ID");
  const std::string& id = a.words[2];
  if (a.words[1] == "add") {
    if (a.sites.size() != 1) throw UsageError("kiosk add: --site SITE, once");
    if (!sync::is_valid_kiosk_id(id)) throw UsageError("a kiosk id is 1-64 letters, digits, '.', '_' or '-'");
    const std::string token = random_token();
    storage.set_kiosk_token(id, a.sites[0], token_digest(token));
    audit(storage, "kiosk_add", id, a.sites[0]);
    std::printf("%s\n", token.c_str());  // alone on stdout, once: scripts capture it
    return 0;
  }
  if (a.words[1] == "revoke") {
    if (!storage.revoke_kiosk(id)) {
      std::fprintf(stderr, "heard-hub: no kiosk '%s'\n", id.c_str());
      return 1;
    }
    audit(storage, "kiosk_revoke", id);
    std::fprintf(stderr, "heard-hub: kiosk '%s' revoked\n", id.c_str());
    return 0;
  }
  throw UsageError("kiosk: expected add or revoke");
}

int user_command(HubStorage& storage, const Args& a) {
  if (a.words.size() != 3) throw UsageError("expected: user add|passwd|disable|token NAME");
  const std::string& name = a.words[2];
  const std::string& action = a.words[1];
  if (action == "add") {
    const auto role = role_from_string(a.role);
    if (!role) throw UsageError("user add: --role admin, manager or viewer");
    if (*role == Role::manager && a.sites.empty()) throw UsageError("user add: a manager needs --site SITE");
    if (*role == Role::admin && !a.sites.empty()) throw UsageError("user add: an admin sees every site; no --site");
    if (name.empty() || name.size() > 64) throw UsageError("a name is 1-64 characters");
    User u;
    u.name = name;
    u.role = *role;
    u.sites = a.sites;
    u.password_hash = hash_password(read_password());
    storage.add_user(u);
    audit(storage, "user_add", name, a.role);
    return 0;
  }
  if (action == "token") {
    const std::string token = random_token();
    if (!storage.add_api_token(name, token_digest(token))) {
      std::fprintf(stderr, "heard-hub: no person called '%s'\n", name.c_str());
      return 1;
    }
    audit(storage, "api_token_add", name);
    std::printf("%s\n", token.c_str());  // alone on stdout, once
    return 0;
  }
  bool found = false;
  if (action == "passwd") found = storage.set_password(name, hash_password(read_password()));
  else if (action == "disable") found = storage.disable_user(name);
  else throw UsageError("user: expected add, passwd, disable or token");
  if (!found) {
    std::fprintf(stderr, "heard-hub: no person called '%s'\n", name.c_str());
    return 1;
  }
  audit(storage, "user_" + action, name);
  return 0;
}

std::string read_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("cannot read " + file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// --site S or --kiosk K, or neither (the whole chain).
std::pair<FleetScope, std::string> scope_of(const Args& a) {
  if (a.sites.size() > 1 || (!a.sites.empty() && !a.kiosk.empty()))
    throw UsageError("survey: one --site or one --kiosk");
  if (!a.kiosk.empty()) return {FleetScope::kiosk, a.kiosk};
  if (!a.sites.empty()) return {FleetScope::site, a.sites[0]};
  return {FleetScope::chain, ""};
}

void print_publications(FleetStore& fleet) {
  std::printf("%-10s %-28s %-20s %-12s %s\n", "VERSION", "FOR", "PUBLISHED (UTC)", "BY", "STATE");
  for (const auto& p : fleet.publications(100)) {
    const std::string where = p.scope == FleetScope::chain ? "chain" : std::string(to_string(p.scope)) + " " + p.target;
    std::printf("%-10s %-28s %-20s %-12s %s\n", p.version().c_str(), where.c_str(),
                format_iso8601(p.published_at).substr(0, 19).c_str(), p.published_by.c_str(),
                p.rolled_back_at ? "rolled back" : "live");
  }
}

int survey_command(HubStorage& storage, FleetStore& fleet, const Args& a) {
  const std::string action = a.words.size() > 1 ? a.words[1] : "";
  if (action == "list" && a.words.size() == 2) {
    print_publications(fleet);
    return 0;
  }
  const auto [scope, target] = scope_of(a);
  if (action == "publish" && a.words.size() == 3) {
    PublishRequest r{scope, target,    read_file(a.words[2]), a.words[2], "", "translations.json", "heard-hub",
                     "",    "logo.png"};
    if (!a.translations.empty()) {
      r.translations_text = read_file(a.translations);
      r.translations_file = a.translations;
    }
    if (!a.logo.empty()) {
      r.logo_png = read_file(a.logo);
      r.logo_file = a.logo;
    }
    const Publication p = publish_survey(fleet, r, system_now_ms());
    audit(storage, "survey_publish", p.version(), describe(p));
    std::printf("%s\n", p.version().c_str());  // alone on stdout: scripts capture it
    std::fprintf(stderr, "heard-hub: published %s\n", describe(p).c_str());
    return 0;
  }
  if (action == "rollback" && a.words.size() == 2) {
    const auto p = fleet.roll_back(scope, target, system_now_ms());
    if (!p) {
      std::fprintf(stderr, "heard-hub: nothing published there to roll back\n");
      return 1;
    }
    audit(storage, "survey_rollback", p->version(), describe(*p));
    std::fprintf(stderr, "heard-hub: rolled back %s\n", describe(*p).c_str());
    return 0;
  }
  throw UsageError(
      "expected: survey publish [--site S | --kiosk K] FILE [--translations FILE] [--logo PNG], "
      "survey list, "
      "or survey rollback [--site S | --kiosk K]");
}

int backup_command(const std::string& db, const Args& a) {
  if (a.words.size() != 2) throw UsageError("expected: backup FILE --db HUB.DB");
  if (is_postgres_url(db)) {
    std::fprintf(stderr, "heard-hub: a PostgreSQL hub is backed up with pg_dump (see the README)\n");
    return 2;
  }
  backup_sqlite_hub(db, a.words[1]);
  std::fprintf(stderr, "heard-hub: backed up to %s\n", a.words[1].c_str());
  return 0;
}

}  // namespace

HubConfig load_config(const std::string& given) {
  std::filesystem::path file = given;
  if (file.empty()) {
    if (const char* env = std::getenv("HEARD_HUB_CONFIG"); env && *env) file = env;
    else if (std::filesystem::exists("/etc/heard/hub.toml")) file = "/etc/heard/hub.toml";
  }
  if (file.empty()) return HubConfig{};
  return load_hub_config(file);
}

int check_config(const std::string& given) {
  try {
    const HubConfig c = load_config(given);
    std::printf("heard-hub: configuration OK (%s)\n", c.file.empty() ? "no file: no sites" : c.file.c_str());
    return 0;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "heard-hub: %s\n", e.what());
    return 78;
  }
}

void import_tokens(HubStorage& storage, const Tokens& tokens) {
  for (const auto& [digest, kiosk] : tokens.digests()) storage.set_kiosk_token(kiosk, "", digest);
}

int run_command(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    if (a.words[0] == "demo") {
      if (a.dir.empty()) throw UsageError("demo: --dir DIR");
      return run_demo(a.dir);
    }
    const HubConfig config = load_config(a.config);
    const std::string db = a.db.empty() ? config.database : a.db;
    if (db.empty()) throw UsageError("--db FILE or URL is required");
    if (a.words[0] == "backup") return backup_command(db, a);
    const auto opened = open_hub_storage(db);
    HubStorage& storage = *opened;
    storage.apply_config(config);
    if (a.words[0] == "survey") {
      const auto fleet = open_fleet_store(db);
      try {
        return survey_command(storage, *fleet, a);
      } catch (const std::invalid_argument& e) {  // an unknown site or kiosk; nothing to roll back
        std::fprintf(stderr, "heard-hub: %s\n", e.what());
        return 1;
      }
    }
    return a.words[0] == "kiosk" ? kiosk_command(storage, a) : user_command(storage, a);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "heard-hub: %s\nTry 'heard-hub --help'.\n", e.what());
    return 2;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "heard-hub: %s\n", e.what());
    return 78;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heard-hub: %s\n", e.what());
    return 3;
  }
}

}  // namespace heard::hub
