// SqliteHubStorage: sites, kiosks and their token digests, people, sessions and the audit log.
#include <stdexcept>

#include "sqlite_hub_storage.hpp"

namespace heard::hub {

using nlohmann::json;

std::optional<Role> role_from_string(std::string_view text) {
  if (text == "admin") return Role::admin;
  if (text == "manager") return Role::manager;
  if (text == "viewer") return Role::viewer;
  return std::nullopt;
}

const char* to_string(Role role) {
  switch (role) {
    case Role::admin:
      return "admin";
    case Role::manager:
      return "manager";
    default:
      return "viewer";
  }
}

void SqliteHubStorage::apply_config(const HubConfig& config) {
  std::lock_guard lock(mutex_);
  config_ = config;
  auto& db = db_;
  store::Transaction tx(db);
  store::Statement site(db,
                        "INSERT INTO hub_sites (id, name, time_zone) VALUES (?, ?, ?) "
                        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone");
  store::Statement kiosk(db,
                         "INSERT INTO hub_kiosks (id, site_id) VALUES (?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id");
  for (const auto& s : config.sites) {
    site.bind(1, s.id).bind(2, s.name).bind(3, s.time_zone).run();
    site.reset();
    for (const auto& k : s.kiosks) {
      kiosk.bind(1, k).bind(2, s.id).run();
      kiosk.reset();
    }
  }
  tx.commit();
}

void SqliteHubStorage::set_kiosk_token(const std::string& kiosk, const std::string& site, const std::string& digest) {
  std::lock_guard lock(mutex_);
  auto& db = db_;
  store::Transaction tx(db);
  if (!site.empty()) {
    store::Statement known(db, "SELECT 1 FROM hub_sites WHERE id = ?");
    if (!known.bind(1, site).step()) throw std::invalid_argument("no site '" + site + "' in the configuration");
  }
  store::Statement s(db,
                     "INSERT INTO hub_kiosks (id, site_id, token_digest) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE "
                     "SET site_id = coalesce(excluded.site_id, site_id), token_digest = excluded.token_digest, "
                     "revoked_at = NULL");
  s.bind(1, kiosk).bind_text_or_null(2, site).bind(3, digest).run();
  tx.commit();
}

bool SqliteHubStorage::revoke_kiosk(const std::string& kiosk) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, "UPDATE hub_kiosks SET token_digest = NULL, revoked_at = ? WHERE id = ?");
  s.bind(1, system_now_ms()).bind(2, kiosk).run();
  return db_.changes() > 0;
}

std::optional<std::string> SqliteHubStorage::kiosk_for_token(const std::string& digest) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, "SELECT id FROM hub_kiosks WHERE token_digest = ?");
  if (!s.bind(1, digest).step()) return std::nullopt;
  return s.column_text(0);
}

void SqliteHubStorage::add_user(const User& user) {
  std::lock_guard lock(mutex_);
  auto& db = db_;
  store::Transaction tx(db);
  store::Statement taken(db, "SELECT 1 FROM hub_users WHERE name = ?");
  if (taken.bind(1, user.name).step())
    throw std::invalid_argument("there is already a person called '" + user.name + "'");
  store::Statement add(db, "INSERT INTO hub_users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)");
  add.bind(1, user.name).bind(2, to_string(user.role)).bind(3, user.password_hash).bind(4, system_now_ms()).run();
  const auto id = db.last_insert_rowid();
  store::Statement known(db, "SELECT 1 FROM hub_sites WHERE id = ?");
  store::Statement site(db, "INSERT OR IGNORE INTO hub_user_sites (user_id, site_id) VALUES (?, ?)");
  for (const auto& s : user.sites) {
    if (!known.bind(1, s).step()) throw std::invalid_argument("no site '" + s + "' in the configuration");
    known.reset();
    site.bind(1, id).bind(2, s).run();
    site.reset();
  }
  tx.commit();
}

std::optional<User> SqliteHubStorage::user_where(const char* column, const std::string& value) {
  auto& db = db_;
  store::Statement s(
      db, std::string("SELECT id, name, role, disabled, password_hash FROM hub_users WHERE ") + column + " = ?");
  if (!s.bind(1, value).step()) return std::nullopt;
  User u;
  u.id = s.column_int64(0);
  u.name = s.column_text(1);
  u.role = role_from_string(s.column_view(2)).value_or(Role::viewer);
  u.disabled = s.column_int(3) != 0;
  u.password_hash = s.column_text(4);
  store::Statement sites(db, "SELECT site_id FROM hub_user_sites WHERE user_id = ? ORDER BY site_id");
  sites.bind(1, u.id);
  while (sites.step()) u.sites.push_back(sites.column_text(0));
  return u;
}

std::optional<User> SqliteHubStorage::find_user(const std::string& name) {
  std::lock_guard lock(mutex_);
  return user_where("name", name);
}

bool SqliteHubStorage::set_password(const std::string& name, const std::string& hash) {
  std::lock_guard lock(mutex_);
  auto& db = db_;
  store::Transaction tx(db);
  store::Statement s(db, "UPDATE hub_users SET password_hash = ? WHERE name = ?");
  s.bind(1, hash).bind(2, name).run();
  const bool found = db.changes() > 0;
  // A new password ends every session signed in with the old one.
  store::Statement end(db, "DELETE FROM hub_sessions WHERE user_id = (SELECT id FROM hub_users WHERE name = ?)");
  end.bind(1, name).run();
  tx.commit();
  return found;
}

