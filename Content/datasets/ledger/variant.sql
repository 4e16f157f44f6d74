-- The hidden variant of ledger: other values, more rows, and rows deleted and inserted again
-- under new ids, so that answers written for the visible data alone give other results.

UPDATE accounts SET balance_cents = 64000 WHERE id = 5;
UPDATE accounts SET balance_cents = 71000 WHERE id = 7;
UPDATE accounts SET email = 'grace.hopper@navy.example' WHERE id = 3;
DELETE FROM accounts WHERE id = 4;
INSERT INTO accounts (id, owner, email, currency, balance_cents, status, opened_at) VALUES
  (8, 'Margaret Hamilton', 'margaret@example.com', 'USD', 150000, 'active', '2026-02-14 10:00:00'),
  (9, 'Edsger Dijkstra',   'Edsger@Example.nl',    'EUR',  12000, 'active', '2025-09-21 16:45:00');
UPDATE transfers SET from_account_id = 9 WHERE from_account_id = 4;
UPDATE transfers SET to_account_id = 9 WHERE to_account_id = 4;
UPDATE events SET account_id = 9 WHERE account_id = 4;

UPDATE transfers SET status = 'posted' WHERE id = 4;
DELETE FROM transfers WHERE id = 2;
INSERT INTO transfers (id, from_account_id, to_account_id, amount_cents, status, created_at) VALUES
  (10, 3, 5, 50000, 'posted',  '2026-03-02 11:30:00'),
  (11, 8, 7, 30000, 'pending', '2026-03-14 09:25:00');

UPDATE events SET payload = json_set(payload, '$.amount_cents', 8450) WHERE id = 11;
UPDATE events SET payload = json_set(payload, '$.channel', 'web') WHERE id = 5;
DELETE FROM events WHERE id IN (8, 13);
INSERT INTO events (id, account_id, kind, occurred_at, payload) VALUES
  (17, 7, 'card_payment', '2026-02-10 14:30:00', '{"amount_cents": 17999, "channel": "web", "merchant": "Electronics", "tags": ["disputed", "electronics"], "device": {"os": "windows"}}'),
  (18, 3, 'card_payment', '2026-03-09 21:05:00', '{"amount_cents": 64000, "channel": "web", "merchant": "Hotel", "tags": ["travel"], "device": {"os": "macos"}}'),
  (19, 8, 'card_payment', '2026-01-01 00:00:00', '{"amount_cents": 2600, "channel": "mobile", "merchant": "Taxi", "tags": ["travel", "disputed"], "device": {"os": "ios"}}'),
  (20, 8, 'deposit',      '2026-03-20 12:00:00', '{"amount_cents": 150000, "channel": "bank", "tags": ["salary"]}'),
  (21, 5, 'refund',       '2025-12-31 23:59:59', '{"amount_cents": 899, "channel": "pos", "merchant": "Cafe", "tags": ["refund", "food"]}'),
  (22, 1, 'card_payment', '2026-03-12 18:20:00', '{"amount_cents": 5400, "channel": "pos", "merchant": "Garage", "tags": ["car", "undisputed"]}');

UPDATE jobs SET attempts = 5, locked_at = '2026-03-14 09:21:00' WHERE id = 6;
DELETE FROM jobs WHERE id = 3;
INSERT INTO jobs (id, queue, payload, status, attempts, run_at, locked_at) VALUES
  (11, 'email', '{"to": "grace@example.com", "template": "receipt"}',     'ready',   0, '2026-03-14 09:05:00', NULL),
  (12, 'email', '{"to": "margaret@example.com", "template": "welcome"}',  'ready',   0, '2026-03-14 09:29:59', NULL),
  (13, 'email', '{"to": "margaret@example.com", "template": "reminder"}', 'ready',   0, '2026-03-14 09:30:01', NULL),
  (14, 'email', '{"to": "barbara@example.com", "template": "receipt"}',   'running', 2, '2026-03-14 09:15:00', '2026-03-14 09:24:59');

UPDATE account_versions SET balance_cents = 49000 WHERE ctid = '(0,5)';
UPDATE account_versions SET xmax = 131 WHERE ctid = '(0,9)';
DELETE FROM account_versions WHERE ctid IN ('(0,4)', '(0,6)');
INSERT INTO account_versions (ctid, account_id, balance_cents, xmin, xmax) VALUES
  ('(1,2)', 4,   8500, 131, NULL),
  ('(1,3)', 8, 150000, 118, NULL),
  ('(0,4)', 2,  50000,  96, 108),
  ('(0,6)', 3, 300000,  97, 103);

DELETE FROM activity WHERE pid = 4110;
INSERT INTO activity (pid, usename, state, xact_start, backend_xid, backend_xmin, query) VALUES
  (4125, 'batch', 'idle in transaction', '2026-03-14 09:10:00', 126, NULL, 'UPDATE jobs SET status = ''done'' WHERE id = $1');
UPDATE activity SET xact_start = '2026-03-14 09:27:00' WHERE pid = 4115;
