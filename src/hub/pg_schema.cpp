// The PostgreSQL hub's migrations. Never edit a released step: add one.
//
// Responses are partitioned by month of created_at (ms since the epoch, UTC months), so
// retention drops whole partitions. A unique key on a partitioned table must include the
// partition key, so "one record per id" lives in response_ids, a plain table with the id as
// primary key: two hub processes inserting the same id meet on that constraint, and the
// second sees a duplicate. Every other idempotency fact is a unique key too.
#include "pg_schema.hpp"

#include <string>
#include <vector>

namespace heard::hub {

namespace {

constexpr std::int64_t migration_lock = 0x4865617264;  // "Heard": one migrating process at a time

// The migrations, oldest first: one list of SQL steps, never edited once shipped, only
// appended to. Long by nature (it is the schema's history), and read top to bottom.
const std::vector<std::string>& steps() {
  static const std::vector<std::string> all = {
      // 1: everything the SQLite hub has after its step 4.
      R"sql(
        CREATE TABLE hub_sites (id text PRIMARY KEY, name text NOT NULL, time_zone text NOT NULL);
        CREATE TABLE hub_kiosks (
          id text PRIMARY KEY, site_id text REFERENCES hub_sites (id), token_digest text UNIQUE, revoked_at bigint
        );
        CREATE INDEX hub_kiosks_site ON hub_kiosks (site_id);

        CREATE TABLE response_ids (
          id text PRIMARY KEY, kiosk_id text NOT NULL, created_at bigint NOT NULL, digest bytea NOT NULL
        );
        CREATE SEQUENCE responses_seq;
        CREATE TABLE responses (
          seq bigint NOT NULL DEFAULT nextval('responses_seq'),
          id text NOT NULL,
          kiosk_id text NOT NULL,
          created_at bigint NOT NULL,
          utc_offset_min integer NOT NULL DEFAULT 0,
          rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
          kind text NOT NULL CHECK (kind IN ('complaint', 'compliment', 'suggestion')),
          categories jsonb NOT NULL DEFAULT '[]',
          comment text,
          desired_resolution text,
          staff text,
          contact_name text,
          contact_phone text,
          contact_email text,
          contact_channel text,
          consent_given boolean NOT NULL DEFAULT false,
          consent_text_version text,
          language text,
          urgent boolean NOT NULL DEFAULT false,
          survey_version text,
          app_version text,
          complete boolean NOT NULL DEFAULT true,
          updated_at bigint NOT NULL,
          synced_at bigint,
          flags text,
          contact_purged_at bigint,
          comment_words tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(comment, ''))) STORED,
          PRIMARY KEY (created_at, seq)
        ) PARTITION BY RANGE (created_at);
        CREATE INDEX responses_id ON responses (id);
        CREATE INDEX responses_kiosk_time ON responses (kiosk_id, created_at);
        CREATE INDEX responses_comment_words ON responses USING gin (comment_words);
        CREATE INDEX responses_followup ON responses (created_at) WHERE urgent OR kind = 'complaint';

        -- The month partition holding `at` (ms), created when missing. Callers run it in a
        -- short transaction of its own: creating a partition locks the parent table.
        CREATE FUNCTION heard_responses_partition(at bigint) RETURNS text LANGUAGE plpgsql AS $f$
        DECLARE
          month timestamp := date_trunc('month', to_timestamp(at / 1000.0) AT TIME ZONE 'UTC');
          name text := 'responses_' || to_char(month, 'YYYY_MM');
          lo bigint := (extract(epoch FROM month AT TIME ZONE 'UTC') * 1000)::bigint;
          hi bigint := (extract(epoch FROM (month + interval '1 month') AT TIME ZONE 'UTC') * 1000)::bigint;
        BEGIN
          IF to_regclass(name) IS NULL THEN
            PERFORM pg_advisory_xact_lock(hashtext('heard_responses_partition'));
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF responses FOR VALUES FROM (%s) TO (%s)',
                           name, lo, hi);
          END IF;
          RETURN name;
        END $f$;

