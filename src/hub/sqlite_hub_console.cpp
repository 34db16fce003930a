// SqliteHubStorage: the console's read models. Each is one SQL statement that builds its JSON
// in SQLite (json_object, json_group_array), so what the console shows is defined in one place.
// `?1` is always the caller's scope: NULL for every site, else a JSON array of site ids.
#include <algorithm>

#include "console_rows.hpp"
#include "core/time.hpp"
#include "ranking.hpp"
#include "sqlite_hub_storage.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {

constexpr const char* hub_source = "@hub";  // hub_events.kiosk_id of events made at head office: no kiosk's id

json scope_of(const User& who) { return who.sees_every_site() ? json(nullptr) : json(who.sites); }

const char* in_scope = "(?1 IS NULL OR k.site_id IN (SELECT value FROM json_each(?1)))";

// The latest of contacted/resolved/unreachable/purged from the append-only events, else new.
const char* status_from_events = R"sql(
        coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id
                  AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                  ORDER BY e.at DESC, e.rowid DESC LIMIT 1), 'new'))sql";

// Every follow-up case (a response asking for contact or a manager) among `rows` (which name
// responses `r`), with its `status` and the latest assignment.
std::string cases_sql(const std::string& rows, const std::string& status, const std::string& where) {
  return std::string(R"sql(
    WITH c AS (
      SELECT r.id, r.kiosk_id, k.site_id, s.name AS site_name, r.created_at, r.rating, r.kind, r.categories,
        r.comment, r.desired_resolution, r.urgent, r.contact_channel, r.flags,
        r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL AS has_contact,
        CASE WHEN r.contact_phone IS NOT NULL THEN '••• ••• ' || substr(r.contact_phone, -2)
             WHEN r.contact_email IS NOT NULL THEN substr(r.contact_email, 1, 1) || '•••@•••' END AS masked,
        )sql") +
         status + R"sql( AS status,
        (SELECT e.to_person FROM hub_events e WHERE e.response_id = r.id AND e.status = 'assigned'
         ORDER BY e.at DESC, e.rowid DESC LIMIT 1) AS assigned_to
      FROM )sql" +
         rows + R"sql( JOIN hub_kiosks k ON k.id = r.kiosk_id JOIN hub_sites s ON s.id = k.site_id
      WHERE r.complete = 1 AND (r.urgent = 1 OR (r.kind = 'complaint' AND
            (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL))) AND )sql" +
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

// Counts, ratings and happy answers of the period's partial days, grouped by `key`
// (?1 scope, ?2..?5 the edges of PeriodParts): the raw half of the rollup's union.
std::string raw_edges_by(const std::string& key) {
  return "SELECT " + key +
         " AS key, count(*) AS n, sum(r.rating >= 4) AS happy, sum(r.rating) AS total "
         "FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id WHERE r.complete = 1 AND r.flags IS NULL AND " +
         in_scope +
         " AND ((r.created_at >= ?2 AND r.created_at < ?3) OR (r.created_at >= ?4 AND r.created_at < ?5)) "
         "GROUP BY 1";
}

}  // namespace

json SqliteHubStorage::cases(const User& who, Millis now) {
  std::lock_guard lock(mutex_);
  const Millis sla = config_.sla_hours * 3'600'000LL;
  // The first 500 open cases in the caller's scope, straight from hub_open_cases' index.
  const std::string first_open = std::string(R"sql((
      SELECT o.response_seq, o.status FROM hub_open_cases o JOIN hub_kiosks k ON k.id = o.kiosk_id
        JOIN hub_sites s ON s.id = k.site_id WHERE )sql") +
                                 in_scope + R"sql(
      ORDER BY o.urgent DESC, o.created_at LIMIT 500) o JOIN responses r ON r.seq = o.response_seq)sql";
  return query_json(cases_sql(first_open, "o.status", "ORDER BY urgent DESC, created_at"), {scope_of(who), sla, now});
}

