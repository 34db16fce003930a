// The hub's migrations. Each step runs in its own transaction with the version bump, so a
// power cut mid-migration leaves the previous version. Never edit a released step: add one.
#include "hub_schema.hpp"

#include <string>
#include <vector>

namespace heard::hub {

namespace {

// The follow-up cases among the responses `r` matching `only`, as hub_open_cases rows: complete
// responses that are urgent or a complaint with contact details, whose latest
// contacted/resolved/unreachable/purged event (by at, then arrival) leaves them new or contacted.
std::string open_cases_from(const std::string& only) {
  return R"sql(
    INSERT INTO hub_open_cases (response_seq, id, kiosk_id, urgent, created_at, status)
    SELECT seq, id, kiosk_id, urgent, created_at, status FROM (
      SELECT r.seq, r.id, r.kiosk_id, r.urgent, r.created_at,
        coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id
                  AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                  ORDER BY e.at DESC, e.rowid DESC LIMIT 1), 'new') AS status
      FROM responses r
      WHERE )sql" +
         only + R"sql( AND r.complete = 1 AND (r.urgent = 1 OR (r.kind = 'complaint' AND
            (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL))))
    WHERE status = 'new' OR status = 'contacted';
  )sql";
}

std::string open_case_backfill() { return open_cases_from("1"); }

// Trigger statements that recompute one case (by response id) from scratch.
std::string refresh_open_case(const std::string& id) {
  return "DELETE FROM hub_open_cases WHERE id = " + id + ";\n" + open_cases_from("r.id = " + id);
}

std::string open_case_triggers() {
  const std::string refresh_new = refresh_open_case("new.id");
  return std::string(R"sql(
    CREATE TRIGGER hub_open_cases_response_insert AFTER INSERT ON responses
        WHEN new.complete = 1 AND (new.urgent = 1 OR (new.kind = 'complaint' AND
             (new.contact_phone IS NOT NULL OR new.contact_email IS NOT NULL))) BEGIN
  )sql") +
         refresh_new + R"sql(
    END;
    CREATE TRIGGER hub_open_cases_response_update AFTER UPDATE OF
        id, kiosk_id, created_at, complete, urgent, kind, contact_phone, contact_email ON responses BEGIN
      DELETE FROM hub_open_cases WHERE id = old.id;
  )sql" + refresh_new +
         R"sql(
    END;
    CREATE TRIGGER hub_open_cases_response_delete AFTER DELETE ON responses BEGIN
      DELETE FROM hub_open_cases WHERE response_seq = old.seq;
    END;
    CREATE TRIGGER hub_open_cases_event_insert AFTER INSERT ON hub_events
        WHEN new.status IN ('contacted', 'resolved', 'unreachable', 'purged') BEGIN
  )sql" + refresh_open_case("new.response_id") +
         R"sql(
    END;
    CREATE TRIGGER hub_open_cases_event_update AFTER UPDATE ON hub_events BEGIN
  )sql" + refresh_open_case("old.response_id") +
         refresh_open_case("new.response_id") + R"sql(
    END;
    CREATE TRIGGER hub_open_cases_event_delete AFTER DELETE ON hub_events BEGIN
  )sql" + refresh_open_case("old.response_id") +
         R"sql(
    END;
  )sql";
}

// A trigger on hub_daily_ratings that adds its change to the coarser rollups: `plus` - `minus`
// for each rating (`%` stands for 1..5; an empty `minus` subtracts nothing), at the row's keys.
std::string coarse_rollup_trigger(const std::string& op, const std::string& day, const std::string& kiosk,
                                  const std::string& local_day, const std::string& plus, const std::string& minus) {
  std::string deltas, sums;
  for (const char r : std::string("12345")) {
    auto with = [&](std::string pattern) {
      if (const auto at = pattern.find('%'); at != std::string::npos) pattern[at] = r;
      return pattern;
    };
    const std::string n = std::string("r") + r;
    deltas += ", " + with(plus) + (minus.empty() ? "" : " - " + with(minus));
    sums += std::string(r == '1' ? "" : ", ") + n + " = " + n + " + excluded." + n;
  }
  return "CREATE TRIGGER hub_daily_ratings_coarse_" + op + " AFTER " + op + " ON hub_daily_ratings BEGIN\n" +
         "  INSERT INTO hub_block_ratings VALUES (" + day + " / 8, " + kiosk + deltas + ") ON CONFLICT DO UPDATE SET " +
         sums + ";\n" + "  INSERT INTO hub_chain_daily_ratings VALUES (" + day + ", " + local_day + deltas +
         ") ON CONFLICT DO UPDATE SET " + sums + ";\nEND;\n";
}

