-- A small online shop for the sql-databases exercises: customers place orders, each order
-- has lines that point at products, and customers review products. Money is in cents,
-- dates are ISO 8601 text (so text order is date order).
PRAGMA foreign_keys = ON;

CREATE TABLE customers (
  id          INTEGER PRIMARY KEY,
  email       TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  city        TEXT NOT NULL,
  referred_by INTEGER REFERENCES customers (id),  -- NULL: found the shop on their own
  created_on  TEXT NOT NULL
);

CREATE TABLE products (
  id          INTEGER PRIMARY KEY,
  sku         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  category    TEXT NOT NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  stock       INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  rating      REAL,                                -- average stars; NULL until the first review
  version     INTEGER NOT NULL DEFAULT 1           -- for optimistic locking
);

CREATE TABLE orders (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
  placed_on   TEXT NOT NULL DEFAULT CURRENT_DATE,
  total_cents INTEGER NOT NULL DEFAULT 0 CHECK (total_cents >= 0)
);

CREATE TABLE order_lines (
  order_id         INTEGER NOT NULL REFERENCES orders (id),
  product_id       INTEGER NOT NULL REFERENCES products (id),
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),  -- the price when ordered
  PRIMARY KEY (order_id, product_id)
);

CREATE TABLE reviews (
  id          INTEGER PRIMARY KEY,
  product_id  INTEGER NOT NULL REFERENCES products (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  created_on  TEXT NOT NULL
);

INSERT INTO customers (id, email, name, city, referred_by, created_on) VALUES
  (1, 'ada@example.com',       'Ada Lovelace',      'London',    NULL, '2025-11-02'),
  (2, 'grace@example.com',     'Grace Hopper',      'New York',  1,    '2025-11-15'),
  (3, 'linus@example.com',     'Linus Torvalds',    'Helsinki',  1,    '2025-12-01'),
  (4, 'barbara@example.com',   'Barbara Liskov',    'Boston',    NULL, '2026-01-10'),
  (5, 'alan@example.com',      'Alan Turing',       'London',    2,    '2026-01-22'),
  (6, 'Margaret@Example.com',  'Margaret Hamilton', 'Boston',    NULL, '2026-02-03'),
  (7, 'edsger@example.com',    'Edsger Dijkstra',   'Amsterdam', 4,    '2026-02-14'),
  (8, 'katherine@example.com', 'Katherine Johnson', 'Paris',     NULL, '2026-03-01');

INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES
  (1,  'HP-01', 'Studio headphones',   'audio', 12900,  8),
  (2,  'SP-02', 'Bluetooth speaker',   'audio',  5900, 15),
  (3,  'MC-03', 'USB microphone',      'audio',  7900,  4),
  (4,  'WC-04', '4K webcam',           'video',  9900,  6),
  (5,  'HD-05', 'HDMI cable',          'video',  1200, 50),
  (6,  'KB-06', 'Mechanical keyboard', 'input',  8900, 12),
  (7,  'MS-07', 'Wireless mouse',      'input',  2900, 40),
  (8,  'PD-08', 'Mouse pad',           'input',   900, 25),
  (9,  'MN-09', '27-inch monitor',     'video', 24900,  3),
  (10, 'ER-10', 'Ergonomic mouse',     'input',  2900,  0);

INSERT INTO orders (id, customer_id, status, placed_on) VALUES
  (1,  1, 'paid',      '2026-01-05'),
  (2,  2, 'shipped',   '2026-01-05'),
  (3,  1, 'pending',   '2026-01-09'),
  (4,  2, 'paid',      '2026-01-12'),
  (5,  4, 'shipped',   '2026-01-20'),
  (6,  1, 'cancelled', '2026-01-25'),
  (7,  2, 'paid',      '2026-02-02'),
  (8,  5, 'paid',      '2026-02-02'),
  (9,  6, 'shipped',   '2026-02-10'),
  (10, 7, 'pending',   '2026-02-18'),
  (11, 4, 'paid',      '2026-02-25'),
  (12, 5, 'cancelled', '2026-03-01'),
  (13, 6, 'paid',      '2026-03-03'),
  (14, 1, 'shipped',   '2026-01-09');

INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES
  (1, 6, 1, 8900), (1, 7, 2, 2900),
  (2, 7, 1, 2900),
  (3, 9, 1, 24900),
  (4, 6, 1, 8900),
  (5, 1, 1, 11900), (5, 5, 2, 1200),   -- the headphones cost 119.00 in January
  (6, 7, 1, 2900),
  (7, 6, 1, 8900),
  (8, 2, 2, 5900), (8, 5, 1, 1200),
  (9, 4, 1, 9900), (9, 3, 1, 7900),
  (10, 8, 1, 900), (10, 7, 1, 2900),
  (11, 9, 1, 24900), (11, 5, 1, 1200),
  (12, 1, 1, 12900),
  (13, 2, 1, 5900),
  (14, 5, 3, 1200), (14, 8, 1, 900);

INSERT INTO reviews (id, product_id, customer_id, stars, created_on) VALUES
  (1,  1, 4, 5, '2026-01-28'),
  (2,  6, 1, 5, '2026-01-10'),
  (3,  6, 2, 4, '2026-01-20'),
  (4,  7, 1, 4, '2026-01-11'),
  (5,  7, 2, 3, '2026-01-09'),
  (6,  2, 5, 4, '2026-02-09'),
  (7,  4, 6, 3, '2026-02-15'),
  (8,  9, 4, 5, '2026-03-01'),
  (9,  5, 4, 4, '2026-01-29'),
  (10, 6, 2, 4, '2026-02-07'),   -- Grace reviewed the keyboard twice
  (11, 5, 1, 2, '2026-03-12'),
  (12, 2, 6, 5, '2026-03-06'),
  (13, 7, 1, 4, '2026-01-15');   -- and Ada the mouse

-- Cached values, computed from the rows above.
UPDATE orders SET total_cents =
  (SELECT SUM(quantity * unit_price_cents) FROM order_lines WHERE order_id = orders.id);
UPDATE products SET rating =
  (SELECT ROUND(AVG(stars), 1) FROM reviews WHERE product_id = products.id);
