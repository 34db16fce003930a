// SqliteHubStorage: the console's read models. Each is one SQL statement that builds its JSON
// in SQLite (json_object, json_group_array), so what the console shows is defined in one place.
// `?1` is always the caller's scope: NULL for every site, else a JSON array of site ids.
#include <algorithm>

#include "core/time.hpp"
#include "ranking.hpp"
#include "sqlite_hub_storage.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {

constexpr const char* hub_source = "@hub";  // hub_events.kiosk_id of events made at head office: no kiosk's id

json scope_of(const User& who) { return who.sees_every_site() ? json(nullptr) : json(who.sites); }

const char* in_scope = "(?1 IS NULL OR k.site_id IN (SELECT value FROM json_each(?1)))";

// Every follow-up case (a response asking for contact or a manager), with its state from the
// append-only events: the latest of contacted/resolved/unreachable/purged, the latest assignment.
std::string cases_sql(const std::string& where) {
  return std::string(R"sql(
    WITH c AS (
      SELECT r.id, r.kiosk_id, k.site_id, s.name AS site_name, r.created_at, r.rating, r.kind, r.categories,
        r.comment, r.desired_resolution, r.urgent, r.contact_channel, r.flags,
        r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL AS has_contact,
        CASE WHEN r.contact_phone IS NOT NULL THEN '••• ••• ' || substr(r.contact_phone, -2)
             WHEN r.contact_email IS NOT NULL THEN substr(r.contact_email, 1, 1) || '•••@•••' END AS masked,
        coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id
                  AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                  ORDER BY e.at DESC, e.rowid DESC LIMIT 1), 'new') AS status,
        (SELECT e.to_person FROM hub_events e WHERE e.response_id = r.id AND e.status = 'assigned'
         ORDER BY e.at DESC, e.rowid DESC LIMIT 1) AS assigned_to
      FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id JOIN hub_sites s ON s.id = k.site_id
      WHERE r.complete = 1 AND (r.urgent = 1 OR (r.kind = 'complaint' AND
            (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL))) AND )sql") +
         in_scope + R"sql( )
    SELECT coalesce(json_group_array(json_object('id', id, 'site', site_id, 'site_name', site_name, 'kiosk', kiosk_id,
      'created_at', created_at, 'due_at', created_at + ?2, 'rating', rating, 'kind', kind,
      'categories', json(categories), 'comment', comment, 'desired_resolution', desired_resolution,
      'urgent', json(CASE WHEN urgent THEN 'true' ELSE 'false' END),
      'has_contact', json(CASE WHEN has_contact THEN 'true' ELSE 'false' END), 'contact_masked', masked,
      'contact_channel', contact_channel, 'status', status, 'assigned_to', assigned_to,
      'flags', json(coalesce(flags, '[]')),
      'overdue', json(CASE WHEN status IN ('new', 'contacted') AND created_at + ?2 < ?3 THEN 'true' ELSE 'false' END))),
      '[]') FROM (SELECT * FROM c )sql" +
         where + ")";
}

// What a person typed, as an FTS5 query: every word must appear (each quoted, so no FTS5
// syntax gets through), the last one as a prefix, since people search while typing.
std::string fts_query(const std::string& text) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string quoted = "\"";
    for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += (out.empty() ? "" : " ") + quoted + "\"";
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n') flush();
    else word += c;
  }
  flush();
  return out.empty() ? "\"\"" : out + "*";
}

}  // namespace

json SqliteHubStorage::cases(const User& who, Millis now) {
  std::lock_guard lock(mutex_);
  const Millis sla = config_.sla_hours * 3'600'000LL;
  return query_json(cases_sql("WHERE status IN ('new', 'contacted') ORDER BY urgent DESC, created_at LIMIT 500"),
                    {scope_of(who), sla, now});
}

std::optional<json> SqliteHubStorage::find_case(const User& who, const std::string& id, Millis now) {
  std::lock_guard lock(mutex_);
  const Millis sla = config_.sla_hours * 3'600'000LL;
  json found = query_json(cases_sql("WHERE id = ?4"), {scope_of(who), sla, now, id});
  if (!found.is_array() || found.empty()) return std::nullopt;
  json c = found[0];
  c["history"] = query_json(
      "SELECT coalesce(json_group_array(json_object('id', id, 'at', at, 'status', status, 'by', by, 'to', to_person, "
      "'note', note, 'source', CASE WHEN kiosk_id = ?2 THEN 'head office' ELSE 'kiosk ' || kiosk_id END)), '[]') "
      "FROM (SELECT rowid, * FROM hub_events WHERE response_id = ?1 ORDER BY at, rowid)",
      {id, hub_source});
  return c;
}

std::optional<json> SqliteHubStorage::contact(const User& who, const std::string& id) {
  std::lock_guard lock(mutex_);
  json c = query_json(std::string("SELECT json_object('name', r.contact_name, 'phone', r.contact_phone, 'email', "
                                  "r.contact_email, 'channel', r.contact_channel) FROM responses r JOIN hub_kiosks k "
                                  "ON k.id = r.kiosk_id WHERE r.id = ?2 AND ") + in_scope,
                      {scope_of(who), id});
  if (c.is_null()) return std::nullopt;
  return c;
}

