-- The hidden variant: runs after seed.sql. It changes values, adds rows, and deletes and
-- re-inserts some rows under new ids, so that the natural order of rows differs.

-- Changed values
UPDATE tasks SET status = 'done' WHERE id = 1;
UPDATE tasks SET due_on = '2026-11-29' WHERE id = 6;
UPDATE tasks SET assignee_id = 5 WHERE id = 9;
UPDATE tasks SET comment_count = 2 WHERE id = 6;          -- a second drifted count
UPDATE users SET deleted_at = '2026-11-25T12:00:00Z' WHERE id = 3;
UPDATE users SET name = 'Ema Novakova' WHERE id = 5;
UPDATE invoices SET amount_minor = 42550 WHERE id = 4;
UPDATE task_import SET assignee_name = 'Devendra Patel' WHERE row_id = 4;
UPDATE memberships SET role = 'editor' WHERE project_id = 1 AND user_id = 4;

-- Deleted and re-inserted under new ids
DELETE FROM tasks WHERE id = 5;
INSERT INTO tasks (id, project_id, assignee_id, title, status, due_on, created_at) VALUES
  (20, 2, 5, 'Design onboarding', 'open', '2026-12-15', '2026-10-21T08:30:00Z');

DELETE FROM comments WHERE id = 9;
INSERT INTO comments (id, task_id, author_id, body, created_at) VALUES
  (20, 6, 5, 'Android done too.', '2026-11-06T17:10:00Z');

DELETE FROM invoices WHERE id = 3;
INSERT INTO invoices (id, number, project_id, currency, amount_minor, issued_on) VALUES
  (15, 'INV-2026-003', 3, 'JPY', 1250000, '2026-10-12');

DELETE FROM task_import WHERE row_id = 2;
INSERT INTO task_import (row_id, project_name, task_title, assignee_email, assignee_name, labels) VALUES
  (20, 'Website', 'Fix broken links', 'dev@example.com', 'Dev Patel', '["bug"]');

-- New rows
INSERT INTO users (id, email, name, created_at, deleted_at) VALUES
  (9,  'DEV@example.com', 'Dev Patel',   '2026-11-21T10:00:00Z', NULL),
  (10, 'gus@example.com', 'Gus Lindqvist', '2026-11-22T13:30:00Z', NULL);

INSERT INTO projects (id, name, created_at) VALUES (5, 'Support portal', '2026-11-23T09:00:00Z');

INSERT INTO memberships (project_id, user_id, role) VALUES
  (5, 10, 'owner'), (5, 3, 'editor'), (1, 10, 'viewer');

INSERT INTO tasks (id, project_id, assignee_id, title, status, due_on, created_at) VALUES
  (13, 5, 10,   'Choose a help desk tool', 'open', '2026-12-02', '2026-11-23T09:30:00Z'),
  (14, 1, 3,    'Accessibility audit',     'open', '2026-12-12', '2026-11-24T10:00:00Z'),
  (15, 5, NULL, 'Write the FAQ',           'open', '2026-11-30', '2026-11-24T11:00:00Z');

INSERT INTO comments (id, task_id, author_id, body, created_at) VALUES
  (15, 13, 10, 'Shortlist of three.',     '2026-11-24T09:00:00Z'),
  (16, 14, 1,  'Start with the forms.',   '2026-11-25T10:00:00Z'),
  (17, 13, 3,  'Zendesk or Freshdesk?',   '2026-11-25T16:20:00Z');
UPDATE tasks SET comment_count = (SELECT COUNT(*) FROM comments WHERE task_id = tasks.id)
WHERE id IN (13, 14);

INSERT INTO invoices (id, number, project_id, currency, amount_minor, issued_on) VALUES
  (8, 'INV-2026-008', 5, 'EUR', 89900, '2026-11-28'),
  (9, 'INV-2026-009', 2, 'USD', 60600, '2026-11-30'),
  (10, 'INV-2026-010', 3, 'KWD', 980, '2026-12-01');

INSERT INTO task_import (row_id, project_name, task_title, assignee_email, assignee_name, labels) VALUES
  (11, 'Support portal', 'Choose a help desk tool', 'gus@example.com', 'Gus Lindqvist', '["tooling", "urgent"]'),
  (12, 'Website',        'Accessibility audit',     'chloe@example.com', 'Chloe Martin', '["legal", "launch"]');

CREATE INDEX comments_task ON comments (task_id);