bool SqliteHubStorage::disable_user(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto& db = db_;
  store::Transaction tx(db);
  store::Statement tokens(db, "DELETE FROM hub_api_tokens WHERE user_id = (SELECT id FROM hub_users WHERE name = ?)");
  tokens.bind(1, name).run();
  store::Statement s(db, "UPDATE hub_users SET disabled = 1 WHERE name = ?");
  s.bind(1, name).run();
  const bool found = db.changes() > 0;
  store::Statement end(db, "DELETE FROM hub_sessions WHERE user_id = (SELECT id FROM hub_users WHERE name = ?)");
  end.bind(1, name).run();
  tx.commit();
  return found;
}

json SqliteHubStorage::people() {
  std::lock_guard lock(mutex_);
  return query_json(
      "SELECT coalesce(json_group_array(json_object('name', u.name, 'role', u.role, 'created_at', u.created_at, "
      "'disabled', json(CASE WHEN u.disabled THEN 'true' ELSE 'false' END), 'sites', "
      "json((SELECT coalesce(json_group_array(site_id), '[]') FROM (SELECT site_id FROM hub_user_sites "
      "WHERE user_id = u.id ORDER BY site_id))))), '[]') FROM (SELECT * FROM hub_users ORDER BY name) u",
      {});
}

void SqliteHubStorage::add_session(const std::string& digest, std::int64_t user_id, const std::string& csrf,
                                   Millis expires_at) {
  std::lock_guard lock(mutex_);
  auto& db = db_;
  store::Statement prune(db, "DELETE FROM hub_sessions WHERE expires_at <= ?");
  prune.bind(1, system_now_ms()).run();
  store::Statement s(db, "INSERT INTO hub_sessions (digest, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)");
  s.bind(1, digest).bind(2, user_id).bind(3, csrf).bind(4, expires_at).run();
}

std::optional<Session> SqliteHubStorage::find_session(const std::string& digest, Millis now) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
                     "SELECT s.csrf, s.expires_at, u.id FROM hub_sessions s JOIN hub_users u "
                     "ON u.id = s.user_id WHERE s.digest = ? AND s.expires_at > ? AND u.disabled = 0");
  if (!s.bind(1, digest).bind(2, now).step()) return std::nullopt;
  Session session;
  session.csrf = s.column_text(0);
  session.expires_at = s.column_int64(1);
  auto user = user_where("id", std::to_string(s.column_int64(2)));
  if (!user) return std::nullopt;
  session.user = std::move(*user);
  return session;
}

void SqliteHubStorage::end_session(const std::string& digest) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, "DELETE FROM hub_sessions WHERE digest = ?");
  s.bind(1, digest).run();
}

bool SqliteHubStorage::add_api_token(const std::string& name, const std::string& digest) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
                     "INSERT INTO hub_api_tokens (digest, user_id, created_at) "
                     "SELECT ?, id, ? FROM hub_users WHERE name = ?");
  s.bind(1, digest).bind(2, system_now_ms()).bind(3, name).run();
  return db_.changes() > 0;
}

std::optional<User> SqliteHubStorage::user_for_api_token(const std::string& digest) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
                     "SELECT u.id FROM hub_api_tokens t JOIN hub_users u ON u.id = t.user_id "
                     "WHERE t.digest = ? AND u.disabled = 0");
  if (!s.bind(1, digest).step()) return std::nullopt;
  return user_where("id", std::to_string(s.column_int64(0)));
}

void SqliteHubStorage::audit(const AuditEntry& e) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, "INSERT INTO hub_audit (at, who, action, target, detail) VALUES (?, ?, ?, ?, ?)");
  s.bind(1, e.at).bind(2, e.who).bind(3, e.action).bind(4, e.target).bind(5, e.detail).run();
}

json SqliteHubStorage::audit_log(std::int64_t limit) {
  std::lock_guard lock(mutex_);
  return query_json(
      "SELECT coalesce(json_group_array(json_object('at', at, 'who', who, 'action', action, 'target', "
      "target, 'detail', detail)), '[]') FROM (SELECT * FROM hub_audit ORDER BY seq DESC LIMIT ?)",
      {limit});
}

// Runs `sql`, whose first column of its one row is JSON text built by SQLite (json_object,
// json_group_array), and returns it parsed; null when there is no row. Parameters bind by
// their JSON type; arrays and objects bind as JSON text (for json_each).
json SqliteHubStorage::query_json(const std::string& sql, const std::vector<json>& params) {
  store::Statement s(db_, sql);
  int i = 1;
  for (const auto& p : params) {
    if (p.is_null()) s.bind(i, nullptr);
    else if (p.is_string()) s.bind(i, p.get<std::string>());
    else if (p.is_number_integer()) s.bind(i, p.get<std::int64_t>());
    else if (p.is_number()) s.bind(i, p.get<double>());
    else if (p.is_boolean()) s.bind(i, p.get<bool>() ? 1 : 0);
    else s.bind(i, p.dump());
    ++i;
  }
  if (!s.step() || s.is_null(0)) return nullptr;
  return json::parse(s.column_view(0));
}

}  // namespace heard::hub
