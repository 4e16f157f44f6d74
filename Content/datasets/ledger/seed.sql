-- ledger: a small bank ledger for the postgresql-advanced exercises. Times are UTC text
-- ('YYYY-MM-DD HH:MM:SS'); the exercises take '2026-03-14 09:30:00' as "now".

-- Customer accounts. The expression index makes e-mail addresses unique in any letter case.
CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  owner         TEXT    NOT NULL,
  email         TEXT    NOT NULL,
  currency      TEXT    NOT NULL CHECK (currency IN ('EUR', 'GBP', 'USD')),
  balance_cents INTEGER NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('active', 'frozen', 'closed')),
  opened_at     TEXT    NOT NULL
);
CREATE UNIQUE INDEX accounts_email_lower ON accounts (lower(email));

INSERT INTO accounts (id, owner, email, currency, balance_cents, status, opened_at) VALUES
  (1, 'Ada Lovelace',      'ada@example.com',         'EUR', 125000, 'active', '2025-06-01 09:00:00'),
  (2, 'Alan Turing',       'alan.turing@example.com', 'GBP',  48000, 'active', '2025-07-12 14:30:00'),
  (3, 'Grace Hopper',      'grace@example.com',       'USD', 310000, 'active', '2025-08-03 10:15:00'),
  (4, 'Edsger Dijkstra',   'edsger@example.nl',       'EUR',   9000, 'frozen', '2025-09-21 16:45:00'),
  (5, 'Barbara Liskov',    'barbara@example.com',     'USD',  77000, 'active', '2025-10-02 11:00:00'),
  (6, 'Linus Torvalds',    'linus@example.fi',        'EUR',      0, 'closed', '2025-11-11 08:20:00'),
  (7, 'Katherine Johnson', 'katherine@example.com',   'USD',  56000, 'active', '2026-01-05 13:00:00');

-- Money moved between two accounts of the same currency.
CREATE TABLE transfers (
  id              INTEGER PRIMARY KEY,
  from_account_id INTEGER NOT NULL REFERENCES accounts (id),
  to_account_id   INTEGER NOT NULL REFERENCES accounts (id),
  amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
  status          TEXT    NOT NULL CHECK (status IN ('pending', 'posted', 'failed')),
  created_at      TEXT    NOT NULL
);
CREATE INDEX transfers_from_created ON transfers (from_account_id, created_at);
CREATE INDEX transfers_pending ON transfers (created_at) WHERE status = 'pending';

INSERT INTO transfers (id, from_account_id, to_account_id, amount_cents, status, created_at) VALUES
  (1,  1, 4, 15000, 'posted',  '2026-03-01 10:00:00'),
  (2,  3, 5, 50000, 'posted',  '2026-03-02 11:30:00'),
  (3,  4, 1,  1000, 'failed',  '2026-03-03 09:10:00'),
  (4,  5, 7, 12500, 'pending', '2026-03-14 08:55:00'),
  (5,  7, 3,  3000, 'failed',  '2026-03-10 17:00:00'),
  (6,  1, 6,  4500, 'posted',  '2026-03-11 12:00:00'),
  (7,  3, 7, 20000, 'pending', '2026-03-14 09:05:00'),
  (8,  5, 3,  7500, 'posted',  '2026-03-13 15:45:00'),
  (9,  7, 5,  9900, 'pending', '2026-03-14 09:20:00');

-- Account events with a JSON payload whose fields vary by kind (jsonb in PostgreSQL).
CREATE TABLE events (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts (id),
  kind        TEXT    NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'card_payment', 'refund')),
  occurred_at TEXT    NOT NULL,
  payload     TEXT    NOT NULL CHECK (json_valid(payload))
);

