// Schema migrations keyed on PRAGMA user_version. Each step runs in its own transaction
// together with the version bump, so a power cut mid-migration leaves the previous version.
// Never edit a released step: add a new one.
#include <string>
#include <vector>

#include "store/response_store.hpp"

namespace heard::store {

namespace {

// The migrations, oldest first: one list of SQL steps, never edited once shipped, only
// appended to. Long by nature (it is the schema's history), and read top to bottom.
const std::vector<std::string>& steps() {
  static const std::vector<std::string> all = {
      // 1: responses, with the outbox as a partial index so sync reads it in order cheaply.
      R"sql(
        CREATE TABLE responses (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          kiosk_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          utc_offset_min INTEGER NOT NULL DEFAULT 0,
          rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
          -- OR rather than IN: an IN list makes SQLite build a temporary table on every insert.
          kind TEXT NOT NULL CHECK (kind = 'complaint' OR kind = 'compliment' OR kind = 'suggestion'),
          categories TEXT NOT NULL DEFAULT '[]',
          comment TEXT,
          desired_resolution TEXT,
          staff TEXT,
          contact_name TEXT,
          contact_phone TEXT,
          contact_email TEXT,
          contact_channel TEXT,
          consent_given INTEGER NOT NULL DEFAULT 0,
          consent_text_version TEXT,
          language TEXT,
          urgent INTEGER NOT NULL DEFAULT 0,
          survey_version TEXT,
          app_version TEXT,
          complete INTEGER NOT NULL DEFAULT 0,
          updated_at INTEGER NOT NULL,
          synced_at INTEGER,
          rejected_reason TEXT
        );
        CREATE INDEX responses_outbox ON responses (urgent DESC, created_at, seq)
          WHERE complete = 1 AND synced_at IS NULL AND rejected_reason IS NULL;
      )sql",
      // 2: follow-up events, append-only (enforced by triggers, not just by convention).
      R"sql(
        CREATE TABLE followup_events (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          response_id TEXT NOT NULL REFERENCES responses (id),
          at INTEGER NOT NULL,
          status TEXT NOT NULL,
          by TEXT NOT NULL,
          note TEXT,
          synced_at INTEGER
        );
        CREATE INDEX followup_events_response ON followup_events (response_id, at);
        CREATE INDEX followup_events_outbox ON followup_events (seq) WHERE synced_at IS NULL;
        CREATE TRIGGER followup_events_no_update
          BEFORE UPDATE OF id, response_id, at, status, by, note ON followup_events
          BEGIN SELECT RAISE(ABORT, 'follow-up events are append-only'); END;
        CREATE TRIGGER followup_events_no_delete BEFORE DELETE ON followup_events
          BEGIN SELECT RAISE(ABORT, 'follow-up events are append-only'); END;
      )sql",
      // 3: one row per chosen category, so counts by category use an index instead of
      // parsing JSON in every row; backfilled from the JSON column. Plus time-range index.
      R"sql(
        CREATE TABLE response_categories (
          response_seq INTEGER NOT NULL REFERENCES responses (seq) ON DELETE CASCADE,
          category TEXT NOT NULL,
          PRIMARY KEY (response_seq, category)
        ) WITHOUT ROWID;
        CREATE INDEX response_categories_category ON response_categories (category);
        INSERT OR IGNORE INTO response_categories (response_seq, category)
          SELECT responses.seq, json_each.value FROM responses, json_each(responses.categories);
        CREATE INDEX responses_created_at ON responses (created_at);
      )sql",
      // 4: sync bookkeeping (the Idempotency-Key of the batch in flight, per channel, so a
      // restart resends the same batch under the same key), and a rejected state for
      // follow-up events, which the hub may refuse like responses.
      R"sql(
        CREATE TABLE IF NOT EXISTS sync_inflight (
          channel TEXT PRIMARY KEY,
          idempotency_key TEXT NOT NULL,
          ids TEXT NOT NULL
        );
        ALTER TABLE followup_events ADD COLUMN rejected_reason TEXT;
        DROP INDEX followup_events_outbox;
        CREATE INDEX followup_events_outbox ON followup_events (seq)
          WHERE synced_at IS NULL AND rejected_reason IS NULL;
      )sql",
      // 5: staff mode. PINs as argon2id hashes, the wrong-PIN lockout (one row, so it
      // survives a restart), an append-only audit log, keyed hashes of contact details for
      // recognising repeat complainants (never the details themselves), when contact
      // details were purged, and the follow-up queue as a partial index.
      R"sql(
        CREATE TABLE staff_pins (
          name TEXT PRIMARY KEY,
          pin_hash TEXT NOT NULL,
          set_at INTEGER NOT NULL
        );
        CREATE TABLE staff_lockout (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          failures INTEGER NOT NULL,
          locked_until INTEGER NOT NULL
        );
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          who TEXT NOT NULL,
          action TEXT NOT NULL,
          response_id TEXT,
          detail TEXT
        );
        CREATE INDEX audit_log_response ON audit_log (response_id) WHERE response_id IS NOT NULL;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TABLE device_keys (
          name TEXT PRIMARY KEY,
          key TEXT NOT NULL
        );
        CREATE TABLE contact_hashes (
          hash TEXT NOT NULL,
          response_seq INTEGER NOT NULL REFERENCES responses (seq) ON DELETE CASCADE,
          created_at INTEGER NOT NULL,
          complaint INTEGER NOT NULL,
          PRIMARY KEY (hash, response_seq)
        ) WITHOUT ROWID;
        CREATE INDEX contact_hashes_response ON contact_hashes (response_seq);
        ALTER TABLE responses ADD COLUMN contact_purged_at INTEGER;
        CREATE INDEX responses_followup ON responses (created_at)
          WHERE complete = 1 AND urgent = 1;
      )sql",
      // 6: what the hub refused, newest first, for staff mode's sync panel without a scan.
      R"sql(
        CREATE INDEX responses_rejected ON responses (seq) WHERE rejected_reason IS NOT NULL;
        CREATE INDEX followup_events_rejected ON followup_events (seq) WHERE rejected_reason IS NOT NULL;
      )sql",
      // 7: responses that still hold contact details, so the daily purge reads only those
      // (a few percent) instead of every response.
      R"sql(
        CREATE INDEX responses_with_contact ON responses (created_at)
          WHERE contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL
             OR contact_channel IS NOT NULL;
      )sql",
      // 8: scratch space for ResponseStore::probe_write, which proves the disk takes a
      // write before the kiosk invites customers again; always empty between probes.
      R"sql(
        CREATE TABLE write_probe (
          id INTEGER PRIMARY KEY,
          filler BLOB NOT NULL
        );
      )sql",
      // 9: why a response may not be a customer's own honest answer (a JSON array, see
      // core/flags.hpp); NULL for nearly all, so insights count the rest with a cheap test.
      R"sql(
        ALTER TABLE responses ADD COLUMN flags TEXT;
      )sql",
      // 10: where each pull from the hub (PROTOCOL 1.1) got to: the opaque cursor it gave.
      R"sql(
        CREATE TABLE sync_cursors (
          name TEXT PRIMARY KEY,
          cursor TEXT NOT NULL
        );
      )sql",
  };
  return all;
}

}  // namespace

void migrate(Database& db, int target) {
  static_assert(ResponseStore::schema_version == 10, "add the new migration step above");
  for (int version = static_cast<int>(db.query_int("PRAGMA user_version")); version < target; ++version) {
    Transaction tx(db);
    db.exec(steps().at(static_cast<std::size_t>(version)));
    db.exec("PRAGMA user_version = " + std::to_string(version + 1));
    tx.commit();
  }
}

}  // namespace heard::store
