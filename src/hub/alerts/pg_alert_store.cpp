#include "pg_alert_store.hpp"

#include <algorithm>

#include "hub/pg_hub_storage.hpp"

namespace heard::hub::alerts {

namespace {

Delivery delivery_from(const PgResult& r, int row) {
  Delivery d;
  d.id = r.text(row, 0);
  d.channel = r.text(row, 1);
  d.rule = r.text(row, 2);
  d.site_id = r.text(row, 3);
  d.subject = r.text(row, 4);
  d.body = r.text(row, 5);
  d.html = r.text(row, 6);
  d.state = delivery_state_from(r.view(row, 7));
  d.created_at = r.int64(row, 8);
  d.expires_at = r.int64(row, 9);
  d.next_at = r.int64(row, 10);
  if (!r.is_null(row, 11)) d.sent_at = r.int64(row, 11);
  d.attempts = static_cast<int>(r.int64(row, 12));
  d.last_error = r.text(row, 13);
  return d;
}

std::vector<Delivery> deliveries_from(const PgResult& r) {
  std::vector<Delivery> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(delivery_from(r, i));
  return out;
}

void insert_deliveries(PgConnection& c, const std::vector<NewDelivery>& deliveries, Millis now_wall,
                       Millis expires_at) {
  for (const auto& d : deliveries) {
    PgParams p;
    p.add(d.id).add(d.dedup).add(d.channel).add(d.rule).add_or_null(d.site_id).add(d.subject).add(d.body);
    p.add_or_null(d.html).add(d.hold_until ? "held" : "queued").add(now_wall).add(expires_at);
    p.add(d.hold_until.value_or(now_wall));
    if (d.hold_until) p.add_null();
    else p.add(now_wall);
    c.query(
        "INSERT INTO alert_deliveries (id, dedup, channel, rule, site_id, subject, body, html, state, "
        "created_at, expires_at, next_at, queued_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) "
        "ON CONFLICT (dedup) DO NOTHING",
        p);
  }
}

// A lasting rule's changes, each of which must still apply: false when another process got
// there first (then the caller's transaction rolls back and its next pass sees the truth).
bool apply_changes(PgConnection& c, const OpenAlertChanges& changes) {
  for (const auto& a : changes.opened)
    if (c.query("INSERT INTO alert_open (rule, subject, opened_at, told) VALUES ($1, $2, $3, false) "
                "ON CONFLICT DO NOTHING",
                PgParams().add(changes.rule).add(a.subject).add(a.opened_at))
            .affected() != 1)
      return false;
  for (const auto& subject : changes.closed)
    if (c.query("DELETE FROM alert_open WHERE rule = $1 AND subject = $2", PgParams().add(changes.rule).add(subject))
            .affected() != 1)
      return false;
  for (const auto& subject : changes.told)
    if (c.query("UPDATE alert_open SET told = true WHERE rule = $1 AND subject = $2 AND NOT told",
                PgParams().add(changes.rule).add(subject))
            .affected() != 1)
      return false;
  return true;
}

// Thrown inside a transaction to roll it back without an error to report.
struct Stale {};

}  // namespace

PgAlertStore::PgAlertStore(const std::string& url) : pool_(url, 4) {}

PgAlertStore::~PgAlertStore() {
  std::lock_guard lock(claims_mutex_);
  for (auto& [id, lease] : claims_) (*lease)->rollback_quietly();  // as if this process had died
}

std::int64_t PgAlertStore::cursor(const std::string& name) {
  auto c = pool_.lease();
  // An unknown cursor starts at the newest response; a second process's first call keeps
  // the first one's value (DO NOTHING), and both read back the one stored.
  c->query(
      "INSERT INTO alert_cursors (name, value) "
      "SELECT $1, coalesce((SELECT max(seq) FROM responses), 0) ON CONFLICT (name) DO NOTHING",
      PgParams().add(name));
  return c->query("SELECT value FROM alert_cursors WHERE name = $1", PgParams().add(name)).int64(0, 0);
}

// The highest seq below which every response is committed (or never will be). Sequence
// values are handed out before their transactions commit, so two ingesting processes can
// make seq 11 visible while seq 10 is still on its way: reading past 10 then would skip it
// for good. Ingest holds the shared lock while it inserts (lock_responses_for_insert); taking
// it exclusively waits only for the inserts in flight, for a moment, and every value the
// sequence handed out by then belongs to a finished transaction.
std::int64_t PgAlertStore::committed_horizon() {
  auto c = pool_.lease();
  PgTransaction tx(*c);
  c->query("SELECT pg_advisory_xact_lock($1)", PgParams().add(responses_insert_lock));
  const auto r = c->query("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM responses_seq");
  tx.commit();
  return r.int64(0, 0);
}

NewResponses PgAlertStore::responses_after(std::int64_t seq, int limit) {
  const std::int64_t horizon = committed_horizon();
  auto c = pool_.lease();
  PgTransaction tx(*c);
  c->exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");  // one snapshot for both reads
  NewResponses out;
  const auto last = c->query(
      "SELECT max(seq) FROM (SELECT seq FROM responses WHERE seq > $1 AND seq <= $2 "
      "ORDER BY seq LIMIT $3) x",
      PgParams().add(seq).add(horizon).add(limit));
  out.last_seq = last.is_null(0, 0) ? seq : last.int64(0, 0);
  const auto r = c->query(
      "SELECT r.seq, r.id, r.kiosk_id, coalesce(k.site_id, ''), coalesce(s.name, ''), r.rating, r.kind, "
      "r.categories::text, r.created_at FROM responses r LEFT JOIN hub_kiosks k ON k.id = r.kiosk_id "
      "LEFT JOIN hub_sites s ON s.id = k.site_id WHERE r.seq > $1 AND r.seq <= $2 AND r.urgent ORDER BY r.seq",
      PgParams().add(seq).add(out.last_seq));
  for (int i = 0; i < r.rows(); ++i) {
    UrgentCase u;
    u.seq = r.int64(i, 0);
    u.id = r.text(i, 1);
    u.kiosk_id = r.text(i, 2);
    u.site_id = r.text(i, 3);
    u.site_name = r.text(i, 4);
    u.rating = static_cast<int>(r.int64(i, 5));
    u.kind = r.text(i, 6);
    u.categories = categories_from(r.view(i, 7));
    u.created_at = r.int64(i, 8);
    out.urgent.push_back(std::move(u));
  }
  tx.commit();
  return out;
}

void PgAlertStore::enqueue(const std::vector<NewDelivery>& deliveries, const std::string& cursor_name,
                           std::int64_t cursor_value, Millis now_wall, Millis expires_at) {
  in_transaction(pool_, [&](PgConnection& c) {
    insert_deliveries(c, deliveries, now_wall, expires_at);
    // Never backwards: another process may have read further meanwhile.
    c.query(
        "INSERT INTO alert_cursors (name, value) VALUES ($1, $2) "
        "ON CONFLICT (name) DO UPDATE SET value = greatest(alert_cursors.value, excluded.value)",
        PgParams().add(cursor_name).add(cursor_value));
  });
}

std::vector<SiteWindow> PgAlertStore::site_windows(Millis from, Millis until) {
  auto c = pool_.lease();
  const auto r = c->query(
      "SELECT k.site_id, coalesce(s.name, k.site_id), count(*), count(*) FILTER (WHERE r.rating <= 2) "
      "FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id LEFT JOIN hub_sites s ON s.id = k.site_id "
      "WHERE r.created_at > $1 AND r.created_at <= $2 AND k.site_id IS NOT NULL "
      "GROUP BY k.site_id, s.name ORDER BY k.site_id",
      PgParams().add(from).add(until));
  std::vector<SiteWindow> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.text(i, 0), r.text(i, 1), static_cast<int>(r.int64(i, 2)), static_cast<int>(r.int64(i, 3))});
  return out;
}