        -- Retention: drops every month partition that ends at or before `before` (ms), whole.
        -- Their ids stay in response_ids, so a kiosk sending one again hears "duplicate".
        CREATE FUNCTION heard_drop_responses_before(before bigint) RETURNS integer LANGUAGE plpgsql AS $f$
        DECLARE
          part record;
          dropped integer := 0;
        BEGIN
          FOR part IN SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i
                      JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'responses'::regclass LOOP
            IF (substring(part.bound FROM 'TO \(''?(-?[0-9]+)''?\)'))::bigint <= before THEN
              EXECUTE format('DROP TABLE %I', part.relname);
              dropped := dropped + 1;
            END IF;
          END LOOP;
          RETURN dropped;
        END $f$;

        CREATE TABLE hub_idempotency (
          kiosk_id text NOT NULL, key text NOT NULL, digest bytea NOT NULL, reply text,
          created_at bigint NOT NULL, PRIMARY KEY (kiosk_id, key)
        );
        CREATE TABLE hub_events (
          seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, kiosk_id text NOT NULL, response_id text NOT NULL,
          at bigint NOT NULL, status text NOT NULL, by text NOT NULL, note text, received_at bigint NOT NULL,
          to_person text
        );
        CREATE INDEX hub_events_response ON hub_events (response_id, at);
        CREATE TABLE hub_heartbeats (
          kiosk_id text PRIMARY KEY, at bigint NOT NULL, received_at bigint NOT NULL, app_version text,
          outbox bigint NOT NULL, oldest_unsynced_at bigint, last_error text
        );

        CREATE TABLE hub_users (
          id bigserial PRIMARY KEY, name text NOT NULL, role text NOT NULL, password_hash text NOT NULL,
          disabled boolean NOT NULL DEFAULT false, created_at bigint NOT NULL
        );
        CREATE UNIQUE INDEX hub_users_name ON hub_users (lower(name));  -- unique without regard to case
        CREATE TABLE hub_user_sites (
          user_id bigint NOT NULL REFERENCES hub_users (id), site_id text NOT NULL, PRIMARY KEY (user_id, site_id)
        );
        CREATE TABLE hub_sessions (
          digest text PRIMARY KEY, user_id bigint NOT NULL REFERENCES hub_users (id), csrf text NOT NULL,
          expires_at bigint NOT NULL
        );
        CREATE INDEX hub_sessions_expiry ON hub_sessions (expires_at);
        CREATE TABLE hub_api_tokens (
          digest text PRIMARY KEY, user_id bigint NOT NULL REFERENCES hub_users (id), created_at bigint NOT NULL
        );
        CREATE TABLE hub_audit (
          seq bigserial PRIMARY KEY, at bigint NOT NULL, who text NOT NULL, action text NOT NULL,
          target text NOT NULL, detail text NOT NULL
        );
        CREATE FUNCTION heard_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
          BEGIN RAISE EXCEPTION 'append-only'; END $f$;
        CREATE TRIGGER hub_audit_append_only BEFORE UPDATE OR DELETE ON hub_audit
          FOR EACH ROW EXECUTE FUNCTION heard_append_only();