std::optional<json> SqliteHubStorage::find_case(const User& who, const std::string& id, Millis now) {
  std::lock_guard lock(mutex_);
  const Millis sla = config_.sla_hours * 3'600'000LL;
  json found = query_json(cases_sql("responses r", status_from_events, "WHERE id = ?4"), {scope_of(who), sla, now, id});
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
                                  "ON k.id = r.kiosk_id WHERE r.id = ?2 AND ") +
                          in_scope,
                      {scope_of(who), id});
  if (c.is_null()) return std::nullopt;
  return c;
}

void SqliteHubStorage::add_hub_event(const store::FollowupEvent& e, const std::string& to) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
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
  return events_page(rows, cursor, limit);
}

namespace {

// The responses page's WHERE clause, with only the filters given (each still a bound parameter):
// "?n IS NULL OR ..." for every filter would keep SQLite from using an index for any of them.
struct ResponseFilter {
  std::string where = "r.complete = 1";
  std::vector<json> params;

  void add(const std::string& clause, std::vector<json> values) {
    std::string sql;
    std::size_t next = 0;
    for (char c : clause) {  // each '?' becomes the number of its value
      if (c != '?') {
        sql += c;
        continue;
      }
      params.push_back(std::move(values[next++]));
      sql += "?" + std::to_string(params.size());
    }
    where += " AND " + sql;
  }
};

// How the category filter reads: a category with few responses as the list of them (sorted
// afterwards, at most common_category of them), a common one by checking each response on the
// newest-first walk, which meets a page's worth soon. Either way a page reads a bounded number
// of rows, where the list alone would sort a million for a category one response in seven has.
constexpr std::int64_t common_category = 20'000;

ResponseFilter response_filter(const User& who, const json& f, bool category_is_common) {
  ResponseFilter out;
  if (!who.sees_every_site()) out.add("k.site_id IN (SELECT value FROM json_each(?))", {scope_of(who)});
  auto given = [&](const char* key) { return f.contains(key) && !f[key].is_null(); };
  if (given("site")) out.add("k.site_id = ?", {f["site"]});
  if (given("kiosk")) out.add("r.kiosk_id = ?", {f["kiosk"]});
  if (given("since")) out.add("r.created_at >= ?", {f["since"]});
  if (given("until")) out.add("r.created_at < ?", {f["until"]});
  if (given("rating")) out.add("r.rating = ?", {f["rating"]});
  if (given("kind")) out.add("r.kind = ?", {f["kind"]});
  if (given("before_at")) out.add("(r.created_at, r.seq) < (?, ?)", {f["before_at"], f.value("before_seq", json())});
  if (given("text"))
    out.add("r.seq IN (SELECT rowid FROM responses_fts WHERE responses_fts MATCH ?)", {fts_query(f["text"])});
  if (given("category") && category_is_common)
    out.add("EXISTS (SELECT 1 FROM response_categories c WHERE c.response_seq = r.seq AND c.category = ?)",
            {f["category"]});
  else if (given("category"))
    out.add("r.seq IN (SELECT response_seq FROM response_categories WHERE category = ?)", {f["category"]});
  // Spelt out, so the few flagged responses are read from their own partial index.
  if (given("flagged")) out.add(f["flagged"].get<bool>() ? "r.flags IS NOT NULL" : "r.flags IS NULL", {});
  return out;
}

}  // namespace