std::vector<KioskHealth> PgAlertStore::kiosk_health() {
  auto c = pool_.lease();
  const auto r = c->query(
      "SELECT h.kiosk_id, coalesce(k.site_id, ''), coalesce(s.name, ''), h.received_at, h.oldest_unsynced_at "
      "FROM hub_heartbeats h LEFT JOIN hub_kiosks k ON k.id = h.kiosk_id LEFT JOIN hub_sites s ON s.id = k.site_id "
      "WHERE k.revoked_at IS NULL ORDER BY h.kiosk_id");
  std::vector<KioskHealth> out;
  for (int i = 0; i < r.rows(); ++i) {
    KioskHealth k{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.int64(i, 3), std::nullopt};
    if (!r.is_null(i, 4)) k.oldest_unsynced_at = r.int64(i, 4);
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<OverdueCase> PgAlertStore::open_cases(std::int64_t after_seq, Millis created_before, int limit) {
  auto c = pool_.lease();
  // The same case and status as the console's (pg_hub_console.cpp, cases_sql).
  const auto r = c->query(R"sql(
    SELECT id, kiosk_id, site_id, site_name, status, urgent, created_at FROM (
      SELECT r.id, r.kiosk_id, coalesce(k.site_id, '') AS site_id, coalesce(s.name, '') AS site_name, r.urgent,
        r.created_at,
        coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id
                  AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                  ORDER BY e.at DESC, e.seq DESC LIMIT 1), 'new') AS status
      FROM responses r LEFT JOIN hub_kiosks k ON k.id = r.kiosk_id LEFT JOIN hub_sites s ON s.id = k.site_id
      WHERE r.seq > $1 AND r.created_at < $2 AND r.complete AND (r.urgent OR (r.kind = 'complaint' AND
            (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL)))) x
    WHERE status IN ('new', 'contacted') ORDER BY created_at LIMIT $3)sql",
                          PgParams().add(after_seq).add(created_before).add(limit));
  std::vector<OverdueCase> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(
        {r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.boolean(i, 5), r.int64(i, 6), 0});
  return out;
}

