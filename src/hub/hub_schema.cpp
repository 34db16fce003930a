// The hub's migrations. Each step runs in its own transaction with the version bump, so a
// power cut mid-migration leaves the previous version. Never edit a released step: add one.
#include "hub_schema.hpp"

#include <string>
#include <vector>

namespace heard::hub {

namespace {

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
      // alerts (src/hub/alerts/): the delivery outbox (each notification committed, as it
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