json SqliteHubStorage::responses(const User& who, const json& f, int limit) {
  std::lock_guard lock(mutex_);
  bool category_is_common = false;
  if (f.contains("category") && f["category"].is_string()) {
    store::Statement count(db_, "SELECT count(*) FROM (SELECT 1 FROM response_categories WHERE category = ? LIMIT ?)");
    count.bind(1, f["category"].get<std::string>()).bind(2, common_category);
    category_is_common = count.step() && count.column_int64(0) >= common_category;
  }
  ResponseFilter filter = response_filter(who, f, category_is_common);
  filter.params.push_back(limit + 1);
  json rows = query_json(std::string(R"sql(
    SELECT coalesce(json_group_array(json_object('id', id, 'seq', seq, 'site', site_id, 'site_name', site_name,
      'kiosk', kiosk_id,
      'created_at', created_at, 'rating', rating, 'kind', kind, 'categories', json(categories), 'comment', comment,
      'urgent', json(CASE WHEN urgent THEN 'true' ELSE 'false' END), 'flags', json(coalesce(flags, '[]')))), '[]')
    FROM (SELECT r.*, k.site_id, s.name AS site_name FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id
      JOIN hub_sites s ON s.id = k.site_id
      WHERE )sql") + filter.where +
                             R"sql(
      ORDER BY r.created_at DESC, r.seq DESC LIMIT ?)sql" +
                             std::to_string(filter.params.size()) + ")",
                         filter.params);
  return responses_page(rows, limit);
}

std::int64_t SqliteHubStorage::export_responses(const User& who, const json& f, store::ExportFormat format,
                                                const store::ExportSink& sink) {
  // The caller's scope and the site filter become the kiosks they hold, which the store's
  // export understands; a kiosk filter outside them leaves nothing.
  store::ExportFilter filter =
      export_filter(f, kiosks_in_scope(who, f.value("site", json()), f.value("kiosk", json())));
  if (f.contains("text")) filter.comment_match = fts_query(f["text"]);
  // A reader of its own: a long download never holds the lock the kiosks' uploads need.
  return export_feedback(filter, format, sink);
}