std::vector<OpenAlert> PgAlertStore::open_alerts(const std::string& rule) {
  auto c = pool_.lease();
  const auto r = c->query("SELECT subject, opened_at, told FROM alert_open WHERE rule = $1 ORDER BY subject",
                          PgParams().add(rule));
  std::vector<OpenAlert> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.int64(i, 1), r.boolean(i, 2)});
  return out;
}

// Two processes' passes over the same lasting rule read the same open alerts and decide the
// same changes, with different deliveries (their subjects carry the instant). No advisory
// lock is needed to keep one of them: alert_open's primary key and row locks serialise the
// two transactions, and the second finds an open it meant to make already there (or a close
// already done, a told already set), so it rolls back whole, deliveries included.
void PgAlertStore::apply(const OpenAlertChanges& changes, const std::vector<NewDelivery>& deliveries, Millis now_wall,
                         Millis expires_at) {
  try {
    in_transaction(pool_, [&](PgConnection& c) {
      if (!apply_changes(c, changes)) throw Stale{};
      insert_deliveries(c, deliveries, now_wall, expires_at);
    });
  } catch (const Stale&) {}
}

std::optional<Delivery> PgAlertStore::claim_due(const std::string& /*run*/, Now now, Millis lease_ms, Millis max_wait) {
  auto lease = std::make_unique<PgPool::Lease>(pool_.lease());
  PgConnection& c = **lease;
  c.exec("BEGIN");
  try {
    c.query("SELECT set_config('idle_in_transaction_session_timeout', $1, true)",
            PgParams().add(std::to_string(lease_ms)));
    // Due as in the SQLite store: its time has come, or the wall clock stepped back further
    // than any backoff. SKIP LOCKED: another process's claim is passed over, not waited for.
    const auto r = c.query(std::string("SELECT ") + delivery_columns +
                               " FROM alert_deliveries WHERE state IN ('queued', 'failing') "
                               "AND (next_at <= $1 OR next_at > $1 + $2) ORDER BY next_at, created_at LIMIT 1 "
                               "FOR UPDATE SKIP LOCKED",
                           PgParams().add(now.wall).add(max_wait));
    if (r.empty()) {
      c.exec("ROLLBACK");
      return std::nullopt;
    }
    Delivery d = delivery_from(r, 0);
    c.query("UPDATE alert_deliveries SET attempts = attempts + 1 WHERE id = $1", PgParams().add(d.id));
    ++d.attempts;
    std::lock_guard guard(claims_mutex_);
    claims_[d.id] = std::move(lease);
    return d;
  } catch (...) {
    c.rollback_quietly();
    throw;
  }
}

