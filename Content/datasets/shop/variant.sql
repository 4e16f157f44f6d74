-- The hidden variant: runs after seed.sql. It changes values, adds rows, and deletes and
-- re-inserts some rows under new ids, so that the natural order of rows differs.

-- Changed values
UPDATE products SET price_cents = 6400 WHERE sku = 'SP-02';
UPDATE products SET price_cents = 8900, stock = 9 WHERE sku = 'WC-04';
UPDATE products SET stock = 5 WHERE sku = 'MC-03';
UPDATE products SET stock = 45 WHERE sku = 'HD-05';
UPDATE products SET version = 2, price_cents = 9400 WHERE sku = 'KB-06';
UPDATE customers SET city = 'Paris' WHERE id = 5;
UPDATE orders SET status = 'paid' WHERE id = 3;
UPDATE orders SET status = 'cancelled' WHERE id = 10;
UPDATE orders SET status = 'shipped' WHERE id = 13;
UPDATE order_lines SET quantity = 3 WHERE order_id = 8 AND product_id = 2;
UPDATE reviews SET stars = 2 WHERE id = 7;

-- Deleted and re-inserted under new ids
DELETE FROM order_lines WHERE order_id = 2;
DELETE FROM orders WHERE id = 2;
INSERT INTO orders (id, customer_id, status, placed_on) VALUES (20, 2, 'shipped', '2026-01-05');
INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES (20, 7, 1, 2900);

DELETE FROM customers WHERE id = 8;
INSERT INTO customers (id, email, name, city, referred_by, created_on) VALUES
  (12, 'katherine@example.com', 'Katherine Johnson', 'Paris', NULL, '2026-03-01');

DELETE FROM products WHERE id = 10;
INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES
  (12, 'ER-10', 'Ergonomic mouse', 'input', 2900, 0);

DELETE FROM reviews WHERE id = 3;
INSERT INTO reviews (id, product_id, customer_id, stars, created_on) VALUES (20, 6, 2, 4, '2026-01-20');

-- New rows
INSERT INTO customers (id, email, name, city, referred_by, created_on) VALUES
  (9,  'frances@example.com', 'Frances Allen',   'Paris',  12, '2026-03-04'),
  (10, 'tim@example.com',     'Tim Berners-Lee', 'Geneva', 3,  '2026-03-05');

INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES
  (11, 'CM-11', 'Condenser microphone', 'audio', 7900, 7);

INSERT INTO orders (id, customer_id, status, placed_on) VALUES
  (15, 3,  'paid',    '2026-03-10'),
  (16, 10, 'pending', '2026-03-11'),
  (17, 1,  'paid',    '2026-03-11'),
  (18, 10, 'shipped', '2026-03-11');

INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES
  (15, 1, 1, 12900), (15, 8, 2, 900),
  (16, 3, 1, 7900),
  (17, 11, 1, 7900), (17, 5, 2, 1200),
  (18, 9, 1, 24900);

INSERT INTO reviews (id, product_id, customer_id, stars, created_on) VALUES
  (14, 3, 6, 4, '2026-02-20'),
  (15, 1, 4, 5, '2026-02-28'),   -- Barbara reviewed the headphones a second time
  (16, 1, 3, 3, '2026-03-15'),
  (17, 11, 1, 5, '2026-03-16');

-- Recompute the cached values.
UPDATE orders SET total_cents =
  (SELECT SUM(quantity * unit_price_cents) FROM order_lines WHERE order_id = orders.id);
UPDATE products SET rating =
  (SELECT ROUND(AVG(stars), 1) FROM reviews WHERE product_id = products.id);
