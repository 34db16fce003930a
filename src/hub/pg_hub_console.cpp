// PgHubStorage: the console's read models, each one statement that builds its JSON in
// PostgreSQL (json_build_object, json_agg), the same shapes as sqlite_hub_console.cpp.
// `$1` is always the caller's scope: NULL for every site, else a JSON array of site ids.
#include <algorithm>

#include "console_rows.hpp"
#include "core/time.hpp"
#include "pg_hub_storage.hpp"
#include "ranking.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {

constexpr const char* hub_source = "@hub";  // hub_events.kiosk_id of events made at head office

json scope_of(const User& who) { return who.sees_every_site() ? json(nullptr) : json(who.sites); }

const char* in_scope = "($1::jsonb IS NULL OR k.site_id IN (SELECT jsonb_array_elements_text($1::jsonb)))";

// Responses with their sites within the caller's scope, as cases_sql wants them.
const std::string in_scope_sites = std::string(
                                       "responses r JOIN (SELECT k.id AS kiosk_id, k.site_id, s.name AS site_name "
                                       "FROM hub_kiosks k JOIN hub_sites s ON s.id = k.site_id WHERE ") +
                                   in_scope + ") w ON w.kiosk_id = r.kiosk_id";

const char* is_case =
    "r.complete AND (r.urgent OR (r.kind = 'complaint' AND "
    "(r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL)))";

const char* case_status =
    "coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id "
    "AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged') "
    "ORDER BY e.at DESC, e.seq DESC LIMIT 1), 'new')";

// The follow-up cases of `from`, which names the responses `r` and, as `w` (site_id, site_name),
// their sites within the caller's scope, with their state from `status` ($2: SLA ms, $3: now).
std::string cases_sql(const std::string& from, const std::string& status, const std::string& where,
                      const std::string& order) {
  return std::string(R"sql(
    WITH c AS (
      SELECT r.id, r.kiosk_id, w.site_id, w.site_name, r.created_at, r.rating, r.kind, r.categories,
        r.comment, r.desired_resolution, r.urgent, r.contact_channel, r.flags,
        r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL AS has_contact,
        CASE WHEN r.contact_phone IS NOT NULL THEN '••• ••• ' || right(r.contact_phone, 2)
             WHEN r.contact_email IS NOT NULL THEN left(r.contact_email, 1) || '•••@•••' END AS masked,
        )sql") +
         status + R"sql( AS status,
        (SELECT e.to_person FROM hub_events e WHERE e.response_id = r.id AND e.status = 'assigned'
         ORDER BY e.at DESC, e.seq DESC LIMIT 1) AS assigned_to
      FROM )sql" +
         from + " WHERE " + is_case + R"sql( )
    SELECT coalesce(json_agg(json_build_object('id', id, 'site', site_id, 'site_name', site_name, 'kiosk', kiosk_id,
      'created_at', created_at, 'due_at', created_at + $2::bigint, 'rating', rating, 'kind', kind,
      'categories', categories, 'comment', comment, 'desired_resolution', desired_resolution,
      'urgent', urgent, 'has_contact', has_contact, 'contact_masked', masked,
      'contact_channel', contact_channel, 'status', status, 'assigned_to', assigned_to,
      'flags', coalesce(flags::json, '[]'::json),
      'overdue', status IN ('new', 'contacted') AND created_at + $2::bigint < $3::bigint) ORDER BY )sql" +
         order + "), '[]') FROM (SELECT * FROM c " + where + " ORDER BY " + order + " LIMIT 500) x";
}

// Counts, ratings and happy answers of the period's partial days, grouped by `key`
// ($1 the scope, $2..$5 the edges of PeriodParts): the raw half of the rollup's union.
std::string raw_edges_by(const std::string& key) {
  return "SELECT " + key +
         " AS key, count(*) AS n, count(*) FILTER (WHERE r.rating >= 4) AS happy, sum(r.rating) AS total "
         "FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id WHERE r.complete AND r.flags IS NULL AND " +
         in_scope +
         " AND ((r.created_at >= $2::bigint AND r.created_at < $3::bigint) OR "
         "(r.created_at >= $4::bigint AND r.created_at < $5::bigint)) GROUP BY 1";
}

}  // namespace