void PgAlertStore::finish(const std::string& id, const std::string& sql, const PgParams& params) {
  std::unique_ptr<PgPool::Lease> claim;
  {
    std::lock_guard guard(claims_mutex_);
    if (const auto found = claims_.find(id); found != claims_.end()) {
      claim = std::move(found->second);
      claims_.erase(found);
    }
  }
  if (!claim) {
    in_transaction(pool_, [&](PgConnection& c) { c.query(sql, params); });
    return;
  }
  try {
    (*claim)->query(sql, params);
    (*claim)->exec("COMMIT");
  } catch (...) {
    (*claim)->rollback_quietly();  // the lease ran out (the server ended the session), or worse
    throw;
  }
}

void PgAlertStore::mark_sent(const std::string& id, Millis at) {
  finish(id,
         "UPDATE alert_deliveries SET state = 'sent', sent_at = $1, lease_run = NULL, last_error = NULL "
         "WHERE id = $2",
         PgParams().add(at).add(id));
}

void PgAlertStore::mark_failed(const std::string& id, const std::string& error, Millis next_at) {
  finish(id,
         "UPDATE alert_deliveries SET state = 'failing', last_error = $1, next_at = $2, lease_run = NULL "
         "WHERE id = $3 AND state <> 'sent'",
         PgParams().add(error.substr(0, 500)).add(next_at).add(id));
}

int PgAlertStore::expire_overdue(Millis now_wall) {
  auto c = pool_.lease();
  // A delivery being sent right now (locked) is left to its sender.
  return static_cast<int>(c->query("UPDATE alert_deliveries SET state = 'expired', lease_run = NULL WHERE id IN ("
                                   "SELECT id FROM alert_deliveries WHERE state IN ('queued', 'failing') "
                                   "AND expires_at <= $1 FOR UPDATE SKIP LOCKED)",
                                   PgParams().add(now_wall))
                              .affected());
}

std::optional<Millis> PgAlertStore::next_due() {
  auto c = pool_.lease();
  const auto r = c->query("SELECT min(next_at) FROM alert_deliveries WHERE state IN ('queued', 'failing')");
  if (r.is_null(0, 0)) return std::nullopt;
  return r.int64(0, 0);
}

DigestFigures PgAlertStore::digest_figures(const std::string& site, Millis from, Millis until) {
  auto c = pool_.lease();
  PgTransaction tx(*c);
  c->exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");  // one snapshot
  const PgParams params = PgParams().add(site).add(from).add(until);
  DigestFigures f;
  const auto counts = c->query(
      "SELECT count(*), count(*) FILTER (WHERE r.rating >= 4) FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id "
      "WHERE k.site_id = $1 AND r.created_at >= $2 AND r.created_at < $3 AND r.complete AND r.flags IS NULL",
      params);
  f.responses = static_cast<int>(counts.int64(0, 0));
  f.happy = static_cast<int>(counts.int64(0, 1));
  f.open_cases = static_cast<int>(c->query(R"sql(
    SELECT count(*) FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id
    WHERE k.site_id = $1 AND r.complete AND (r.urgent OR (r.kind = 'complaint' AND
          (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL)))
      AND coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id
                    AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                    ORDER BY e.at DESC, e.seq DESC LIMIT 1), 'new') IN ('new', 'contacted'))sql",
                                           PgParams().add(site))
                                      .int64(0, 0));
  const auto complaints = c->query(
      "SELECT c, count(*) FROM responses r JOIN hub_kiosks k ON k.id = r.kiosk_id, "
      "jsonb_array_elements_text(r.categories) c WHERE k.site_id = $1 AND r.created_at >= $2 AND r.created_at < $3 "
      "AND r.kind = 'complaint' AND r.complete AND r.flags IS NULL GROUP BY c ORDER BY count(*) DESC, c",
      params);
  for (int i = 0; i < complaints.rows(); ++i)
    f.complaint_categories.emplace_back(complaints.text(i, 0), static_cast<int>(complaints.int64(i, 1)));
  tx.commit();
  return f;
}