        -- Failed sign-ins, shared by every hub process (SignInLimiter keeps them in memory).
        CREATE TABLE hub_sign_in_failures (key text PRIMARY KEY, failures integer NOT NULL, since bigint NOT NULL);
        CREATE INDEX hub_sign_in_failures_since ON hub_sign_in_failures (since);
      )sql",
      // 2: the kiosks' flags (core/flags.hpp), kept as the SQLite hub keeps them: a JSON array
      // as text, NULL when none. Step 1 already had the column but nothing wrote it; this makes
      // sure of it, and indexes the console's new filters: the few flagged responses, and
      // categories (a jsonb array, where SQLite has response_categories).
      R"sql(
        ALTER TABLE responses ADD COLUMN IF NOT EXISTS flags text;
        CREATE INDEX responses_flagged ON responses (created_at) WHERE flags IS NOT NULL;
        CREATE INDEX responses_categories ON responses USING gin (categories jsonb_path_ops);
      )sql",
      // 3: the overview without reading every response, the same rollups as the SQLite hub's
      // steps 7 and 11: complete, unflagged responses counted by rating per UTC day, kiosk and
      // local day (the trend's day) in hub_daily_ratings; per kiosk and block of 8 UTC days in
      // hub_block_ratings (the sites' figures over long periods); per day and local day for the
      // whole chain's trend in hub_chain_daily_ratings. Statement triggers with transition
      // tables keep them in the transaction of every insert, update and delete (one grouped
      // upsert per table and batch, in key order, so two processes storing batches wait rather
      // than deadlock); retention, which drops whole partitions and so fires no trigger,
      // subtracts the days it dropped itself.
      R"sql(
        CREATE TABLE hub_daily_ratings (
          day integer NOT NULL, kiosk_id text NOT NULL, local_day integer NOT NULL,
          r1 bigint NOT NULL, r2 bigint NOT NULL, r3 bigint NOT NULL, r4 bigint NOT NULL, r5 bigint NOT NULL,
          PRIMARY KEY (day, kiosk_id, local_day)
        );
        CREATE INDEX hub_daily_ratings_kiosk ON hub_daily_ratings (kiosk_id, day);
        CREATE TABLE hub_block_ratings (
          block integer NOT NULL, kiosk_id text NOT NULL,
          r1 bigint NOT NULL, r2 bigint NOT NULL, r3 bigint NOT NULL, r4 bigint NOT NULL, r5 bigint NOT NULL,
          PRIMARY KEY (block, kiosk_id)
        );
        CREATE TABLE hub_chain_daily_ratings (
          day integer NOT NULL, local_day integer NOT NULL,
          r1 bigint NOT NULL, r2 bigint NOT NULL, r3 bigint NOT NULL, r4 bigint NOT NULL, r5 bigint NOT NULL,
          PRIMARY KEY (day, local_day)
        );

        -- Adds `sign` times the complete, unflagged rows of `rows` (a table or a trigger's
        -- transition table, which EXECUTE sees) to the three rollups.
        CREATE FUNCTION heard_rollup_sql(rows text, sign integer) RETURNS text[] LANGUAGE sql IMMUTABLE AS $f$
          SELECT ARRAY(SELECT format($q$
            INSERT INTO %1$s AS d
              SELECT %2$s, %4$s * count(*) FILTER (WHERE rating = 1), %4$s * count(*) FILTER (WHERE rating = 2),
                     %4$s * count(*) FILTER (WHERE rating = 3), %4$s * count(*) FILTER (WHERE rating = 4),
                     %4$s * count(*) FILTER (WHERE rating = 5)
              FROM (SELECT created_at / 86400000 AS day, kiosk_id,
                           (created_at / 1000 + utc_offset_min * 60) / 86400 AS local_day, rating
                    FROM %5$I WHERE complete AND flags IS NULL) x
              GROUP BY %3$s ORDER BY %3$s
            ON CONFLICT (%3$s) DO UPDATE SET r1 = d.r1 + excluded.r1, r2 = d.r2 + excluded.r2,
              r3 = d.r3 + excluded.r3, r4 = d.r4 + excluded.r4, r5 = d.r5 + excluded.r5
          $q$, t.name, t.keys, t.columns, sign, rows)
          FROM (VALUES ('hub_daily_ratings', 'day, kiosk_id, local_day', 'day, kiosk_id, local_day'),
                       ('hub_block_ratings', 'day / 8 AS block, kiosk_id', 'block, kiosk_id'),
                       ('hub_chain_daily_ratings', 'day, local_day', 'day, local_day')) AS t(name, keys, columns))
        $f$;
        DO $d$ DECLARE q text; BEGIN
          FOREACH q IN ARRAY heard_rollup_sql('responses', 1) LOOP EXECUTE q; END LOOP;
        END $d$;
        -- The rows a statement removed count -1 each, the rows it added +1 (an update: both).
        CREATE FUNCTION heard_rollups_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
        DECLARE q text;
        BEGIN
          IF TG_OP IN ('DELETE', 'UPDATE') THEN
            FOREACH q IN ARRAY heard_rollup_sql('old_rows', -1) LOOP EXECUTE q; END LOOP;
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            FOREACH q IN ARRAY heard_rollup_sql('new_rows', 1) LOOP EXECUTE q; END LOOP;
          END IF;
          RETURN NULL;
        END $f$;
        CREATE TRIGGER hub_rollups_insert AFTER INSERT ON responses REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION heard_rollups_changed();
        CREATE TRIGGER hub_rollups_update AFTER UPDATE ON responses
          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION heard_rollups_changed();
        CREATE TRIGGER hub_rollups_delete AFTER DELETE ON responses REFERENCING OLD TABLE AS old_rows
          FOR EACH STATEMENT EXECUTE FUNCTION heard_rollups_changed();

        -- Retention as step 1's, and then the rollups' share of the partitions it dropped: whole
        -- UTC months, so whole UTC days, and every partition before the last one dropped went too.
        -- A block of 8 days may straddle the cut, so blocks lose exactly the dropped days' counts.
        CREATE OR REPLACE FUNCTION heard_drop_responses_before(before bigint) RETURNS integer LANGUAGE plpgsql AS $f$
        DECLARE
          part record;
          hi bigint;
          cut integer;
          dropped integer := 0;
        BEGIN
          FOR part IN SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i
                      JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'responses'::regclass LOOP
            hi := (substring(part.bound FROM 'TO \(''?(-?[0-9]+)''?\)'))::bigint;
            IF hi <= before THEN
              EXECUTE format('DROP TABLE %I', part.relname);
              dropped := dropped + 1;
              cut := greatest(cut, hi / 86400000);
            END IF;
          END LOOP;
          IF cut IS NOT NULL THEN
            UPDATE hub_block_ratings b SET r1 = b.r1 - d.r1, r2 = b.r2 - d.r2, r3 = b.r3 - d.r3, r4 = b.r4 - d.r4,
                r5 = b.r5 - d.r5
              FROM (SELECT day / 8 AS block, kiosk_id, sum(r1) AS r1, sum(r2) AS r2, sum(r3) AS r3, sum(r4) AS r4,
                           sum(r5) AS r5 FROM hub_daily_ratings WHERE day < cut GROUP BY 1, 2) d
              WHERE b.block = d.block AND b.kiosk_id = d.kiosk_id;
            DELETE FROM hub_block_ratings WHERE block < cut / 8;
            DELETE FROM hub_daily_ratings WHERE day < cut;
            DELETE FROM hub_chain_daily_ratings WHERE day < cut;
          END IF;
          RETURN dropped;
        END $f$;
      )sql",
      // 4: the alerts' outbox and rules' state, and the fleet's published surveys: the SQLite
      // hub's steps 5, 6, 9, 10 and 11 in one (src/hub/alerts/pg_alert_store.cpp, pg_fleet_store.cpp).
      // `dedup` UNIQUE is what keeps two hub processes evaluating the same responses from
      // queueing one alert twice; alert_open's key, what keeps them opening one spell twice.
      R"sql(
        CREATE TABLE alert_deliveries (
          id text PRIMARY KEY, dedup text NOT NULL UNIQUE, channel text NOT NULL, rule text NOT NULL,
          site_id text, subject text NOT NULL, body text NOT NULL, html text, state text NOT NULL,
          created_at bigint NOT NULL, expires_at bigint NOT NULL, next_at bigint NOT NULL,
          attempts integer NOT NULL DEFAULT 0, last_error text, sent_at bigint, lease_run text, lease_until bigint,
          queued_at bigint, merged_into text
        );
        CREATE INDEX alert_deliveries_due ON alert_deliveries (next_at) WHERE state IN ('queued', 'failing');
        CREATE INDEX alert_deliveries_recent ON alert_deliveries (created_at);
        CREATE INDEX alert_deliveries_held ON alert_deliveries (channel, next_at) WHERE state = 'held';
        CREATE INDEX alert_deliveries_person ON alert_deliveries (channel, queued_at);
        CREATE TABLE alert_cursors (name text PRIMARY KEY, value bigint NOT NULL);
        CREATE TABLE alert_open (
          rule text NOT NULL, subject text NOT NULL, opened_at bigint NOT NULL, told boolean NOT NULL DEFAULT false,
          PRIMARY KEY (rule, subject)
        );
        CREATE TABLE alert_settings (key text PRIMARY KEY, value text NOT NULL);
        CREATE INDEX responses_by_seq ON responses (seq);  -- the rules read responses past their cursor

        CREATE TABLE hub_publications (
          id bigserial PRIMARY KEY, scope text NOT NULL CHECK (scope IN ('chain', 'site', 'kiosk')),
          target text NOT NULL, survey text NOT NULL, translations text NOT NULL, published_at bigint NOT NULL,
          published_by text NOT NULL, rolled_back_at bigint, logo_png text NOT NULL DEFAULT ''
        );
        CREATE INDEX hub_publications_scope ON hub_publications (scope, target, id);
        CREATE TABLE hub_kiosk_surveys (
          kiosk_id text PRIMARY KEY, survey_version text, config_error text, reported_at bigint NOT NULL,
          last_failure text, failed_at bigint
        );
      )sql",
      // 5: the open follow-up cases (status new or contacted), the SQLite hub's hub_open_cases
      // (its step 8), so the inbox and the overview's counts read only them instead of deriving
      // every case's status from its events. Triggers keep it in the transaction that stores a
      // response (a statement trigger over the batch) or an event (a row trigger per event, which
      // recomputes its case from scratch, so events before their response still count); event
      // writers hold one advisory lock (lock_hub_events), so two processes' events on a case are
      // applied in turn. Retention drops partitions, which fires no trigger, so it removes the
      // dropped months' cases itself. The kiosk's site is read at query time, as on SQLite.
      // And, as SQLite's step 8, an index for the responses page filtered by site and rating.
      R"sql(
        CREATE TABLE hub_open_cases (
          id text PRIMARY KEY, kiosk_id text NOT NULL, urgent boolean NOT NULL, created_at bigint NOT NULL,
          status text NOT NULL CHECK (status IN ('new', 'contacted'))
        );
        -- The inbox's order, so its first page is the index's first rows.
        CREATE INDEX hub_open_cases_queue ON hub_open_cases (urgent DESC, created_at, id);
        CREATE INDEX hub_open_cases_kiosk ON hub_open_cases (kiosk_id);
        -- The responses page filtered by rating and a site or a kiosk: that kiosk's few rows of
        -- the rating, rather than every response walked newest first until a page is found.
        CREATE INDEX responses_kiosk_rating ON responses (kiosk_id, rating, created_at);

        -- A case's status: its latest contacted/resolved/unreachable/purged event (by at, then
        -- arrival), else new.
        CREATE FUNCTION heard_case_status(response text) RETURNS text LANGUAGE sql STABLE AS $f$
          SELECT coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = response
                           AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                           ORDER BY e.at DESC, e.seq DESC LIMIT 1), 'new')
        $f$;
        -- The statement adding the open cases among the responses in `rows` (a table, a
        -- subquery or a trigger's transition table), in id order so concurrent batches wait
        -- rather than deadlock.
        CREATE FUNCTION heard_open_cases_sql(rows text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
          SELECT format($q$
            INSERT INTO hub_open_cases AS o (id, kiosk_id, urgent, created_at, status)
            SELECT id, kiosk_id, urgent, created_at, status FROM (
              SELECT r.id, r.kiosk_id, r.urgent, r.created_at, heard_case_status(r.id) AS status FROM %s r
              WHERE r.complete AND (r.urgent OR (r.kind = 'complaint' AND
                    (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL)))) x
            WHERE status IN ('new', 'contacted') ORDER BY id
            ON CONFLICT (id) DO UPDATE SET kiosk_id = excluded.kiosk_id, urgent = excluded.urgent,
              created_at = excluded.created_at, status = excluded.status
          $q$, rows)
        $f$;
        DO $d$ BEGIN EXECUTE heard_open_cases_sql('responses'); END $d$;

        -- Responses: a batch's rows out (their old selves) and in (their new ones).
        CREATE FUNCTION heard_open_cases_responses_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM hub_open_cases WHERE id IN (SELECT id FROM old_rows);
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            EXECUTE heard_open_cases_sql('new_rows');
          END IF;
          RETURN NULL;
        END $f$;
        CREATE TRIGGER hub_open_cases_insert AFTER INSERT ON responses REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION heard_open_cases_responses_changed();
        CREATE TRIGGER hub_open_cases_update AFTER UPDATE ON responses
          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION heard_open_cases_responses_changed();
        CREATE TRIGGER hub_open_cases_delete AFTER DELETE ON responses REFERENCING OLD TABLE AS old_rows
          FOR EACH STATEMENT EXECUTE FUNCTION heard_open_cases_responses_changed();

        -- Events: the case they are about, recomputed from scratch (old and new, for an update).
        CREATE FUNCTION heard_open_case_refresh(response text) RETURNS void LANGUAGE plpgsql AS $f$
        BEGIN
          DELETE FROM hub_open_cases WHERE id = response;
          INSERT INTO hub_open_cases (id, kiosk_id, urgent, created_at, status)
            SELECT id, kiosk_id, urgent, created_at, status FROM (
              SELECT r.id, r.kiosk_id, r.urgent, r.created_at, heard_case_status(r.id) AS status FROM responses r
              WHERE r.id = response AND r.complete AND (r.urgent OR (r.kind = 'complaint' AND
                    (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL)))) x
            WHERE status IN ('new', 'contacted');
        END $f$;
        CREATE FUNCTION heard_open_cases_event_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM heard_open_case_refresh(old.response_id); END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM heard_open_case_refresh(new.response_id); END IF;
          RETURN NULL;
        END $f$;
        CREATE TRIGGER hub_open_cases_event_insert AFTER INSERT ON hub_events FOR EACH ROW
          WHEN (new.status IN ('contacted', 'resolved', 'unreachable', 'purged'))
          EXECUTE FUNCTION heard_open_cases_event_changed();
        CREATE TRIGGER hub_open_cases_event_change AFTER UPDATE OR DELETE ON hub_events FOR EACH ROW
          EXECUTE FUNCTION heard_open_cases_event_changed();

        -- Retention as step 3's, and then the dropped months' open cases: every partition ending
        -- at or before the latest end dropped went, so every case created before it.
        CREATE OR REPLACE FUNCTION heard_drop_responses_before(before bigint) RETURNS integer LANGUAGE plpgsql AS $f$
        DECLARE
          part record;
          hi bigint;
          upto bigint;
          cut integer;
          dropped integer := 0;
        BEGIN
          FOR part IN SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i
                      JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'responses'::regclass LOOP
            hi := (substring(part.bound FROM 'TO \(''?(-?[0-9]+)''?\)'))::bigint;
            IF hi <= before THEN
              EXECUTE format('DROP TABLE %I', part.relname);
              dropped := dropped + 1;
              upto := greatest(upto, hi);
            END IF;
          END LOOP;
          IF upto IS NOT NULL THEN
            cut := upto / 86400000;
            UPDATE hub_block_ratings b SET r1 = b.r1 - d.r1, r2 = b.r2 - d.r2, r3 = b.r3 - d.r3, r4 = b.r4 - d.r4,
                r5 = b.r5 - d.r5
              FROM (SELECT day / 8 AS block, kiosk_id, sum(r1) AS r1, sum(r2) AS r2, sum(r3) AS r3, sum(r4) AS r4,
                           sum(r5) AS r5 FROM hub_daily_ratings WHERE day < cut GROUP BY 1, 2) d
              WHERE b.block = d.block AND b.kiosk_id = d.kiosk_id;
            DELETE FROM hub_block_ratings WHERE block < cut / 8;
            DELETE FROM hub_daily_ratings WHERE day < cut;
            DELETE FROM hub_chain_daily_ratings WHERE day < cut;
            DELETE FROM hub_open_cases WHERE created_at < upto;
          END IF;
          RETURN dropped;
        END $f$;
      )sql",
  };
  return all;
}

}  // namespace

