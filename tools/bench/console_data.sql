-- The console benchmark's chain: :rows responses (set by console_bench through a temp table
-- `bench`) from 1,000 kiosks in 200 sites over two years up to :end_ms, written straight into
-- a hub database that heard-hub's own migrations created. Deterministic: row i's values are
-- functions of i. Rough shares, as a chain of stores sees them: 20 % of responses carry a
-- comment, 16 % are complaints, a quarter of those leave a phone number, 1 in 125 is urgent;
-- nine in ten follow-up cases older than a week were resolved at head office.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
BEGIN;
CREATE TEMP TABLE words (n INTEGER PRIMARY KEY, word TEXT);
INSERT INTO words VALUES (0, 'coffee'), (1, 'queue'), (2, 'pharmacist'), (3, 'parking'), (4, 'prices'),
  (5, 'friendly'), (6, 'slow'), (7, 'clean'), (8, 'toilets'), (9, 'cashier'), (10, 'bakery'), (11, 'fresh'),
  (12, 'waited'), (13, 'helpful'), (14, 'rude'), (15, 'music'), (16, 'cold'), (17, 'delivery'), (18, 'app'),
  (19, 'discount'), (20, 'trolley'), (21, 'lights'), (22, 'smell'), (23, 'noisy'), (24, 'manager'),
  (25, 'refund'), (26, 'receipt'), (27, 'shelves'), (28, 'empty'), (29, 'great');
INSERT INTO responses (id, kiosk_id, created_at, utc_offset_min, rating, kind, categories, comment,
    desired_resolution, contact_name, contact_phone, contact_channel, consent_given, consent_text_version,
    language, urgent, survey_version, app_version, complete, updated_at, synced_at)
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < (SELECT rows FROM bench)),
  v AS (SELECT i, (SELECT end_ms FROM bench) - 63072000000 + i * (63072000000 / (SELECT rows FROM bench)) AS t,
          (i * 2654435761) % 1000003 AS h, i % 1000 AS kiosk FROM n),
  w AS (SELECT *, CASE WHEN h % 100 < 8 THEN 1 WHEN h % 100 < 16 THEN 2 WHEN h % 100 < 30 THEN 3
                       WHEN h % 100 < 60 THEN 4 ELSE 5 END AS rating FROM v)
  SELECT printf('%08x-%04x-7000-8000-%012x', t / 65536, t % 65536, i), printf('k-%04d', kiosk), t,
    CASE (kiosk / 5) % 4 WHEN 0 THEN 0 WHEN 3 THEN -300 ELSE 60 END, rating,
    CASE WHEN rating <= 2 THEN 'complaint' WHEN rating = 3 THEN 'suggestion' ELSE 'compliment' END,
    CASE WHEN rating <= 2 THEN '["wait_time"]' WHEN rating = 3 THEN '["prices"]' ELSE '[]' END,
    CASE WHEN h % 5 = 0 THEN (SELECT word FROM words WHERE n = h / 5 % 30) || ' ' ||
      (SELECT word FROM words WHERE n = h / 150 % 30) || ' ' || (SELECT word FROM words WHERE n = h / 4500 % 30) END,
    CASE WHEN rating <= 2 AND h / 7 % 4 = 0 THEN 'call_back' END,
    CASE WHEN rating <= 2 AND h / 7 % 4 = 0 THEN 'Customer ' || i END,
    CASE WHEN rating <= 2 AND h / 7 % 4 = 0 THEN printf('+34 6%08d', i % 100000000) END,
    CASE WHEN rating <= 2 AND h / 7 % 4 = 0 THEN 'phone' END,
    rating <= 2 AND h / 7 % 4 = 0, CASE WHEN rating <= 2 AND h / 7 % 4 = 0 THEN '2026-11' END,
    'en', rating = 1 AND h / 11 % 16 = 0, '1', '1.0.0', 1, t, t
  FROM w;
INSERT INTO response_categories (response_seq, category)
  SELECT seq, CASE WHEN rating <= 2 THEN 'wait_time' ELSE 'prices' END FROM responses WHERE rating <= 3;
-- Head office resolved nine in ten of the cases older than a week.
INSERT INTO hub_events (id, kiosk_id, response_id, at, status, by, note, received_at)
  SELECT 'ev-' || seq, '@hub', id, created_at + 86400000, 'resolved', 'bench', NULL, created_at + 86400000
  FROM responses INDEXED BY hub_responses_cases
  WHERE complete = 1 AND (urgent = 1 OR (kind = 'complaint' AND
        (contact_phone IS NOT NULL OR contact_email IS NOT NULL)))
    AND created_at < (SELECT end_ms FROM bench) - 7 * 86400000 AND seq % 10 <> 0;
INSERT INTO responses_fts (responses_fts) VALUES ('rebuild');
COMMIT;
PRAGMA journal_mode = WAL;
