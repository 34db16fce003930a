// PgHubStorage: sites, kiosks and their token digests, people, sessions and the audit log.
#include <stdexcept>

#include "pg_hub_storage.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {
constexpr std::int64_t kiosk_tokens_lock = 0x4865617267;  // "Heard" + 0x67: one token writer at a time
}  // namespace

void PgHubStorage::apply_config(const HubConfig& config) {
  {
    std::lock_guard lock(config_mutex_);
    config_ = config;
  }
  in_transaction(pool_, [&](PgConnection& c) {
    for (const auto& s : config.sites) {
      c.query(
          "INSERT INTO hub_sites (id, name, time_zone) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE "
          "SET name = excluded.name, time_zone = excluded.time_zone",
          PgParams().add(s.id).add(s.name).add(s.time_zone));
      for (const auto& k : s.kiosks)
        c.query(
            "INSERT INTO hub_kiosks (id, site_id) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE "
            "SET site_id = excluded.site_id",
            PgParams().add(k).add(s.id));
    }
  });
}

void PgHubStorage::set_kiosk_token(const std::string& kiosk, const std::string& site, const std::string& digest) {
  in_transaction(pool_, [&](PgConnection& c) {
    // One token writer at a time: two hubs starting together both import the tokens file, and
    // ON CONFLICT (id) only arbitrates the id, so the second's equal digest would otherwise
    // break the token_digest index (seen in CI) instead of waiting to update the first's row.
    c.query("SELECT pg_advisory_xact_lock($1)", PgParams().add(kiosk_tokens_lock));
    if (!site.empty() && c.query("SELECT 1 FROM hub_sites WHERE id = $1", PgParams().add(site)).empty())
      throw std::invalid_argument("no site '" + site + "' in the configuration");
    c.query(
        "INSERT INTO hub_kiosks (id, site_id, token_digest) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE "
        "SET site_id = coalesce(excluded.site_id, hub_kiosks.site_id), token_digest = excluded.token_digest, "
        "revoked_at = NULL",
        PgParams().add(kiosk).add_or_null(site).add(digest));
  });
}

bool PgHubStorage::revoke_kiosk(const std::string& kiosk) {
  auto c = pool_.lease();
  return c->query("UPDATE hub_kiosks SET token_digest = NULL, revoked_at = $1 WHERE id = $2",
                  PgParams().add(system_now_ms()).add(kiosk))
             .affected() > 0;
}

std::optional<std::string> PgHubStorage::kiosk_for_token(const std::string& digest) {
  auto c = pool_.lease();
  const auto r = c->query("SELECT id FROM hub_kiosks WHERE token_digest = $1", PgParams().add(digest));
  if (r.empty()) return std::nullopt;
  return r.text(0, 0);
}

