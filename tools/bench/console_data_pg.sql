-- The console benchmark's chain on PostgreSQL: the same rows as console_data.sql (see there;
-- row i's values are functions of i), written with generate_series into a hub database that
-- heard-hub's own migrations created. psql variables: rows, end_ms. Inserted a million rows
-- per statement (\gexec), so the rollups' triggers see batches of a bounded size.
--   psql -v rows=N -v end_ms=MS -f console_data_pg.sql URL
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';
-- Every month partition of the two years (a step of 28 days meets each month).
SELECT count(heard_responses_partition(m))
  FROM generate_series(:end_ms::bigint - 63072000000, :end_ms::bigint, 86400000 * 28::bigint) AS m;
SELECT count(heard_responses_partition(:end_ms::bigint));

SELECT format($sql$
  INSERT INTO responses (id, kiosk_id, created_at, utc_offset_min, rating, kind, categories, comment,
      desired_resolution, contact_name, contact_phone, contact_channel, consent_given, consent_text_version,
      language, urgent, survey_version, app_version, complete, updated_at, synced_at)
    SELECT lpad(to_hex(t / 65536), 8, '0') || '-' || lpad(to_hex(mod(t, 65536)), 4, '0') || '-7000-8000-' ||
           lpad(to_hex(i), 12, '0'),
      'k-' || lpad(kiosk::text, 4, '0'), t,
      CASE mod(kiosk / 5, 4) WHEN 0 THEN 0 WHEN 3 THEN -300 ELSE 60 END, rating,
      CASE WHEN rating <= 2 THEN 'complaint' WHEN rating = 3 THEN 'suggestion' ELSE 'compliment' END,
      CASE WHEN rating <= 2 THEN '["wait_time"]' WHEN rating = 3 THEN '["prices"]' ELSE '[]' END::jsonb,
      CASE WHEN mod(h, 5) = 0 THEN w[mod(h / 5, 30) + 1] || ' ' || w[mod(h / 150, 30) + 1] || ' ' ||
        w[mod(h / 4500, 30) + 1] END,
      CASE WHEN contact THEN 'call_back' END, CASE WHEN contact THEN 'Customer ' || i END,
      CASE WHEN contact THEN '+34 6' || lpad(mod(i, 100000000)::text, 8, '0') END,
      CASE WHEN contact THEN 'phone' END, contact, CASE WHEN contact THEN '2026-11' END,
      'en', rating = 1 AND mod(h / 11, 16) = 0, '1', '1.0.0', true, t, t
    FROM (SELECT *, rating <= 2 AND mod(h / 7, 4) = 0 AS contact FROM (
      SELECT *, CASE WHEN mod(h, 100) < 8 THEN 1 WHEN mod(h, 100) < 16 THEN 2 WHEN mod(h, 100) < 30 THEN 3
                     WHEN mod(h, 100) < 60 THEN 4 ELSE 5 END AS rating FROM (
        SELECT i, %3$s::bigint - 63072000000 + i * (63072000000 / %4$s::bigint) AS t,
               mod(i * 2654435761, 1000003) AS h, mod(i, 1000) AS kiosk,
               ARRAY['coffee', 'queue', 'pharmacist', 'parking', 'prices', 'friendly', 'slow', 'clean', 'toilets',
                     'cashier', 'bakery', 'fresh', 'waited', 'helpful', 'rude', 'music', 'cold', 'delivery', 'app',
                     'discount', 'trolley', 'lights', 'smell', 'noisy', 'manager', 'refund', 'receipt', 'shelves',
                     'empty', 'great'] AS w
        FROM generate_series(%1$s::bigint, %2$s::bigint) AS i) a) b) c
  $sql$, lo, least(lo + 999999, :rows - 1), :end_ms, :rows)
FROM generate_series(0, :rows - 1, 1000000) AS lo \gexec

-- Head office resolved nine in ten of the cases older than a week.
INSERT INTO hub_events (id, kiosk_id, response_id, at, status, by, note, received_at)
  SELECT 'ev-' || seq, '@hub', id, created_at + 86400000, 'resolved', 'bench', NULL, created_at + 86400000
  FROM responses
  WHERE complete AND (urgent OR (kind = 'complaint' AND (contact_phone IS NOT NULL OR contact_email IS NOT NULL)))
    AND created_at < :end_ms::bigint - 7 * 86400000 AND mod(seq, 10) <> 0;
ANALYZE;