// Four queries (sites, open counts, trend, kiosks) under one lock, so the page's figures agree
// with each other. Long because it is mostly their SQL, which reads best in one place.
json SqliteHubStorage::overview(const User& who, Millis from, Millis until, Millis now) {
  std::lock_guard lock(mutex_);
  const Millis sla = config_.sla_hours * 3'600'000LL;
  const PeriodParts part = period_parts(from, until);
  // Every site's figures: the ranking shrinks towards the whole chain, whoever is looking.
  json sites = query_json(std::string(R"sql(
    WITH per_kiosk AS ()sql") +
                              raw_edges_by("r.kiosk_id") + R"sql( UNION ALL
      SELECT kiosk_id, sum(r1 + r2 + r3 + r4 + r5), sum(r4 + r5), sum(r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5)
      FROM hub_daily_ratings WHERE day >= ?6 AND day < ?8 GROUP BY kiosk_id UNION ALL
      SELECT kiosk_id, sum(r1 + r2 + r3 + r4 + r5), sum(r4 + r5), sum(r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5)
      FROM hub_daily_ratings WHERE day >= ?9 AND day < ?7 GROUP BY kiosk_id UNION ALL
      SELECT kiosk_id, sum(r1 + r2 + r3 + r4 + r5), sum(r4 + r5), sum(r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5)
      FROM hub_block_ratings WHERE block >= ?10 AND block < ?11 GROUP BY kiosk_id),
    per AS (SELECT k.site_id, sum(n) AS n, sum(happy) AS happy, 1.0 * sum(total) / sum(n) AS average
            FROM per_kiosk p JOIN hub_kiosks k ON k.id = p.key GROUP BY k.site_id),
    flagged AS (SELECT k.site_id, count(*) AS flagged FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id
                WHERE r.flags IS NOT NULL AND r.complete = 1 AND r.created_at >= ?2 AND r.created_at < ?5
                GROUP BY k.site_id)
    SELECT coalesce(json_group_array(json_object('id', s.id, 'name', s.name, 'time_zone', s.time_zone,
      'responses', coalesce(per.n, 0), 'happy', coalesce(per.happy, 0), 'average', per.average,
      'flagged', coalesce(f.flagged, 0))), '[]')
    FROM hub_sites s LEFT JOIN per ON per.site_id = s.id LEFT JOIN flagged f ON f.site_id = s.id)sql",
                          {nullptr, part.from, part.first_full, part.after_full, part.until, part.first_day,
                           part.end_day, part.head_end, part.tail_start, part.first_block, part.end_block});
  // Open and overdue follow-ups per site: every open case is new or contacted, so overdue once
  // due (created_at + sla < now). The open counts per kiosk are kept by triggers; the cases
  // not yet due are the few created since now - sla, read by range.
  json counts = query_json(std::string(R"sql(
    SELECT coalesce(json_group_object(site_id, json_array(open, open - not_due)), '{}') FROM (
      SELECT k.site_id, sum(c.open) AS open, coalesce(sum(d.n), 0) AS not_due
      FROM hub_open_case_counts c JOIN hub_kiosks k ON k.id = c.kiosk_id
        LEFT JOIN (SELECT kiosk_id, count(*) AS n FROM hub_open_cases WHERE created_at >= ?3 - ?2
                   GROUP BY kiosk_id) d ON d.kiosk_id = c.kiosk_id
      WHERE c.open > 0 AND )sql") +
                               in_scope + R"sql(
      GROUP BY k.site_id))sql",
                           {scope_of(who), sla, now});
  // The whole chain's days from its own rollup; some sites' from their kiosks' days.
  const std::string whole_days = who.sees_every_site()
                                     ? "hub_chain_daily_ratings d WHERE d.day >= ?6 AND d.day < ?7 AND ?1 IS NULL"
                                     : std::string(
                                           "hub_kiosks k CROSS JOIN hub_daily_ratings d ON d.kiosk_id = k.id "
                                           "WHERE d.day >= ?6 AND d.day < ?7 AND ") +
                                           in_scope;
  json trend = query_json(
      std::string(R"sql(
    SELECT coalesce(json_group_array(json_object('day', key, 'responses', n, 'average', average,
      'csat', 100.0 * happy / n)), '[]') FROM (
      SELECT key, sum(n) AS n, 1.0 * sum(total) / sum(n) AS average, sum(happy) AS happy FROM ()sql") +
          raw_edges_by("date(r.created_at / 1000 + r.utc_offset_min * 60, 'unixepoch')") +
          R"sql( UNION ALL
        SELECT date(d.local_day * 86400, 'unixepoch'), sum(r1 + r2 + r3 + r4 + r5), sum(r4 + r5),
          sum(r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5) FROM )sql" +
          whole_days + R"sql( GROUP BY d.local_day)
      GROUP BY key HAVING n > 0 ORDER BY key))sql",
      {scope_of(who), part.from, part.first_full, part.after_full, part.until, part.first_day, part.end_day});
  json kiosks =
      query_json(std::string(R"sql(
    SELECT coalesce(json_group_array(json_object('id', k.id, 'site', k.site_id, 'last_seen', h.received_at,
      'outbox', h.outbox, 'oldest_unsynced_at', h.oldest_unsynced_at, 'app_version', h.app_version,
      'last_error', h.last_error, 'revoked', json(CASE WHEN k.revoked_at IS NULL THEN 'false' ELSE 'true' END),
      'offline', json(CASE WHEN h.received_at IS NULL OR h.received_at < ?2 THEN 'true' ELSE 'false' END))), '[]')
    FROM (SELECT * FROM hub_kiosks k WHERE k.site_id IS NOT NULL AND )sql") +
                     in_scope + " ORDER BY k.site_id, k.id) k LEFT JOIN hub_heartbeats h ON h.kiosk_id = k.id",
                 {scope_of(who), now - config_.offline_after_min * 60'000LL});
  json out = {{"sites", rank_sites(sites, counts, who.sees_every_site() ? nullptr : json(who.sites))},
              {"chain", chain_figures(sites)},
              {"trend", trend},
              {"kiosks", kiosks},
              {"sla_hours", config_.sla_hours},
              {"offline_after_min", config_.offline_after_min}};
  return out;
}

}  // namespace heard::hub