void PgHubStorage::add_user(const User& user) {
  try {
    in_transaction(pool_, [&](PgConnection& c) {
      if (!c.query("SELECT 1 FROM hub_users WHERE lower(name) = lower($1)", PgParams().add(user.name)).empty())
        throw std::invalid_argument("there is already a person called '" + user.name + "'");
      const auto id =
          c.query(
               "INSERT INTO hub_users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) "
               "RETURNING id",
               PgParams().add(user.name).add(to_string(user.role)).add(user.password_hash).add(system_now_ms()))
              .int64(0, 0);
      for (const auto& s : user.sites) {
        if (c.query("SELECT 1 FROM hub_sites WHERE id = $1", PgParams().add(s)).empty())
          throw std::invalid_argument("no site '" + s + "' in the configuration");
        c.query("INSERT INTO hub_user_sites (user_id, site_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                PgParams().add(id).add(s));
      }
    });
  } catch (const PgError& e) {
    // Two processes adding the same name at once: the unique index decides.
    if (e.unique_violation()) throw std::invalid_argument("there is already a person called '" + user.name + "'");
    throw;
  }
}

std::optional<User> PgHubStorage::user_where(PgConnection& c, const char* condition, const PgParams& params) {
  const auto r =
      c.query(std::string("SELECT id, name, role, disabled, password_hash FROM hub_users WHERE ") + condition, params);
  if (r.empty()) return std::nullopt;
  User u;
  u.id = r.int64(0, 0);
  u.name = r.text(0, 1);
  u.role = role_from_string(r.view(0, 2)).value_or(Role::viewer);
  u.disabled = r.boolean(0, 3);
  u.password_hash = r.text(0, 4);
  const auto sites =
      c.query("SELECT site_id FROM hub_user_sites WHERE user_id = $1 ORDER BY site_id", PgParams().add(u.id));
  for (int i = 0; i < sites.rows(); ++i) u.sites.push_back(sites.text(i, 0));
  return u;
}

std::optional<User> PgHubStorage::find_user(const std::string& name) {
  auto c = pool_.lease();
  return user_where(*c, "lower(name) = lower($1)", PgParams().add(name));
}

bool PgHubStorage::set_password(const std::string& name, const std::string& hash) {
  return in_transaction(pool_, [&](PgConnection& c) {
    const bool found =
        c.query("UPDATE hub_users SET password_hash = $1 WHERE lower(name) = lower($2)", PgParams().add(hash).add(name))
            .affected() > 0;
    // A new password ends every session signed in with the old one.
    c.query("DELETE FROM hub_sessions WHERE user_id IN (SELECT id FROM hub_users WHERE lower(name) = lower($1))",
            PgParams().add(name));
    return found;
  });
}

bool PgHubStorage::disable_user(const std::string& name) {
  return in_transaction(pool_, [&](PgConnection& c) {
    c.query("DELETE FROM hub_api_tokens WHERE user_id IN (SELECT id FROM hub_users WHERE lower(name) = lower($1))",
            PgParams().add(name));
    const bool found =
        c.query("UPDATE hub_users SET disabled = true WHERE lower(name) = lower($1)", PgParams().add(name)).affected() >
        0;
    c.query("DELETE FROM hub_sessions WHERE user_id IN (SELECT id FROM hub_users WHERE lower(name) = lower($1))",
            PgParams().add(name));
    return found;
  });
}

nlohmann::json PgHubStorage::people() {
  return query_json(
      "SELECT coalesce(json_agg(json_build_object('name', u.name, 'role', u.role, 'created_at', u.created_at, "
      "'disabled', u.disabled, 'sites', (SELECT coalesce(json_agg(site_id ORDER BY site_id), '[]') "
      "FROM hub_user_sites WHERE user_id = u.id)) ORDER BY u.name COLLATE \"C\"), '[]') FROM hub_users u",
      {});
}

void PgHubStorage::add_session(const std::string& digest, std::int64_t user_id, const std::string& csrf,
                               Millis expires_at) {
  auto c = pool_.lease();
  c->query("DELETE FROM hub_sessions WHERE expires_at <= $1", PgParams().add(system_now_ms()));
  c->query("INSERT INTO hub_sessions (digest, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
           PgParams().add(digest).add(user_id).add(csrf).add(expires_at));
}

std::optional<Session> PgHubStorage::find_session(const std::string& digest, Millis now) {
  auto c = pool_.lease();
  const auto r = c->query(
      "SELECT s.csrf, s.expires_at, u.id FROM hub_sessions s JOIN hub_users u ON u.id = s.user_id "
      "WHERE s.digest = $1 AND s.expires_at > $2 AND NOT u.disabled",
      PgParams().add(digest).add(now));
  if (r.empty()) return std::nullopt;
  auto user = user_where(*c, "id = $1", PgParams().add(r.int64(0, 2)));
  if (!user) return std::nullopt;
  return Session{std::move(*user), r.text(0, 0), r.int64(0, 1)};
}

void PgHubStorage::end_session(const std::string& digest) {
  auto c = pool_.lease();
  c->query("DELETE FROM hub_sessions WHERE digest = $1", PgParams().add(digest));
}

bool PgHubStorage::add_api_token(const std::string& name, const std::string& digest) {
  auto c = pool_.lease();
  return c->query(
              "INSERT INTO hub_api_tokens (digest, user_id, created_at) SELECT $1, id, $2 FROM hub_users "
              "WHERE lower(name) = lower($3)",
              PgParams().add(digest).add(system_now_ms()).add(name))
             .affected() > 0;
}

std::optional<User> PgHubStorage::user_for_api_token(const std::string& digest) {
  auto c = pool_.lease();
  const auto r = c->query(
      "SELECT u.id FROM hub_api_tokens t JOIN hub_users u ON u.id = t.user_id "
      "WHERE t.digest = $1 AND NOT u.disabled",
      PgParams().add(digest));
  if (r.empty()) return std::nullopt;
  return user_where(*c, "id = $1", PgParams().add(r.int64(0, 0)));
}

void PgHubStorage::audit(const AuditEntry& e) {
  auto c = pool_.lease();
  c->query("INSERT INTO hub_audit (at, who, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
           PgParams().add(e.at).add(e.who).add(e.action).add(e.target).add(e.detail));
}

json PgHubStorage::audit_log(std::int64_t limit) {
  return query_json(
      "SELECT coalesce(json_agg(json_build_object('at', at, 'who', who, 'action', action, 'target', "
      "target, 'detail', detail) ORDER BY seq DESC), '[]') FROM (SELECT * FROM hub_audit "
      "ORDER BY seq DESC LIMIT $1::bigint) a",
      {limit});
}

}  // namespace heard::hub
