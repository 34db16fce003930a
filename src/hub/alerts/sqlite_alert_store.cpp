#include "sqlite_alert_store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "hub/sqlite_file_lock.hpp"

namespace heard::hub::alerts {

namespace {

Delivery delivery_from(const store::Statement& s) {
  Delivery d;
  d.id = s.column_text(0);
  d.channel = s.column_text(1);
  d.rule = s.column_text(2);
  d.site_id = s.column_text(3);
  d.subject = s.column_text(4);
  d.body = s.column_text(5);
  d.html = s.column_text(6);
  d.state = delivery_state_from(s.column_view(7));
  d.created_at = s.column_int64(8);
  d.expires_at = s.column_int64(9);
  d.next_at = s.column_int64(10);
  if (!s.is_null(11)) d.sent_at = s.column_int64(11);
  d.attempts = s.column_int(12);
  d.last_error = s.column_text(13);
  return d;
}

}  // namespace

const char* to_string(DeliveryState state) {
  switch (state) {
    case DeliveryState::queued:
      return "queued";
    case DeliveryState::failing:
      return "failing";
    case DeliveryState::sent:
      return "sent";
    case DeliveryState::expired:
      return "expired";
    case DeliveryState::held:
      return "held";
    case DeliveryState::merged:
      return "merged";
  }
  return "queued";
}

std::vector<std::string> categories_from(std::string_view json_text) {
  const auto j = nlohmann::json::parse(json_text, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& c : j)
      if (c.is_string()) out.push_back(c.get<std::string>());
  return out;
}

DeliveryState delivery_state_from(std::string_view text) {
  if (text == "failing") return DeliveryState::failing;
  if (text == "sent") return DeliveryState::sent;
  if (text == "expired") return DeliveryState::expired;
  if (text == "held") return DeliveryState::held;
  if (text == "merged") return DeliveryState::merged;
  return DeliveryState::queued;
}

SqliteAlertStore::SqliteAlertStore(const std::filesystem::path& file)
    : file_lock_(sqlite_file_lock(file)), db_(file, store::Database::Mode::read_write) {
  db_.exec("PRAGMA busy_timeout = 10000");
}

std::int64_t SqliteAlertStore::cursor(const std::string& name) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, "SELECT value FROM alert_cursors WHERE name = ?");
  s.bind(1, name);
  if (s.step()) return s.column_int64(0);
  std::lock_guard writing(*file_lock_);  // only a cursor's first use writes
  const std::int64_t newest = db_.query_int("SELECT coalesce(max(seq), 0) FROM responses");
  store::Statement set(db_, "INSERT OR IGNORE INTO alert_cursors (name, value) VALUES (?, ?)");
  set.bind(1, name).bind(2, newest).run();
  return newest;
}

NewResponses SqliteAlertStore::responses_after(std::int64_t seq, int limit) {
  std::lock_guard lock(mutex_);
  store::Transaction tx(db_, store::Transaction::Kind::deferred);  // one snapshot for both reads
  NewResponses out;
  store::Statement last(db_, "SELECT max(seq) FROM (SELECT seq FROM responses WHERE seq > ? ORDER BY seq LIMIT ?)");
  last.bind(1, seq).bind(2, limit);
  out.last_seq = last.step() && !last.is_null(0) ? last.column_int64(0) : seq;
  store::Statement urgent(db_,
                          "SELECT r.seq, r.id, r.kiosk_id, coalesce(k.site_id, ''), coalesce(s.name, ''), r.rating, "
                          "r.kind, r.categories, r.created_at FROM responses r "
                          "LEFT JOIN hub_kiosks k ON k.id = r.kiosk_id LEFT JOIN hub_sites s ON s.id = k.site_id "
                          "WHERE r.seq > ? AND r.seq <= ? AND r.urgent = 1 ORDER BY r.seq");
  urgent.bind(1, seq).bind(2, out.last_seq);
  while (urgent.step()) {
    UrgentCase c;
    c.seq = urgent.column_int64(0);
    c.id = urgent.column_text(1);
    c.kiosk_id = urgent.column_text(2);
    c.site_id = urgent.column_text(3);
    c.site_name = urgent.column_text(4);
    c.rating = urgent.column_int(5);
    c.kind = urgent.column_text(6);
    c.categories = categories_from(urgent.column_view(7));
    c.created_at = urgent.column_int64(8);
    out.urgent.push_back(std::move(c));
  }
  tx.commit();
  return out;
}