// What a person typed, as a tsquery: every word must appear, the last one as a prefix, since
// people search while typing. Words are cut at anything but letters and digits (as FTS5's
// tokenizer does), so no tsquery syntax gets through.
std::string words_query(const std::string& text) {
  std::vector<std::string> words(1);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) words.back() += c;
    else if (!words.back().empty()) words.emplace_back();
  }
  if (words.back().empty()) words.pop_back();
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i ? " & '" : "'") + words[i] + (i + 1 == words.size() ? "':*" : "'");
  return out;
}

Millis PgHubStorage::sla_ms() {
  std::lock_guard lock(config_mutex_);
  return config_.sla_hours * 3'600'000LL;
}

json PgHubStorage::cases(const User& who, Millis now) {
  const Millis sla = sla_ms();
  // The first 500 open cases in the caller's scope, in hub_open_cases_queue's order, with their
  // sites; then their responses (by id and created_at, so only one partition is read for each).
  // LATERAL ... LIMIT 1 keeps that a lookup per case: as a plain join, the planner expects one
  // row (two equalities) and hashes every response instead.
  const std::string first_open = std::string(R"sql((
      SELECT o.id, o.created_at, o.status, k.site_id, s.name AS site_name FROM hub_open_cases o
        JOIN hub_kiosks k ON k.id = o.kiosk_id JOIN hub_sites s ON s.id = k.site_id WHERE )sql") +
                                 in_scope + R"sql(
      ORDER BY o.urgent DESC, o.created_at, o.id LIMIT 500) w
    CROSS JOIN LATERAL (SELECT * FROM responses r WHERE r.id = w.id AND r.created_at = w.created_at LIMIT 1) r)sql";
  return query_json(cases_sql(first_open, "w.status", "", "urgent DESC, created_at, id"), {scope_of(who), sla, now});
}

std::optional<json> PgHubStorage::find_case(const User& who, const std::string& id, Millis now) {
  const Millis sla = sla_ms();
  json found =
      query_json(cases_sql(in_scope_sites, case_status, "WHERE id = $4::text", "id"), {scope_of(who), sla, now, id});
  if (!found.is_array() || found.empty()) return std::nullopt;
  json c = found[0];
  c["history"] = query_json(
      "SELECT coalesce(json_agg(json_build_object('id', id, 'at', at, 'status', status, 'by', by, 'to', to_person, "
      "'note', note, 'source', CASE WHEN kiosk_id = $2::text THEN 'head office' ELSE 'kiosk ' || kiosk_id END) "
      "ORDER BY at, seq), '[]') FROM hub_events WHERE response_id = $1::text",
      {id, hub_source});
  return c;
}

std::optional<json> PgHubStorage::contact(const User& who, const std::string& id) {
  json c = query_json(std::string("SELECT json_build_object('name', r.contact_name, 'phone', r.contact_phone, 'email', "
                                  "r.contact_email, 'channel', r.contact_channel) FROM responses r JOIN hub_kiosks k "
                                  "ON k.id = r.kiosk_id WHERE r.id = $2::text AND ") +
                          in_scope,
                      {scope_of(who), id});
  if (c.is_null()) return std::nullopt;
  return c;
}

void PgHubStorage::add_hub_event(const store::FollowupEvent& e, const std::string& to) {
  in_transaction(pool_, [&](PgConnection& c) {
    lock_hub_events(c);
    c.query(
        "INSERT INTO hub_events (id, kiosk_id, response_id, at, status, by, note, received_at, to_person) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        PgParams()
            .add(e.id)
            .add(hub_source)
            .add(e.response_id)
            .add(e.at)
            .add(e.status)
            .add(e.by)
            .add_or_null(e.note)
            .add(system_now_ms())
            .add_or_null(to));
  });
}