INSERT INTO events (id, account_id, kind, occurred_at, payload) VALUES
  (1,  1, 'deposit',      '2025-12-30 08:00:00', '{"amount_cents": 250000, "channel": "bank", "tags": ["salary"]}'),
  (2,  2, 'card_payment', '2026-01-03 12:14:00', '{"amount_cents": 4599, "channel": "web", "merchant": "Bookshop", "tags": ["books"], "device": {"os": "linux"}}'),
  (3,  3, 'card_payment', '2026-01-15 19:02:00', '{"amount_cents": 12900, "channel": "mobile", "merchant": "Airline", "tags": ["travel"], "device": {"os": "ios"}}'),
  (4,  1, 'withdrawal',   '2026-01-20 10:00:00', '{"amount_cents": 20000, "channel": "atm"}'),
  (5,  5, 'card_payment', '2026-01-31 23:59:59', '{"amount_cents": 899, "channel": "pos", "merchant": "Cafe", "tags": ["food"]}'),
  (6,  2, 'card_payment', '2026-02-01 00:00:00', '{"amount_cents": 3450, "channel": "mobile", "merchant": "Grocer", "tags": ["food", "disputed"], "device": {"os": "android"}}'),
  (7,  3, 'deposit',      '2026-02-01 09:00:00', '{"amount_cents": 310000, "channel": "bank", "tags": ["salary"]}'),
  (8,  7, 'card_payment', '2026-02-10 14:30:00', '{"amount_cents": 15999, "channel": "web", "merchant": "Electronics", "tags": ["disputed"], "device": {"os": "windows"}}'),
  (9,  2, 'refund',       '2026-02-12 11:00:00', '{"amount_cents": 4599, "channel": "web", "merchant": "Bookshop", "tags": ["refund", "books"]}'),
  (10, 5, 'card_payment', '2026-02-20 08:15:00', '{"amount_cents": 2250, "channel": "mobile", "merchant": "Cafe", "tags": ["food"], "device": {"os": "ios"}}'),
  (11, 1, 'card_payment', '2026-03-01 00:00:00', '{"amount_cents": 7800, "channel": "pos", "merchant": "Pharmacy", "tags": ["health"]}'),
  (12, 4, 'withdrawal',   '2026-03-05 16:40:00', '{"amount_cents": 5000, "channel": "atm"}'),
  (13, 3, 'card_payment', '2026-03-09 21:05:00', '{"amount_cents": 64000, "channel": "web", "merchant": "Hotel", "tags": ["travel", "disputed"], "device": {"os": "macos"}}'),
  (14, 7, 'deposit',      '2026-03-14 09:00:00', '{"amount_cents": 98000, "channel": "bank", "tags": ["salary"]}'),
  (15, 5, 'card_payment', '2026-03-31 23:59:59', '{"amount_cents": 1450, "channel": "mobile", "merchant": "Cinema", "tags": ["leisure"], "device": {"os": "android"}}'),
  (16, 2, 'card_payment', '2026-04-01 00:00:00', '{"amount_cents": 3100, "channel": "web", "merchant": "Bookshop", "tags": ["books"], "device": {"os": "linux"}}');

-- A job queue, as in the lesson on row locks (payload is jsonb in PostgreSQL).
CREATE TABLE jobs (
  id        INTEGER PRIMARY KEY,
  queue     TEXT    NOT NULL,
  payload   TEXT    NOT NULL CHECK (json_valid(payload)),
  status    TEXT    NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'running', 'done', 'failed')),
  attempts  INTEGER NOT NULL DEFAULT 0,
  run_at    TEXT    NOT NULL,
  locked_at TEXT
);
CREATE INDEX jobs_ready ON jobs (queue, run_at) WHERE status = 'ready';