void SqliteAlertStore::insert_locked(const std::vector<NewDelivery>& deliveries, Millis now_wall, Millis expires_at) {
  store::Statement insert(db_,
                          "INSERT INTO alert_deliveries (id, dedup, channel, rule, site_id, subject, body, html, "
                          "state, created_at, expires_at, next_at, queued_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                          "ON CONFLICT (dedup) DO NOTHING");
  for (const auto& d : deliveries) {
    insert.bind(1, d.id).bind(2, d.dedup).bind(3, d.channel).bind(4, d.rule);
    insert.bind_text_or_null(5, d.site_id).bind(6, d.subject).bind(7, d.body).bind_text_or_null(8, d.html);
    insert.bind(9, d.hold_until ? "held" : "queued").bind(10, now_wall).bind(11, expires_at);
    insert.bind(12, d.hold_until.value_or(now_wall));
    if (d.hold_until) insert.bind(13, nullptr);
    else insert.bind(13, now_wall);
    insert.run();
    insert.reset();
  }
}

void SqliteAlertStore::enqueue(const std::vector<NewDelivery>& deliveries, const std::string& cursor_name,
                               std::int64_t cursor_value, Millis now_wall, Millis expires_at) {
  std::scoped_lock lock(mutex_, *file_lock_);  // writes: the file's one writer
  store::Transaction tx(db_);
  insert_locked(deliveries, now_wall, expires_at);
  store::Statement cursor(db_,
                          "INSERT INTO alert_cursors (name, value) VALUES (?, ?) "
                          "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
  cursor.bind(1, cursor_name).bind(2, cursor_value).run();
  tx.commit();
}

std::vector<SiteWindow> SqliteAlertStore::site_windows(Millis from, Millis until) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
                     "SELECT k.site_id, coalesce(s.name, k.site_id), count(*), sum(r.rating <= 2) "
                     "FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id "
                     "LEFT JOIN hub_sites s ON s.id = k.site_id "
                     "WHERE r.created_at > ? AND r.created_at <= ? AND k.site_id IS NOT NULL "
                     "GROUP BY k.site_id ORDER BY k.site_id");
  s.bind(1, from).bind(2, until);
  std::vector<SiteWindow> out;
  while (s.step()) out.push_back({s.column_text(0), s.column_text(1), s.column_int(2), s.column_int(3)});
  return out;
}

std::vector<KioskHealth> SqliteAlertStore::kiosk_health() {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
                     "SELECT h.kiosk_id, coalesce(k.site_id, ''), coalesce(s.name, ''), h.received_at, "
                     "h.oldest_unsynced_at FROM hub_heartbeats h LEFT JOIN hub_kiosks k ON k.id = h.kiosk_id "
                     "LEFT JOIN hub_sites s ON s.id = k.site_id WHERE k.revoked_at IS NULL ORDER BY h.kiosk_id");
  std::vector<KioskHealth> out;
  while (s.step()) {
    KioskHealth k{s.column_text(0), s.column_text(1), s.column_text(2), s.column_int64(3), std::nullopt};
    if (!s.is_null(4)) k.oldest_unsynced_at = s.column_int64(4);
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<OverdueCase> SqliteAlertStore::open_cases(std::int64_t after_seq, Millis created_before, int limit) {
  std::lock_guard lock(mutex_);
  // The same case and status as the console's (sqlite_hub_console.cpp, cases_sql).
  store::Statement s(db_, R"sql(
    SELECT id, kiosk_id, site_id, site_name, status, urgent, created_at FROM (
      SELECT r.id, r.kiosk_id, coalesce(k.site_id, '') AS site_id, coalesce(s.name, '') AS site_name, r.urgent,
        r.created_at,
        coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id
                  AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                  ORDER BY e.at DESC, e.rowid DESC LIMIT 1), 'new') AS status
      FROM responses r LEFT JOIN hub_kiosks k ON k.id = r.kiosk_id LEFT JOIN hub_sites s ON s.id = k.site_id
      WHERE r.seq > ?1 AND r.created_at < ?2 AND r.complete = 1 AND (r.urgent = 1 OR (r.kind = 'complaint' AND
            (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL))))
    WHERE status IN ('new', 'contacted') ORDER BY created_at LIMIT ?3)sql");
  s.bind(1, after_seq).bind(2, created_before).bind(3, limit);
  std::vector<OverdueCase> out;
  while (s.step())
    out.push_back({s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3), s.column_text(4),
                   s.column_int(5) != 0, s.column_int64(6), 0});
  return out;
}

std::vector<OpenAlert> SqliteAlertStore::open_alerts(const std::string& rule) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, "SELECT subject, opened_at, told FROM alert_open WHERE rule = ? ORDER BY subject");
  s.bind(1, rule);
  std::vector<OpenAlert> out;
  while (s.step()) out.push_back({s.column_text(0), s.column_int64(1), s.column_int(2) != 0});
  return out;
}