json PgHubStorage::events_for_kiosk(const std::string& kiosk, std::int64_t cursor, int limit) {
  // Only this kiosk's responses, and not the events it sent itself.
  json rows = query_json(
      "SELECT coalesce(json_agg(json_build_object('seq', seq, 'id', id, 'response_id', response_id, 'at', at, "
      "'status', status, 'by', by, 'to', to_person, 'note', note) ORDER BY seq), '[]') FROM (SELECT e.* "
      "FROM hub_events e JOIN response_ids r ON r.id = e.response_id WHERE r.kiosk_id = $1::text "
      "AND e.kiosk_id <> $1::text AND e.seq > $2::bigint ORDER BY e.seq LIMIT $3::bigint) x",
      {kiosk, cursor, limit + 1});
  return events_page(rows, cursor, limit);
}

json PgHubStorage::responses(const User& who, const json& f, int limit) {
  json rows = query_json(
      std::string(R"sql(
    SELECT coalesce(json_agg(json_build_object('id', id, 'seq', seq, 'site', site_id, 'site_name', site_name,
      'kiosk', kiosk_id, 'created_at', created_at, 'rating', rating, 'kind', kind, 'categories', categories,
      'comment', comment, 'urgent', urgent, 'flags', coalesce(flags::json, '[]'::json))
      ORDER BY created_at DESC, seq DESC), '[]')
    FROM (SELECT r.*, k.site_id, s.name AS site_name FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id
      JOIN hub_sites s ON s.id = k.site_id
      WHERE r.complete AND )sql") +
          in_scope + R"sql(
        AND ($2::text IS NULL OR k.site_id = $2) AND ($3::text IS NULL OR r.kiosk_id = $3)
        AND ($4::bigint IS NULL OR r.created_at >= $4) AND ($5::bigint IS NULL OR r.created_at < $5)
        AND ($6::int IS NULL OR r.rating = $6) AND ($7::text IS NULL OR r.kind = $7)
        AND ($8::bigint IS NULL OR (r.created_at, r.seq) < ($8, $9::bigint))
        AND ($11::text IS NULL OR r.comment_words @@ to_tsquery('simple', $11))
        AND ($12::text IS NULL OR r.categories @> jsonb_build_array($12::text))
        AND ($13::boolean IS NULL OR (r.flags IS NOT NULL) = $13)
      ORDER BY r.created_at DESC, r.seq DESC LIMIT $10::bigint) x)sql",
      {scope_of(who), f.value("site", json()), f.value("kiosk", json()), f.value("since", json()),
       f.value("until", json()), f.value("rating", json()), f.value("kind", json()), f.value("before_at", json()),
       f.value("before_seq", json()), limit + 1, f.contains("text") ? json(words_query(f["text"])) : json(),
       f.value("category", json()), f.value("flagged", json())});
  return responses_page(rows, limit);
}

