-- A small agency's project tracker for the database-design exercises: users are members of
-- projects, projects have tasks, tasks have comments, and projects are invoiced. Instants
-- are UTC in ISO 8601 text ('2026-11-02T16:45:00Z'), calendar dates are 'YYYY-MM-DD', and
-- money is an integer amount in the currency's minor unit.
PRAGMA foreign_keys = ON;

CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  email      TEXT NOT NULL,        -- no unique rule yet: see the soft-delete exercises
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT                  -- soft delete: NULL while the account is live
);

CREATE TABLE projects (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE memberships (
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
  PRIMARY KEY (project_id, user_id)
);

CREATE TABLE tasks (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  assignee_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
  title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  due_on        TEXT,                                   -- a calendar date, or NULL
  created_at    TEXT NOT NULL,
  comment_count INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0)  -- cached
);
CREATE INDEX tasks_project ON tasks (project_id);

CREATE TABLE comments (
  id         INTEGER PRIMARY KEY,
  task_id    INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  author_id  INTEGER NOT NULL REFERENCES users (id),
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE currencies (
  code       TEXT NOT NULL PRIMARY KEY CHECK (length(code) = 3),  -- ISO 4217: a natural key
  minor_unit INTEGER NOT NULL CHECK (minor_unit BETWEEN 0 AND 4)  -- digits after the point
);

CREATE TABLE invoices (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,
  project_id   INTEGER NOT NULL REFERENCES projects (id),
  currency     TEXT NOT NULL REFERENCES currencies (code),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  issued_on    TEXT NOT NULL
);

-- A spreadsheet exported from the old tool, one row per task, not normalized.
-- labels is a JSON array of label names.
CREATE TABLE task_import (
  row_id         INTEGER PRIMARY KEY,
  project_name   TEXT NOT NULL,
  task_title     TEXT NOT NULL,
  assignee_email TEXT,
  assignee_name  TEXT,
  labels         TEXT NOT NULL DEFAULT '[]'
);

INSERT INTO users (id, email, name, created_at, deleted_at) VALUES
  (1, 'ana@example.com',   'Ana Diaz',     '2026-09-01T08:00:00Z', NULL),
  (2, 'ben@example.com',   'Ben Okafor',   '2026-09-01T08:05:00Z', '2026-10-15T17:00:00Z'),
  (3, 'chloe@example.com', 'Chloe Martin', '2026-09-03T10:30:00Z', NULL),
  (4, 'dev@example.com',   'Dev Patel',    '2026-09-10T09:00:00Z', NULL),
  (5, 'ema@example.com',   'Ema Novak',    '2026-09-20T14:00:00Z', NULL),
  (6, 'Ana@Example.com',   'Ana Diaz',     '2026-10-02T11:00:00Z', NULL),
  (7, 'ben@example.com',   'Ben Okafor',   '2026-10-20T09:00:00Z', NULL),
  (8, 'farah@example.com', 'Farah Haddad', '2026-11-02T16:45:00Z', '2026-11-20T08:00:00Z');

INSERT INTO projects (id, name, created_at) VALUES
  (1, 'Website',        '2026-09-01T09:00:00Z'),
  (2, 'Mobile app',     '2026-09-12T09:00:00Z'),
  (3, 'Data warehouse', '2026-10-01T09:00:00Z'),
  (4, 'Brand refresh',  '2026-11-10T09:00:00Z');

INSERT INTO memberships (project_id, user_id, role) VALUES
  (1, 1, 'owner'), (1, 2, 'editor'), (1, 3, 'editor'), (1, 4, 'viewer'),
  (2, 4, 'owner'), (2, 5, 'editor'), (2, 7, 'editor'),
  (3, 3, 'owner'), (3, 1, 'editor'), (3, 8, 'editor'), (3, 5, 'viewer'),
  (4, 5, 'owner');

INSERT INTO tasks (id, project_id, assignee_id, title, status, due_on, created_at) VALUES
  (1,  1, 3,    'Write landing page copy', 'open', '2026-12-01', '2026-10-03T10:00:00Z'),
  (2,  1, 4,    'Fix broken links',        'done', '2026-11-20', '2026-10-05T15:20:00Z'),
  (3,  1, 2,    'Set up analytics',        'open', '2026-12-10', '2026-10-06T09:10:00Z'),
  (4,  1, 3,    'Compress hero images',    'open', '2026-11-28', '2026-10-20T13:00:00Z'),
  (5,  2, 5,    'Design onboarding',       'open', '2026-12-15', '2026-10-21T08:30:00Z'),
  (6,  2, 7,    'Push notifications',      'open', '2026-12-05', '2026-10-22T11:45:00Z'),
  (7,  2, 4,    'Crash on login',          'done', '2026-11-25', '2026-11-01T07:55:00Z'),
  (8,  3, 8,    'Nightly import job',      'open', '2026-11-30', '2026-11-03T10:00:00Z'),
  (9,  3, 1,    'Define revenue metrics',  'open', NULL,         '2026-11-04T14:30:00Z'),
  (10, 3, NULL, 'Remove staging tables',   'done', '2026-11-15', '2026-11-05T16:00:00Z'),
  (11, 1, 1,    'Cookie banner',           'open', '2026-12-03', '2026-11-12T09:00:00Z'),
  (12, 2, 5,    'App store screenshots',   'open', '2026-12-20', '2026-11-18T10:15:00Z');

INSERT INTO comments (id, task_id, author_id, body, created_at) VALUES
  (1,  1, 1, 'First draft is in the doc.',          '2026-10-10T09:00:00Z'),
  (2,  1, 3, 'Tightened the headline.',             '2026-10-11T14:00:00Z'),
  (3,  2, 4, '14 links fixed.',                     '2026-11-19T16:30:00Z'),
  (4,  3, 2, 'Waiting for the tracking ID.',        '2026-10-12T10:00:00Z'),
  (5,  4, 3, 'WebP saves 60%.',                     '2026-10-25T11:00:00Z'),
  (6,  4, 1, 'Ship it.',                            '2026-10-26T08:15:00Z'),
  (7,  6, 7, 'iOS needs a new certificate.',        '2026-11-02T12:00:00Z'),
  (8,  6, 4, 'Certificate renewed.',                '2026-11-04T09:30:00Z'),
  (9,  6, 5, 'Android done too.',                   '2026-11-06T17:10:00Z'),
  (10, 7, 4, 'Null pointer in the token refresh.',  '2026-11-02T08:40:00Z'),
  (11, 8, 8, 'The source API times out at night.',  '2026-11-10T23:05:00Z'),
  (12, 8, 3, 'Retry with backoff?',                 '2026-11-11T09:00:00Z'),
  (13, 9, 1, 'Gross or net of refunds?',            '2026-11-06T10:00:00Z'),
  (14, 11, 2, 'Legal sent the wording.',            '2026-11-13T15:00:00Z');

-- The cached comment counts, with one that has drifted (task 4 says 3, it has 2).
UPDATE tasks SET comment_count = (SELECT COUNT(*) FROM comments WHERE task_id = tasks.id);
UPDATE tasks SET comment_count = 3 WHERE id = 4;

INSERT INTO currencies (code, minor_unit) VALUES
  ('EUR', 2), ('USD', 2), ('GBP', 2), ('JPY', 0), ('KWD', 3);

INSERT INTO invoices (id, number, project_id, currency, amount_minor, issued_on) VALUES
  (1, 'INV-2026-001', 1, 'EUR',  150000, '2026-10-01'),
  (2, 'INV-2026-002', 2, 'USD',   98200, '2026-10-05'),
  (3, 'INV-2026-003', 3, 'JPY', 1250000, '2026-10-12'),
  (4, 'INV-2026-004', 1, 'EUR',   42599, '2026-11-01'),
  (5, 'INV-2026-005', 3, 'KWD',    1250, '2026-11-03'),
  (6, 'INV-2026-006', 2, 'USD',   15999, '2026-11-10'),
  (7, 'INV-2026-007', 4, 'GBP',   30000, '2026-11-15');

INSERT INTO task_import (row_id, project_name, task_title, assignee_email, assignee_name, labels) VALUES
  (1,  'Website',        'Write landing page copy', 'chloe@example.com', 'Chloe Martin', '["copy", "launch"]'),
  (2,  'Website',        'Fix broken links',        'dev@example.com',   'Dev Patel',    '["bug"]'),
  (3,  'Website',        'Compress hero images',    'chloe@example.com', 'Chloé Martin', '["performance", "bug"]'),
  (4,  'Mobile app',     'Crash on login',          'dev@example.com',   'Dev Patel',    '["bug", "urgent"]'),
  (5,  'Mobile app',     'Design onboarding',       'ema@example.com',   'Ema Novak',    '["design"]'),
  (6,  'Data warehouse', 'Nightly import job',      'farah@example.com', 'Farah Haddad', '["backend", "urgent"]'),
  (7,  'Data warehouse', 'Remove staging tables',   NULL,                NULL,           '[]'),
  (8,  'Mobile app',     'Push notifications',      'ben@example.com',   'Ben Okafor',   '["backend", "launch"]'),
  (9,  'Website',        'Cookie banner',           'ana@example.com',   'Ana Díaz',     '["legal"]'),
  (10, 'Data warehouse', 'Define revenue metrics',  'ana@example.com',   'Ana Diaz',     '["analytics"]');