void SqliteAlertStore::apply(const OpenAlertChanges& changes, const std::vector<NewDelivery>& deliveries,
                             Millis now_wall, Millis expires_at) {
  std::scoped_lock lock(mutex_, *file_lock_);  // writes: the file's one writer
  store::Transaction tx(db_);
  store::Statement open(db_, "INSERT OR IGNORE INTO alert_open (rule, subject, opened_at, told) VALUES (?, ?, ?, 0)");
  for (const auto& a : changes.opened) {
    open.bind(1, changes.rule).bind(2, a.subject).bind(3, a.opened_at).run();
    open.reset();
  }
  store::Statement close(db_, "DELETE FROM alert_open WHERE rule = ? AND subject = ?");
  for (const auto& subject : changes.closed) {
    close.bind(1, changes.rule).bind(2, subject).run();
    close.reset();
  }
  store::Statement told(db_, "UPDATE alert_open SET told = 1 WHERE rule = ? AND subject = ?");
  for (const auto& subject : changes.told) {
    told.bind(1, changes.rule).bind(2, subject).run();
    told.reset();
  }
  insert_locked(deliveries, now_wall, expires_at);
  tx.commit();
}

std::optional<Delivery> SqliteAlertStore::claim_due(const std::string& run, Now now, Millis lease_ms, Millis max_wait) {
  std::scoped_lock lock(mutex_, *file_lock_);  // writes: the file's one writer
  store::Transaction tx(db_);
  // Due: its time has come, or the wall clock was stepped back so far that waiting for it
  // would exceed any backoff (a retry never waits longer than max_wait of real time).
  store::Statement pick(db_, std::string("SELECT ") + delivery_columns +
                                 " FROM alert_deliveries WHERE state IN ('queued', 'failing') "
                                 "AND (next_at <= ?1 OR next_at > ?1 + ?2) "
                                 "AND (lease_run IS NULL OR lease_run <> ?3 OR lease_until <= ?4) "
                                 "ORDER BY next_at, created_at LIMIT 1");
  pick.bind(1, now.wall).bind(2, max_wait).bind(3, run).bind(4, now.steady);
  if (!pick.step()) return std::nullopt;
  Delivery d = delivery_from(pick);
  store::Statement lease(db_,
                         "UPDATE alert_deliveries SET lease_run = ?, lease_until = ?, attempts = attempts + 1 "
                         "WHERE id = ?");
  lease.bind(1, run).bind(2, now.steady + lease_ms).bind(3, d.id).run();
  tx.commit();
  ++d.attempts;
  return d;
}

void SqliteAlertStore::mark_sent(const std::string& id, Millis at) {
  std::scoped_lock lock(mutex_, *file_lock_);  // writes: the file's one writer
  store::Statement s(db_,
                     "UPDATE alert_deliveries SET state = 'sent', sent_at = ?, lease_run = NULL, "
                     "last_error = NULL WHERE id = ?");
  s.bind(1, at).bind(2, id).run();
}

void SqliteAlertStore::mark_failed(const std::string& id, const std::string& error, Millis next_at) {
  std::scoped_lock lock(mutex_, *file_lock_);  // writes: the file's one writer
  store::Statement s(db_,
                     "UPDATE alert_deliveries SET state = 'failing', last_error = ?, next_at = ?, "
                     "lease_run = NULL WHERE id = ? AND state <> 'sent'");
  s.bind(1, error.substr(0, 500)).bind(2, next_at).bind(3, id).run();
}

int SqliteAlertStore::expire_overdue(Millis now_wall) {
  std::scoped_lock lock(mutex_, *file_lock_);  // writes: the file's one writer
  store::Statement s(db_,
                     "UPDATE alert_deliveries SET state = 'expired', lease_run = NULL "
                     "WHERE state IN ('queued', 'failing') AND expires_at <= ?");
  s.bind(1, now_wall).run();
  return db_.changes();
}

std::optional<Millis> SqliteAlertStore::next_due() {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, "SELECT min(next_at) FROM alert_deliveries WHERE state IN ('queued', 'failing')");
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.column_int64(0);
}