void SqliteHubStorage::add_hub_event(const store::FollowupEvent& e, const std::string& to) {
  std::lock_guard lock(mutex_);
  store::Statement s(store_.database(),
                     "INSERT INTO hub_events (id, kiosk_id, response_id, at, status, by, note, received_at, to_person) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, e.id).bind(2, hub_source).bind(3, e.response_id).bind(4, e.at).bind(5, e.status).bind(6, e.by);
  s.bind_text_or_null(7, e.note).bind(8, system_now_ms()).bind_text_or_null(9, to).run();
}

json SqliteHubStorage::events_for_kiosk(const std::string& kiosk, std::int64_t cursor, int limit) {
  std::lock_guard lock(mutex_);
  // Only this kiosk's responses, and not the events it sent itself.
  json rows = query_json(
      "SELECT coalesce(json_group_array(json_object('seq', seq, 'id', id, 'response_id', response_id, 'at', at, "
      "'status', status, 'by', by, 'to', to_person, 'note', note)), '[]') FROM (SELECT e.rowid AS seq, e.* "
      "FROM hub_events e JOIN responses r ON r.id = e.response_id WHERE r.kiosk_id = ?1 AND e.kiosk_id <> ?1 "
      "AND e.rowid > ?2 ORDER BY e.rowid LIMIT ?3)",
      {kiosk, cursor, limit + 1});
  json reply = {{"events", json::array()}, {"cursor", std::to_string(cursor)}, {"more", rows.size() > std::size_t(limit)}};
  for (std::size_t i = 0; i < rows.size() && i < std::size_t(limit); ++i) {
    json e = rows[i];
    reply["cursor"] = std::to_string(e["seq"].get<std::int64_t>());
    e.erase("seq");
    e["at"] = format_iso8601(e["at"].get<Millis>());
    if (e["to"].is_null()) e.erase("to");
    reply["events"].push_back(std::move(e));
  }
  return reply;
}

json SqliteHubStorage::responses(const User& who, const json& f, int limit) {
  std::lock_guard lock(mutex_);
  json rows = query_json(std::string(R"sql(
    SELECT coalesce(json_group_array(json_object('id', id, 'seq', seq, 'site', site_id, 'site_name', site_name,
      'kiosk', kiosk_id,
      'created_at', created_at, 'rating', rating, 'kind', kind, 'categories', json(categories), 'comment', comment,
      'urgent', json(CASE WHEN urgent THEN 'true' ELSE 'false' END), 'flags', json(coalesce(flags, '[]')))), '[]')
    FROM (SELECT r.*, k.site_id, s.name AS site_name FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id
      JOIN hub_sites s ON s.id = k.site_id
      WHERE r.complete = 1 AND )sql") + in_scope + R"sql(
        AND (?2 IS NULL OR k.site_id = ?2) AND (?3 IS NULL OR r.kiosk_id = ?3)
        AND (?4 IS NULL OR r.created_at >= ?4) AND (?5 IS NULL OR r.created_at < ?5)
        AND (?6 IS NULL OR r.rating = ?6) AND (?7 IS NULL OR r.kind = ?7)
        AND (?8 IS NULL OR (r.created_at, r.seq) < (?8, ?9))
        AND (?11 IS NULL OR r.seq IN (SELECT rowid FROM responses_fts WHERE responses_fts MATCH ?11))
        AND (?12 IS NULL OR r.seq IN (SELECT response_seq FROM response_categories WHERE category = ?12))
        AND (?13 IS NULL OR (r.flags IS NOT NULL) = ?13)
      ORDER BY r.created_at DESC, r.seq DESC LIMIT ?10))sql",
                         {scope_of(who), f.value("site", json()), f.value("kiosk", json()), f.value("since", json()),
                          f.value("until", json()), f.value("rating", json()), f.value("kind", json()),
                          f.value("before_at", json()), f.value("before_seq", json()), limit + 1,
                          f.contains("text") ? json(fts_query(f["text"])) : json(), f.value("category", json()),
                          f.value("flagged", json())});
  json reply = {{"responses", json::array()}, {"next", nullptr}};
  for (std::size_t i = 0; i < rows.size() && i < std::size_t(limit); ++i) reply["responses"].push_back(rows[i]);
  if (rows.size() > std::size_t(limit)) {
    const auto& last = reply["responses"].back();
    reply["next"] = std::to_string(last["created_at"].get<Millis>()) + "." + std::to_string(last["seq"].get<std::int64_t>());
  }
  for (auto& r : reply["responses"]) r.erase("seq");
  return reply;
}

std::int64_t SqliteHubStorage::export_responses(const User& who, const json& f, store::ExportFormat format,
                                               const store::ExportSink& sink) {
  store::ExportFilter filter;
  filter.complete_only = true;  // as the console lists them
  // The caller's scope and the site filter become the kiosks they hold, which the store's
  // export understands; a kiosk filter outside them leaves nothing.
  filter.kiosks = kiosks_in_scope(who, f.value("site", json()), f.value("kiosk", json()));
  if (f.contains("since")) filter.since = f["since"].get<Millis>();
  if (f.contains("until")) filter.until = f["until"].get<Millis>();
  if (f.contains("rating")) filter.rating = f["rating"].get<int>();
  if (f.contains("kind")) {
    filter.kind = kind_from_string(f["kind"].get<std::string>());
    if (!filter.kind) filter.kiosks = std::vector<std::string>{};  // no such kind: nothing, as the page shows
  }
  if (f.contains("category")) filter.category = f["category"].get<std::string>();
  if (f.contains("flagged")) filter.flagged = f["flagged"].get<bool>();
  if (f.contains("text")) filter.comment_match = fts_query(f["text"]);
  // A reader of its own: a long download never holds the lock the kiosks' uploads need.
  return export_feedback(filter, format, sink);
}

json SqliteHubStorage::overview(const User& who, Millis from, Millis until, Millis now) {
  std::lock_guard lock(mutex_);
  const Millis sla = config_.sla_hours * 3'600'000LL;
  // Every site's figures: the ranking shrinks towards the whole chain, whoever is looking.
  json sites = query_json(R"sql(
    WITH per AS (SELECT k.site_id, sum(r.flags IS NULL) AS n, sum(r.flags IS NULL AND r.rating >= 4) AS happy,
                   avg(CASE WHEN r.flags IS NULL THEN r.rating END) AS average, sum(r.flags IS NOT NULL) AS flagged
                 FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id
                 WHERE r.complete = 1 AND r.created_at >= ?1 AND r.created_at < ?2 GROUP BY k.site_id)
    SELECT coalesce(json_group_array(json_object('id', s.id, 'name', s.name, 'time_zone', s.time_zone,
      'responses', coalesce(per.n, 0), 'happy', coalesce(per.happy, 0), 'average', per.average,
      'flagged', coalesce(per.flagged, 0))), '[]')
    FROM hub_sites s LEFT JOIN per ON per.site_id = s.id)sql",
                          {from, until});
  json counts = query_json(std::string(R"sql(
    WITH c AS (SELECT k.site_id, r.created_at,
        coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id
                  AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                  ORDER BY e.at DESC, e.rowid DESC LIMIT 1), 'new') AS status
      FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id
      WHERE r.complete = 1 AND (r.urgent = 1 OR (r.kind = 'complaint' AND
            (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL))) AND )sql") + in_scope + R"sql()
    SELECT coalesce(json_group_object(site_id, json_array(open, overdue)), '{}') FROM (
      SELECT site_id, count(*) AS open, sum(created_at + ?2 < ?3) AS overdue FROM c
      WHERE status IN ('new', 'contacted') GROUP BY site_id))sql",
                               {scope_of(who), sla, now});
  json trend = query_json(std::string(R"sql(
    SELECT coalesce(json_group_array(json_object('day', day, 'responses', n, 'average', average,
      'csat', 100.0 * happy / n)), '[]') FROM (
      SELECT date(r.created_at / 1000 + r.utc_offset_min * 60, 'unixepoch') AS day, count(*) AS n,
        avg(r.rating) AS average, sum(r.rating >= 4) AS happy
      FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id
      WHERE r.complete = 1 AND r.flags IS NULL AND r.created_at >= ?2 AND r.created_at < ?3 AND )sql") + in_scope +
                              " GROUP BY day ORDER BY day)",
                          {scope_of(who), from, until});
  json kiosks = query_json(std::string(R"sql(
    SELECT coalesce(json_group_array(json_object('id', k.id, 'site', k.site_id, 'last_seen', h.received_at,
      'outbox', h.outbox, 'oldest_unsynced_at', h.oldest_unsynced_at, 'app_version', h.app_version,
      'last_error', h.last_error, 'revoked', json(CASE WHEN k.revoked_at IS NULL THEN 'false' ELSE 'true' END),
      'offline', json(CASE WHEN h.received_at IS NULL OR h.received_at < ?2 THEN 'true' ELSE 'false' END))), '[]')
    FROM (SELECT * FROM hub_kiosks k WHERE k.site_id IS NOT NULL AND )sql") + in_scope +
                               " ORDER BY k.site_id, k.id) k LEFT JOIN hub_heartbeats h ON h.kiosk_id = k.id",
                           {scope_of(who), now - config_.offline_after_min * 60'000LL});
  json out = {{"sites", rank_sites(sites, counts, who.sees_every_site() ? nullptr : json(who.sites))},
              {"chain", chain_figures(sites)}, {"trend", trend}, {"kiosks", kiosks},
              {"sla_hours", config_.sla_hours}, {"offline_after_min", config_.offline_after_min}};
  return out;
}

}  // namespace heard::hub