INSERT INTO jobs (id, queue, payload, status, attempts, run_at, locked_at) VALUES
  (1,  'email', '{"to": "ada@example.com", "template": "welcome"}',          'done',    1, '2026-03-14 09:00:00', NULL),
  (2,  'email', '{"to": "alan.turing@example.com", "template": "receipt"}',  'running', 1, '2026-03-14 09:02:00', '2026-03-14 09:20:00'),
  (3,  'email', '{"to": "grace@example.com", "template": "receipt"}',        'ready',   0, '2026-03-14 09:05:00', NULL),
  (4,  'sms',   '{"to": "+4915112345678", "template": "otp"}',               'ready',   0, '2026-03-14 08:55:00', NULL),
  (5,  'email', '{"to": "barbara@example.com", "template": "statement"}',    'ready',   2, '2026-03-14 09:45:00', NULL),
  (6,  'email', '{"to": "katherine@example.com", "template": "receipt"}',    'running', 3, '2026-03-14 09:20:00', '2026-03-14 09:28:30'),
  (7,  'email', '{"to": "edsger@example.nl", "template": "reminder"}',       'ready',   0, '2026-03-14 09:05:00', NULL),
  (8,  'email', '{"to": "linus@example.fi", "template": "welcome"}',         'failed',  5, '2026-03-14 09:01:00', NULL),
  (9,  'sms',   '{"to": "+447700900123", "template": "otp"}',                'running', 1, '2026-03-14 09:10:00', '2026-03-14 09:12:00'),
  (10, 'email', '{"to": "ada@example.com", "template": "statement"}',        'ready',   1, '2026-03-14 09:12:00', NULL);

-- A model of the row versions (tuples) PostgreSQL keeps for accounts: xmin is the transaction
-- that created a version, xmax the one that replaced or deleted it (NULL while none has).
-- Every transaction named here has committed.
CREATE TABLE account_versions (
  ctid          TEXT    PRIMARY KEY,
  account_id    INTEGER NOT NULL,
  balance_cents INTEGER NOT NULL,
  xmin          INTEGER NOT NULL,
  xmax          INTEGER
);

INSERT INTO account_versions (ctid, account_id, balance_cents, xmin, xmax) VALUES
  ('(0,1)',  1, 100000,  95, 101),
  ('(0,2)',  1, 110000, 101, 112),
  ('(0,3)',  1, 125000, 112, NULL),
  ('(0,4)',  2,  50000,  96, 108),
  ('(0,5)',  2,  48000, 108, NULL),
  ('(0,6)',  3, 300000,  97, 103),
  ('(0,7)',  3, 290000, 103, 121),
  ('(0,8)',  3, 310000, 121, NULL),
  ('(0,9)',  4,   9000,  99, NULL),
  ('(0,10)', 5,  80000, 100, 117),
  ('(0,11)', 5,  77000, 117, NULL),
  ('(0,12)', 6,      0, 102, 115),
  ('(1,1)',  7,  56000, 122, NULL);

-- A model of pg_stat_activity: one row per server process, at 2026-03-14 09:30:00.
CREATE TABLE activity (
  pid          INTEGER PRIMARY KEY,
  usename      TEXT    NOT NULL,
  state        TEXT    NOT NULL CHECK (state IN ('active', 'idle', 'idle in transaction')),
  xact_start   TEXT,
  backend_xid  INTEGER,
  backend_xmin INTEGER,
  query        TEXT    NOT NULL
);

INSERT INTO activity (pid, usename, state, xact_start, backend_xid, backend_xmin, query) VALUES
  (4101, 'app',    'active',              '2026-03-14 09:29:58', 130,  128,  'UPDATE accounts SET balance_cents = balance_cents - $1 WHERE id = $2'),
  (4102, 'app',    'idle',                NULL,                  NULL, NULL, 'COMMIT'),
  (4107, 'report', 'active',              '2026-03-14 09:20:00', NULL, 110,  'SELECT currency, sum(balance_cents) FROM accounts GROUP BY currency'),
  (4110, 'batch',  'idle in transaction', '2026-03-14 08:02:11', 104,  NULL, 'UPDATE jobs SET status = ''done'' WHERE id = $1'),
  (4111, 'app',    'idle in transaction', '2026-03-14 09:29:50', NULL, NULL, 'SELECT * FROM accounts WHERE id = $1'),
  (4115, 'admin',  'idle in transaction', '2026-03-14 09:22:40', NULL, NULL, 'SELECT count(*) FROM events');