// The migrations, oldest first: one list of SQL steps, never edited once shipped, only
// appended to. Long by nature (it is the schema's history), and read top to bottom.
const std::vector<std::string>& steps() {
  static const std::vector<std::string> all = {
      // 1: what the hub kept before it counted versions (IF NOT EXISTS: those files have them).
      R"sql(
        CREATE TABLE IF NOT EXISTS hub_idempotency (
          kiosk_id TEXT NOT NULL, key TEXT NOT NULL, digest BLOB NOT NULL, reply TEXT NOT NULL,
          created_at INTEGER NOT NULL, PRIMARY KEY (kiosk_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS hub_events (
          id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, response_id TEXT NOT NULL, at INTEGER NOT NULL,
          status TEXT NOT NULL, by TEXT NOT NULL, note TEXT, received_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS hub_events_response ON hub_events (response_id, at);
        CREATE TABLE IF NOT EXISTS hub_record_digests (id TEXT PRIMARY KEY, digest BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS hub_heartbeats (
          kiosk_id TEXT PRIMARY KEY, at INTEGER NOT NULL, received_at INTEGER NOT NULL, app_version TEXT,
          outbox INTEGER NOT NULL, oldest_unsynced_at INTEGER, last_error TEXT
        );
      )sql",
      // 2: sites and kiosks (tokens as digests only), people, sessions, the audit log, and
      // who a case is assigned to. hub_events' rowid is the kiosks' pull cursor (append-only).
      R"sql(
        CREATE TABLE hub_sites (id TEXT PRIMARY KEY, name TEXT NOT NULL, time_zone TEXT NOT NULL);
        CREATE TABLE hub_kiosks (
          id TEXT PRIMARY KEY, site_id TEXT REFERENCES hub_sites (id), token_digest TEXT UNIQUE, revoked_at INTEGER
        );
        CREATE INDEX hub_kiosks_site ON hub_kiosks (site_id);
        CREATE TABLE hub_users (
          id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL,
          password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL
        );
        CREATE TABLE hub_user_sites (
          user_id INTEGER NOT NULL REFERENCES hub_users (id), site_id TEXT NOT NULL, PRIMARY KEY (user_id, site_id)
        ) WITHOUT ROWID;
        CREATE TABLE hub_sessions (
          digest TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES hub_users (id), csrf TEXT NOT NULL,
          expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE hub_audit (
          seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
          target TEXT NOT NULL, detail TEXT NOT NULL
        );
        CREATE TRIGGER hub_audit_no_update BEFORE UPDATE ON hub_audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;
        CREATE TRIGGER hub_audit_no_delete BEFORE DELETE ON hub_audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;
        ALTER TABLE hub_events ADD COLUMN to_person TEXT;
        CREATE INDEX responses_kiosk_time ON responses (kiosk_id, created_at);
      )sql",
      // 3: text search over comments (FTS5, external content: the text is stored once, in
      // responses; triggers keep the index in step, so kiosks' uploads need no change).
      R"sql(
        CREATE VIRTUAL TABLE responses_fts USING fts5(comment, content='responses', content_rowid='seq',
                                                      tokenize='unicode61 remove_diacritics 2');
        INSERT INTO responses_fts (responses_fts) VALUES ('rebuild');
        CREATE TRIGGER responses_fts_insert AFTER INSERT ON responses WHEN new.comment IS NOT NULL BEGIN
          INSERT INTO responses_fts (rowid, comment) VALUES (new.seq, new.comment);
        END;
        CREATE TRIGGER responses_fts_delete AFTER DELETE ON responses WHEN old.comment IS NOT NULL BEGIN
          INSERT INTO responses_fts (responses_fts, rowid, comment) VALUES ('delete', old.seq, old.comment);
        END;
        CREATE TRIGGER responses_fts_update AFTER UPDATE OF comment ON responses BEGIN
          INSERT INTO responses_fts (responses_fts, rowid, comment)
            SELECT 'delete', old.seq, old.comment WHERE old.comment IS NOT NULL;
          INSERT INTO responses_fts (rowid, comment) SELECT new.seq, new.comment WHERE new.comment IS NOT NULL;
        END;
      )sql",
      // 4: API tokens per person, for scripts (downloads), replacing the shared admin token.
      R"sql(
        CREATE TABLE hub_api_tokens (
          digest TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES hub_users (id), created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
      )sql",
      // 5: alerts (src/hub/alerts/): the delivery outbox (each notification committed, as it
      // will be sent, before any attempt; `id` is the idempotency id receivers see; `dedup`
      // keeps a re-evaluated rule from queueing twice), how far the rules have read, alerts
      // still open (a bad spell until it ends), and rule settings edited in the console.
      R"sql(
        CREATE TABLE alert_deliveries (
          id TEXT PRIMARY KEY, dedup TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, rule TEXT NOT NULL,
          site_id TEXT, subject TEXT NOT NULL, body TEXT NOT NULL, html TEXT, state TEXT NOT NULL,
          created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, next_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, sent_at INTEGER, lease_run TEXT, lease_until INTEGER
        );
        CREATE INDEX alert_deliveries_due ON alert_deliveries (next_at) WHERE state IN ('queued', 'failing');
        CREATE INDEX alert_deliveries_recent ON alert_deliveries (created_at);
        CREATE TABLE alert_cursors (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE alert_open (
          rule TEXT NOT NULL, subject TEXT NOT NULL, opened_at INTEGER NOT NULL, told INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (rule, subject)
        ) WITHOUT ROWID;
        CREATE TABLE alert_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      )sql",
      // 6: surveys published from the hub (issue 17), kept for good; what each kiosk runs.
      R"sql(
        CREATE TABLE hub_publications (
          id INTEGER PRIMARY KEY, scope TEXT NOT NULL CHECK (scope IN ('chain', 'site', 'kiosk')),
          target TEXT NOT NULL, survey TEXT NOT NULL, translations TEXT NOT NULL, published_at INTEGER NOT NULL,
          published_by TEXT NOT NULL, rolled_back_at INTEGER
        );
        CREATE INDEX hub_publications_scope ON hub_publications (scope, target, id);
        CREATE TABLE hub_kiosk_surveys (
          kiosk_id TEXT PRIMARY KEY, survey_version TEXT, config_error TEXT, reported_at INTEGER NOT NULL
        );
      )sql",
      // 7: the overview without reading every response. hub_daily_ratings counts complete,
      // unflagged responses per UTC day, kiosk, local day (the trend's day) and rating, kept by
      // triggers in the transaction that stores them, so it never disagrees with responses.
      // Comments are indexed once per batch (SqliteHubStorage::index_comments) instead of by
      // a per-row trigger: FTS5 flushes its index at every statement's savepoint, so the
      // trigger wrote one tiny index segment per response and ingest spent its time merging.
      // The partial index holds the follow-up cases (the inbox's and the overview's counts).
      R"sql(
        DROP TRIGGER responses_fts_insert;
        CREATE TABLE hub_daily_ratings (
          day INTEGER NOT NULL, kiosk_id TEXT NOT NULL, local_day INTEGER NOT NULL,
          r1 INTEGER NOT NULL, r2 INTEGER NOT NULL, r3 INTEGER NOT NULL, r4 INTEGER NOT NULL, r5 INTEGER NOT NULL,
          PRIMARY KEY (day, kiosk_id, local_day)
        ) WITHOUT ROWID;
        INSERT INTO hub_daily_ratings
          SELECT created_at / 86400000, kiosk_id, (created_at / 1000 + utc_offset_min * 60) / 86400,
                 sum(rating = 1), sum(rating = 2), sum(rating = 3), sum(rating = 4), sum(rating = 5)
          FROM responses WHERE complete = 1 AND flags IS NULL GROUP BY 1, 2, 3;
        CREATE TRIGGER hub_daily_ratings_insert AFTER INSERT ON responses
            WHEN new.complete = 1 AND new.flags IS NULL BEGIN
          INSERT INTO hub_daily_ratings VALUES (new.created_at / 86400000, new.kiosk_id,
              (new.created_at / 1000 + new.utc_offset_min * 60) / 86400,
              new.rating = 1, new.rating = 2, new.rating = 3, new.rating = 4, new.rating = 5)
            ON CONFLICT DO UPDATE SET r1 = r1 + excluded.r1, r2 = r2 + excluded.r2, r3 = r3 + excluded.r3,
              r4 = r4 + excluded.r4, r5 = r5 + excluded.r5;
        END;
        CREATE TRIGGER hub_daily_ratings_delete AFTER DELETE ON responses
            WHEN old.complete = 1 AND old.flags IS NULL BEGIN
          UPDATE hub_daily_ratings SET r1 = r1 - (old.rating = 1), r2 = r2 - (old.rating = 2),
              r3 = r3 - (old.rating = 3), r4 = r4 - (old.rating = 4), r5 = r5 - (old.rating = 5)
            WHERE day = old.created_at / 86400000 AND kiosk_id = old.kiosk_id
              AND local_day = (old.created_at / 1000 + old.utc_offset_min * 60) / 86400;
        END;
        CREATE INDEX hub_responses_cases ON responses (urgent DESC, created_at)
          WHERE complete = 1 AND (urgent = 1 OR (kind = 'complaint' AND
                (contact_phone IS NOT NULL OR contact_email IS NOT NULL)));
        CREATE INDEX hub_responses_flagged ON responses (created_at) WHERE flags IS NOT NULL;
      )sql",
      // 8: the open follow-up cases (status new or contacted), so the inbox and the overview's
      // counts read only them instead of checking every case against its events. Triggers keep
      // it in the transaction that stores a response or an event (from a kiosk or head office),
      // recomputing the case from scratch, so events arriving before their response still count.
      // The kiosk's site is read at query time: a table copy would go stale if a kiosk moved.
      // The responses page filtered by rating (and a site's or a kiosk's) reads its own index.
      R"sql(
        CREATE TABLE hub_open_cases (
          response_seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL,
          urgent INTEGER NOT NULL, created_at INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status = 'new' OR status = 'contacted')
        );
        CREATE INDEX hub_open_cases_queue ON hub_open_cases (urgent DESC, created_at);
        CREATE INDEX hub_responses_kiosk_rating ON responses (kiosk_id, rating, created_at);
      )sql" +
          open_case_backfill() + open_case_triggers(),
      // 9: a logo published with a survey (issue 17's branding), in base64 as kiosks are sent it.
      "ALTER TABLE hub_publications ADD COLUMN logo_png TEXT NOT NULL DEFAULT ''",
      // 10: alerts held for a person (quiet hours, an hourly limit): state 'held' with next_at
      // their earliest release, 'merged' once sent inside a summary (merged_into its id).
      // queued_at is when a delivery joined the send queue (its creation, or its release),
      // which the hourly limit counts.
      R"sql(
        ALTER TABLE alert_deliveries ADD COLUMN queued_at INTEGER;
        ALTER TABLE alert_deliveries ADD COLUMN merged_into TEXT;
        UPDATE alert_deliveries SET queued_at = created_at;
        CREATE INDEX alert_deliveries_held ON alert_deliveries (channel, next_at) WHERE state = 'held';
        CREATE INDEX alert_deliveries_person ON alert_deliveries (channel, queued_at);
      )sql",
      // 11: a kiosk's last survey failure and when it was first reported, kept after the kiosk
      // recovers (config_error is only what its latest heartbeat says; reported_at that beat).
      R"sql(
        ALTER TABLE hub_kiosk_surveys ADD COLUMN last_failure TEXT;
        ALTER TABLE hub_kiosk_surveys ADD COLUMN failed_at INTEGER;
        UPDATE hub_kiosk_surveys SET last_failure = config_error, failed_at = reported_at
          WHERE config_error IS NOT NULL;
      )sql",
      // 12: the overview over a year without reading a row per kiosk and day. hub_daily_ratings
      // has about as many rows as a chain of 1,000 kiosks has responses in a month, so two
      // coarser rollups are kept from it, by triggers on its own changes (in the transaction
      // that stores or deletes the responses): per kiosk and block of 8 UTC days (block =
      // day / 8) for the sites' figures, and per day and local day for the whole chain's trend.
      // A person who sees some sites reads their kiosks' days through hub_daily_ratings_kiosk.
      R"sql(
        CREATE TABLE hub_block_ratings (
          block INTEGER NOT NULL, kiosk_id TEXT NOT NULL,
          r1 INTEGER NOT NULL, r2 INTEGER NOT NULL, r3 INTEGER NOT NULL, r4 INTEGER NOT NULL, r5 INTEGER NOT NULL,
          PRIMARY KEY (block, kiosk_id)
        ) WITHOUT ROWID;
        CREATE TABLE hub_chain_daily_ratings (
          day INTEGER NOT NULL, local_day INTEGER NOT NULL,
          r1 INTEGER NOT NULL, r2 INTEGER NOT NULL, r3 INTEGER NOT NULL, r4 INTEGER NOT NULL, r5 INTEGER NOT NULL,
          PRIMARY KEY (day, local_day)
        ) WITHOUT ROWID;
        INSERT INTO hub_block_ratings
          SELECT day / 8, kiosk_id, sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM hub_daily_ratings GROUP BY 1, 2;
        INSERT INTO hub_chain_daily_ratings
          SELECT day, local_day, sum(r1), sum(r2), sum(r3), sum(r4), sum(r5) FROM hub_daily_ratings GROUP BY 1, 2;
        CREATE INDEX hub_daily_ratings_kiosk ON hub_daily_ratings (kiosk_id, day);
      )sql" +
          coarse_rollup_trigger("INSERT", "new.day", "new.kiosk_id", "new.local_day", "new.r%", "") +
          coarse_rollup_trigger("UPDATE", "new.day", "new.kiosk_id", "new.local_day", "new.r%", "old.r%") +
          coarse_rollup_trigger("DELETE", "old.day", "old.kiosk_id", "old.local_day", "0", "old.r%"),
      // 13: the overview's open and overdue counts without reading every open case (about 47k
      // in a chain of 10 million responses). hub_open_case_counts holds the open cases per
      // kiosk, kept by triggers on hub_open_cases itself (whose own triggers delete and re-insert
      // a case whenever it changes), so it moves in the same transaction. Overdue depends on
      // the time of asking: it is the open count less the cases not yet due, which are the few
      // created within the SLA, a range read on hub_open_cases_created.
      R"sql(
        CREATE TABLE hub_open_case_counts (kiosk_id TEXT PRIMARY KEY, open INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO hub_open_case_counts SELECT kiosk_id, count(*) FROM hub_open_cases GROUP BY kiosk_id;
        CREATE INDEX hub_open_cases_created ON hub_open_cases (created_at, kiosk_id);
        CREATE TRIGGER hub_open_case_counts_insert AFTER INSERT ON hub_open_cases BEGIN
          INSERT INTO hub_open_case_counts VALUES (new.kiosk_id, 1) ON CONFLICT DO UPDATE SET open = open + 1;
        END;
        CREATE TRIGGER hub_open_case_counts_delete AFTER DELETE ON hub_open_cases BEGIN
          UPDATE hub_open_case_counts SET open = open - 1 WHERE kiosk_id = old.kiosk_id;
        END;
        CREATE TRIGGER hub_open_case_counts_update AFTER UPDATE OF kiosk_id ON hub_open_cases BEGIN
          UPDATE hub_open_case_counts SET open = open - 1 WHERE kiosk_id = old.kiosk_id;
          INSERT INTO hub_open_case_counts VALUES (new.kiosk_id, 1) ON CONFLICT DO UPDATE SET open = open + 1;
        END;
      )sql",
  };
  return all;
}

}  // namespace

int hub_schema_version(store::Database& db) {
  db.exec("CREATE TABLE IF NOT EXISTS hub_schema (version INTEGER NOT NULL)");
  if (db.query_int("SELECT count(*) FROM hub_schema") == 0) db.exec("INSERT INTO hub_schema VALUES (0)");
  return static_cast<int>(db.query_int("SELECT version FROM hub_schema"));
}

void migrate_hub(store::Database& db) {
  const int found = hub_schema_version(db);
  const int latest = static_cast<int>(steps().size());
  if (found > latest)
    throw std::runtime_error("the hub database is version " + std::to_string(found) + ", newer than this heard-hub (" +
                             std::to_string(latest) + "); refusing to touch it");
  for (int v = found; v < latest; ++v) {
    store::Transaction tx(db);
    db.exec(steps()[static_cast<std::size_t>(v)]);
    db.exec("UPDATE hub_schema SET version = " + std::to_string(v + 1));
    tx.commit();
  }
}

}  // namespace heard::hub