PersonWindow PgAlertStore::person_window(const std::string& channel, Millis since) {
  auto c = pool_.lease();
  const auto r = c->query(
      "SELECT count(*), coalesce(min(queued_at), 0), "
      "(SELECT count(*) FROM alert_deliveries WHERE channel = $1 AND state = 'held') "
      "FROM alert_deliveries WHERE channel = $1 AND queued_at > $2 "
      "AND state IN ('queued', 'failing', 'sent')",
      PgParams().add(channel).add(since));
  return {static_cast<int>(r.int64(0, 0)), r.int64(0, 1), static_cast<int>(r.int64(0, 2))};
}

std::vector<std::string> PgAlertStore::channels_with_held_due(Millis now_wall) {
  auto c = pool_.lease();
  const auto r = c->query(
      "SELECT channel FROM alert_deliveries WHERE state = 'held' GROUP BY channel "
      "HAVING min(next_at) <= $1 ORDER BY channel",
      PgParams().add(now_wall));
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
  return out;
}

std::vector<Delivery> PgAlertStore::held(const std::string& channel) {
  auto c = pool_.lease();
  return deliveries_from(c->query(std::string("SELECT ") + delivery_columns +
                                      " FROM alert_deliveries WHERE channel = $1 AND state = 'held' "
                                      "ORDER BY created_at, id",
                                  PgParams().add(channel)));
}

void PgAlertStore::release(const std::vector<std::string>& ids, const std::optional<NewDelivery>& summary,
                           Millis now_wall, Millis expires_at) {
  in_transaction(pool_, [&](PgConnection& c) {
    // Two processes releasing the same ones: the summary's dedup key (its first held one) and
    // "AND state = 'held'" let only the first do it.
    if (summary) insert_deliveries(c, {*summary}, now_wall, expires_at);
    for (const auto& id : ids) {
      if (summary)
        c.query("UPDATE alert_deliveries SET state = 'merged', merged_into = $2 WHERE id = $1 AND state = 'held'",
                PgParams().add(id).add(summary->id));
      else
        c.query(
            "UPDATE alert_deliveries SET state = 'queued', next_at = $2, queued_at = $2, expires_at = $3 "
            "WHERE id = $1 AND state = 'held'",
            PgParams().add(id).add(now_wall).add(expires_at));
    }
  });
}

std::vector<Delivery> PgAlertStore::deliveries(const std::string& state, int limit) {
  auto c = pool_.lease();
  return deliveries_from(c->query(std::string("SELECT ") + delivery_columns +
                                      " FROM alert_deliveries WHERE $1 = '' OR state = $1 "
                                      "ORDER BY created_at DESC, id DESC LIMIT $2",
                                  PgParams().add(state).add(limit)));
}

std::string PgAlertStore::setting(const std::string& key) {
  auto c = pool_.lease();
  const auto r = c->query("SELECT value FROM alert_settings WHERE key = $1", PgParams().add(key));
  return r.empty() ? std::string() : r.text(0, 0);
}

void PgAlertStore::set_setting(const std::string& key, const std::string& value) {
  auto c = pool_.lease();
  c->query(
      "INSERT INTO alert_settings (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      PgParams().add(key).add(value));
}

}  // namespace heard::hub::alerts