// Four queries (sites, open counts, trend, kiosks), as SqliteHubStorage::overview.
// Long because it is mostly their SQL, which reads best in one place.
json PgHubStorage::overview(const User& who, Millis from, Millis until, Millis now) {
  HubConfig config;
  {
    std::lock_guard lock(config_mutex_);
    config = config_;
  }
  const Millis sla = config.sla_hours * 3'600'000LL;
  const PeriodParts part = period_parts(from, until);
  // Every site's figures: the ranking shrinks towards the whole chain, whoever is looking.
  json sites = query_json(std::string(R"sql(
    WITH per_kiosk AS ()sql") +
                              raw_edges_by("r.kiosk_id") +
                              R"sql( UNION ALL
      SELECT kiosk_id, sum(r1 + r2 + r3 + r4 + r5), sum(r4 + r5), sum(r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5)
      FROM hub_daily_ratings WHERE day >= $6::integer AND day < $8::integer GROUP BY kiosk_id UNION ALL
      SELECT kiosk_id, sum(r1 + r2 + r3 + r4 + r5), sum(r4 + r5), sum(r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5)
      FROM hub_daily_ratings WHERE day >= $9::integer AND day < $7::integer GROUP BY kiosk_id UNION ALL
      SELECT kiosk_id, sum(r1 + r2 + r3 + r4 + r5), sum(r4 + r5), sum(r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5)
      FROM hub_block_ratings WHERE block >= $10::integer AND block < $11::integer GROUP BY kiosk_id),
    per AS (SELECT k.site_id, sum(n) AS n, sum(happy) AS happy,
              (1.0 * sum(total) / nullif(sum(n), 0))::float8 AS average
            FROM per_kiosk p JOIN hub_kiosks k ON k.id = p.key GROUP BY k.site_id),
    flagged AS (SELECT k.site_id, count(*) AS flagged FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id
                WHERE r.flags IS NOT NULL AND r.complete AND r.created_at >= $2::bigint AND r.created_at < $5::bigint
                GROUP BY k.site_id)
    SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'time_zone', s.time_zone,
      'responses', coalesce(per.n, 0), 'happy', coalesce(per.happy, 0), 'average', per.average,
      'flagged', coalesce(f.flagged, 0)) ORDER BY s.id), '[]')
    FROM hub_sites s LEFT JOIN per ON per.site_id = s.id LEFT JOIN flagged f ON f.site_id = s.id)sql",
                          {nullptr, part.from, part.first_full, part.after_full, part.until, part.first_day,
                           part.end_day, part.head_end, part.tail_start, part.first_block, part.end_block});
  // Open and overdue follow-ups per site: every open case is new or contacted, so overdue once due.
  json counts = query_json(std::string(R"sql(
    SELECT coalesce(json_object_agg(site_id, json_build_array(open, overdue)), '{}') FROM (
      SELECT k.site_id, count(*) AS open, count(*) FILTER (WHERE o.created_at + $2::bigint < $3::bigint) AS overdue
      FROM hub_open_cases o JOIN hub_kiosks k ON k.id = o.kiosk_id WHERE )sql") +
                               in_scope + R"sql(
      GROUP BY k.site_id) x)sql",
                           {scope_of(who), sla, now});
  // The whole chain's days from its own rollup; some sites' from their kiosks' days.
  const std::string whole_days =
      who.sees_every_site()
          ? "hub_chain_daily_ratings d WHERE d.day >= $6::integer AND d.day < $7::integer AND $1::jsonb IS NULL"
          : std::string(
                "hub_kiosks k JOIN hub_daily_ratings d ON d.kiosk_id = k.id "
                "WHERE d.day >= $6::integer AND d.day < $7::integer AND ") +
                in_scope;
  // The trend's days: local days, named from the rollups' day numbers or the edges' own rows.
  json trend = query_json(
      std::string(R"sql(
    SELECT coalesce(json_agg(json_build_object('day', to_char(date '1970-01-01' + key::integer, 'YYYY-MM-DD'),
      'responses', n, 'average', average, 'csat', 100.0 * happy / n) ORDER BY key), '[]') FROM (
      SELECT key, sum(n) AS n, (1.0 * sum(total) / sum(n))::float8 AS average, sum(happy) AS happy FROM ()sql") +
          raw_edges_by("(r.created_at / 1000 + r.utc_offset_min * 60) / 86400") + R"sql( UNION ALL
        SELECT d.local_day, sum(r1 + r2 + r3 + r4 + r5), sum(r4 + r5), sum(r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5)
        FROM )sql" +
          whole_days + R"sql( GROUP BY d.local_day) u
      GROUP BY key HAVING sum(n) > 0) x)sql",
      {scope_of(who), part.from, part.first_full, part.after_full, part.until, part.first_day, part.end_day});
  json kiosks = query_json(std::string(R"sql(
    SELECT coalesce(json_agg(json_build_object('id', k.id, 'site', k.site_id, 'last_seen', h.received_at,
      'outbox', h.outbox, 'oldest_unsynced_at', h.oldest_unsynced_at, 'app_version', h.app_version,
      'last_error', h.last_error, 'revoked', k.revoked_at IS NOT NULL,
      'offline', h.received_at IS NULL OR h.received_at < $2::bigint) ORDER BY k.site_id, k.id), '[]')
    FROM hub_kiosks k LEFT JOIN hub_heartbeats h ON h.kiosk_id = k.id
    WHERE k.site_id IS NOT NULL AND )sql") +
                               in_scope,
                           {scope_of(who), now - config.offline_after_min * 60'000LL});
  return {{"sites", rank_sites(sites, counts, who.sees_every_site() ? nullptr : json(who.sites))},
          {"chain", chain_figures(sites)},
          {"trend", trend},
          {"kiosks", kiosks},
          {"sla_hours", config.sla_hours},
          {"offline_after_min", config.offline_after_min}};
}

}  // namespace heard::hub