DigestFigures SqliteAlertStore::digest_figures(const std::string& site, Millis from, Millis until) {
  std::lock_guard lock(mutex_);
  store::Transaction tx(db_, store::Transaction::Kind::deferred);  // one snapshot
  DigestFigures f;
  store::Statement counts(db_,
                          "SELECT count(*), coalesce(sum(r.rating >= 4), 0) FROM responses r "
                          "JOIN hub_kiosks k ON k.id = r.kiosk_id WHERE k.site_id = ?1 AND r.created_at >= ?2 "
                          "AND r.created_at < ?3 AND r.complete = 1 AND r.flags IS NULL");
  counts.bind(1, site).bind(2, from).bind(3, until);
  if (counts.step()) f = {counts.column_int(0), counts.column_int(1), 0, {}};
  store::Statement open(db_,
                        "SELECT count(*) FROM hub_open_cases o JOIN hub_kiosks k ON k.id = o.kiosk_id "
                        "WHERE k.site_id = ?");
  open.bind(1, site);
  if (open.step()) f.open_cases = open.column_int(0);
  store::Statement complaints(db_,
                              "SELECT r.categories FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id "
                              "WHERE k.site_id = ?1 AND r.created_at >= ?2 AND r.created_at < ?3 "
                              "AND r.kind = 'complaint' AND r.complete = 1 AND r.flags IS NULL");
  complaints.bind(1, site).bind(2, from).bind(3, until);
  std::map<std::string, int> by_category;
  while (complaints.step())
    for (const auto& c : categories_from(complaints.column_view(0))) ++by_category[c];
  f.complaint_categories.assign(by_category.begin(), by_category.end());
  std::stable_sort(f.complaint_categories.begin(), f.complaint_categories.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  tx.commit();
  return f;
}

PersonWindow SqliteAlertStore::person_window(const std::string& channel, Millis since) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
                     "SELECT count(*), coalesce(min(queued_at), 0), "
                     "(SELECT count(*) FROM alert_deliveries WHERE channel = ?1 AND state = 'held') "
                     "FROM alert_deliveries WHERE channel = ?1 AND queued_at > ?2 "
                     "AND state IN ('queued', 'failing', 'sent')");
  s.bind(1, channel).bind(2, since);
  s.step();
  return {s.column_int(0), s.column_int64(1), s.column_int(2)};
}

std::vector<std::string> SqliteAlertStore::channels_with_held_due(Millis now_wall) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
                     "SELECT channel FROM alert_deliveries WHERE state = 'held' GROUP BY channel "
                     "HAVING min(next_at) <= ? ORDER BY channel");
  s.bind(1, now_wall);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.column_text(0));
  return out;
}

std::vector<Delivery> SqliteAlertStore::held(const std::string& channel) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, std::string("SELECT ") + delivery_columns +
                              " FROM alert_deliveries WHERE channel = ? AND state = 'held' ORDER BY created_at, id");
  s.bind(1, channel);
  std::vector<Delivery> out;
  while (s.step()) out.push_back(delivery_from(s));
  return out;
}

void SqliteAlertStore::release(const std::vector<std::string>& ids, const std::optional<NewDelivery>& summary,
                               Millis now_wall, Millis expires_at) {
  std::scoped_lock lock(mutex_, *file_lock_);  // writes: the file's one writer
  store::Transaction tx(db_);
  if (summary) insert_locked({*summary}, now_wall, expires_at);
  // Released as they are: their expiry counts from now, as if queued now (held is not failing).
  store::Statement one(db_, summary ? "UPDATE alert_deliveries SET state = 'merged', merged_into = ?2 "
                                      "WHERE id = ?1 AND state = 'held'"
                                    : "UPDATE alert_deliveries SET state = 'queued', next_at = ?3, queued_at = ?3, "
                                      "expires_at = ?4 WHERE id = ?1 AND state = 'held'");
  for (const auto& id : ids) {
    one.bind(1, id);
    if (summary) one.bind(2, summary->id);
    else one.bind(3, now_wall).bind(4, expires_at);
    one.run();
    one.reset();
  }
  tx.commit();
}

std::vector<Delivery> SqliteAlertStore::deliveries(const std::string& state, int limit) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, std::string("SELECT ") + delivery_columns +
                              " FROM alert_deliveries WHERE ?1 = '' OR state = ?1 ORDER BY created_at DESC, id DESC "
                              "LIMIT ?2");
  s.bind(1, state).bind(2, limit);
  std::vector<Delivery> out;
  while (s.step()) out.push_back(delivery_from(s));
  return out;
}

std::string SqliteAlertStore::setting(const std::string& key) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, "SELECT value FROM alert_settings WHERE key = ?");
  s.bind(1, key);
  return s.step() ? s.column_text(0) : std::string();
}

void SqliteAlertStore::set_setting(const std::string& key, const std::string& value) {
  std::scoped_lock lock(mutex_, *file_lock_);  // writes: the file's one writer
  store::Statement s(db_,
                     "INSERT INTO alert_settings (key, value) VALUES (?, ?) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  s.bind(1, key).bind(2, value).run();
}

}  // namespace heard::hub::alerts