int pg_hub_schema_version(PgConnection& db) {
  const auto r = db.query("SELECT to_regclass('hub_schema') IS NOT NULL");
  if (!r.boolean(0, 0)) return 0;
  const auto v = db.query("SELECT version FROM hub_schema");
  return v.empty() ? 0 : static_cast<int>(v.int64(0, 0));
}

void migrate_pg_hub(PgConnection& db) {
  const int latest = static_cast<int>(steps().size());
  for (;;) {
    PgTransaction tx(db);
    db.query("SELECT pg_advisory_xact_lock($1)", PgParams().add(migration_lock));
    db.exec("CREATE TABLE IF NOT EXISTS hub_schema (version integer NOT NULL)");
    if (db.query("SELECT 1 FROM hub_schema").empty()) db.exec("INSERT INTO hub_schema VALUES (0)");
    const int found = pg_hub_schema_version(db);
    if (found > latest)
      throw std::runtime_error("the hub database is version " + std::to_string(found) +
                               ", newer than this heard-hub (" + std::to_string(latest) + "); refusing to touch it");
    if (found == latest) {
      tx.commit();
      return;
    }
    db.exec(steps()[static_cast<std::size_t>(found)]);
    db.query("UPDATE hub_schema SET version = $1", PgParams().add(found + 1));
    tx.commit();
  }
}

}  // namespace heard::hub
