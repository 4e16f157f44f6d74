-- documents: JSON documents stored in SQLite, one JSON text per row, to practise document
-- and key-value modelling with SQLite's JSON functions (json_extract, json_each, json_set).
-- customers, orders, products and readings hold one MongoDB-style document each in `doc`
-- (the document's _id is the `id` column); shop_items is a DynamoDB-style single table;
-- sensor_samples is a plain time series.

CREATE TABLE customers (
  id  INTEGER PRIMARY KEY,
  doc TEXT NOT NULL CHECK (json_valid(doc))
);
INSERT INTO customers (id, doc) VALUES
  (101, '{"name": "Ana Diaz", "email": "ana@example.com", "city": "London"}'),
  (102, '{"name": "Ben Okafor", "email": "ben@example.com", "city": "Lagos"}'),
  (103, '{"name": "Chloé Bernard", "email": "chloe@example.com", "city": "Lyon"}'),
  (104, '{"name": "Dev Patel", "email": "dev@example.com", "city": "Pune"}'),
  (105, '{"name": "Eva Novak", "email": "eva@example.com", "city": "Brno"}'),
  (106, '{"name": "Farid Haddad", "email": "farid@example.com", "city": "Beirut"}');

-- Orders embed their lines and a copy of the shipping address, and carry an extended
-- reference to the customer: the id plus the name as it was when the order was placed.
CREATE TABLE orders (
  id  INTEGER PRIMARY KEY,
  doc TEXT NOT NULL CHECK (json_valid(doc))
);
INSERT INTO orders (id, doc) VALUES
  (1001, '{"customer": {"id": 101, "name": "Ana Diaz"}, "status": "shipped", "placedAt": "2026-03-02T10:15:00Z", "shipTo": {"city": "London"}, "lines": [{"sku": "book-123", "qty": 2, "unitCents": 2299}, {"sku": "pen-7", "qty": 1, "unitCents": 1500}], "totalCents": 6098}'),
  (1002, '{"customer": {"id": 102, "name": "Ben Okafor"}, "status": "shipped", "placedAt": "2026-03-05T14:40:00Z", "shipTo": {"city": "Lagos"}, "lines": [{"sku": "lamp-1", "qty": 1, "unitCents": 2499}, {"sku": "bulb-7", "qty": 4, "unitCents": 399}], "totalCents": 4095}'),
  (1003, '{"customer": {"id": 101, "name": "Ana Diaz"}, "status": "paid", "placedAt": "2026-03-09T08:05:00Z", "shipTo": {"city": "London"}, "lines": [{"sku": "shoe-run", "qty": 1, "unitCents": 12900}], "totalCents": 12900}'),
  (1004, '{"customer": {"id": 103, "name": "Chloé Martin"}, "status": "shipped", "placedAt": "2026-03-11T17:20:00Z", "shipTo": {"city": "Lyon"}, "lines": [{"sku": "boot-hike", "qty": 1, "unitCents": 15900}, {"sku": "sock-wool", "qty": 2, "unitCents": 1800}], "totalCents": 19500}'),
  (1005, '{"customer": {"id": 104, "name": "Dev Patel"}, "status": "cancelled", "placedAt": "2026-03-12T12:00:00Z", "shipTo": {"city": "Pune"}, "lines": [{"sku": "lamp-1", "qty": 2, "unitCents": 2499}], "totalCents": 4998}'),
  (1006, '{"customer": {"id": 102, "name": "Ben Okafor"}, "status": "shipped", "placedAt": "2026-03-18T09:30:00Z", "shipTo": {"city": "Lagos"}, "lines": [{"sku": "book-123", "qty": 1, "unitCents": 2299}, {"sku": "mug-1", "qty": 2, "unitCents": 1200}], "totalCents": 4699}'),
  (1007, '{"customer": {"id": 105, "name": "Eva Novak"}, "status": "shipped", "placedAt": "2026-03-22T19:45:00Z", "shipTo": {"city": "Brno"}, "lines": [{"sku": "shoe-road", "qty": 1, "unitCents": 11900}, {"sku": "sock-wool", "qty": 1, "unitCents": 1800}], "totalCents": 13700}'),
  (1008, '{"customer": {"id": 103, "name": "Chloé Martin"}, "status": "shipped", "placedAt": "2026-03-28T07:10:00Z", "shipTo": {"city": "Lyon"}, "lines": [{"sku": "bulb-7", "qty": 6, "unitCents": 399}, {"sku": "lamp-1", "qty": 1, "unitCents": 2499}], "totalCents": 4893}'),
  (1009, '{"customer": {"id": 106, "name": "Farid Haddad"}, "status": "placed", "placedAt": "2026-03-30T21:00:00Z", "shipTo": {"city": "Beirut"}, "lines": [{"sku": "pen-7", "qty": 3, "unitCents": 1500}], "totalCents": 4500}'),
  (1010, '{"customer": {"id": 101, "name": "Ana Diaz"}, "status": "shipped", "placedAt": "2026-04-02T11:00:00Z", "shipTo": {"city": "London"}, "lines": [{"sku": "boot-hike", "qty": 1, "unitCents": 15900}], "totalCents": 15900}'),
  (1011, '{"customer": {"id": 104, "name": "Dev Patel"}, "status": "shipped", "placedAt": "2026-02-26T16:00:00Z", "shipTo": {"city": "Pune"}, "lines": [{"sku": "shoe-run", "qty": 2, "unitCents": 12900}], "totalCents": 25800}'),
  (1012, '{"customer": {"id": 105, "name": "Eva Novak"}, "status": "shipped", "placedAt": "2026-03-31T23:30:00Z", "shipTo": {"city": "Brno"}, "lines": [{"sku": "lamp-1", "qty": 1, "unitCents": 2499}, {"sku": "pen-7", "qty": 2, "unitCents": 1500}], "totalCents": 5499}'),
  (1013, '{"customer": {"id": 103, "name": "Chloé Bernard"}, "status": "paid", "placedAt": "2026-04-05T10:00:00Z", "shipTo": {"city": "Lyon"}, "lines": [{"sku": "mug-1", "qty": 1, "unitCents": 1200}], "totalCents": 1200}'),
  (1014, '{"customer": {"id": 106, "name": "Farid Haddad"}, "status": "shipped", "placedAt": "2026-03-15T13:00:00Z", "shipTo": {"city": "Beirut"}, "lines": [{"sku": "shoe-run", "qty": 1, "unitCents": 12900}, {"sku": "sock-wool", "qty": 3, "unitCents": 1800}], "totalCents": 18300}');

-- Products keep the analyzed terms of their title (what a search engine's english analyzer
-- would index) and computed rating totals.
CREATE TABLE products (
  id  TEXT PRIMARY KEY,
  doc TEXT NOT NULL CHECK (json_valid(doc))
);
INSERT INTO products (id, doc) VALUES
  ('book-123', '{"title": "Designing Data Systems", "priceCents": 2299, "tags": ["books", "databases"], "terms": ["design", "data", "system"], "rating": {"count": 4, "sum": 18}}'),
  ('pen-7', '{"title": "Fountain pen", "priceCents": 1500, "tags": ["stationery"], "terms": ["fountain", "pen"], "rating": {"count": 2, "sum": 7}}'),
  ('lamp-1', '{"title": "Desk lamp", "priceCents": 2499, "tags": ["home", "lighting"], "terms": ["desk", "lamp"], "rating": {"count": 5, "sum": 21}}'),
  ('bulb-7', '{"title": "LED bulb", "priceCents": 399, "tags": ["home", "lighting"], "terms": ["led", "bulb"], "rating": {"count": 1, "sum": 4}}'),
  ('shoe-run', '{"title": "Trail running shoes", "priceCents": 12900, "tags": ["outdoor", "footwear"], "terms": ["trail", "run", "shoe"], "rating": {"count": 6, "sum": 27}}'),
  ('shoe-road', '{"title": "Road running shoes", "priceCents": 11900, "tags": ["footwear"], "terms": ["road", "run", "shoe"], "rating": {"count": 3, "sum": 12}}'),
  ('boot-hike', '{"title": "Waterproof hiking boots for rocky trails", "priceCents": 15900, "tags": ["outdoor", "footwear", "waterproof"], "terms": ["waterproof", "hike", "boot", "rocki", "trail"], "rating": {"count": 2, "sum": 9}}'),
  ('sock-wool', '{"title": "Wool hiking socks", "priceCents": 1800, "tags": ["outdoor"], "terms": ["wool", "hike", "sock"], "rating": {"count": 0, "sum": 0}}'),
  ('mug-1', '{"title": "Enamel camping mug", "priceCents": 1200, "tags": ["outdoor", "kitchen"], "terms": ["enamel", "camp", "mug"], "rating": {"count": 3, "sum": 13}}');

-- The bucket pattern: one document per sensor per hour, holding the samples and computed
-- summaries (count, sumCelsius, minCelsius, maxCelsius).
CREATE TABLE readings (
  id  INTEGER PRIMARY KEY,
  doc TEXT NOT NULL CHECK (json_valid(doc))
);
INSERT INTO readings (id, doc) VALUES
  (1, '{"sensorId": "t-17", "hour": "2026-03-14T09:00:00Z", "count": 3, "sumCelsius": 64.9, "minCelsius": 21.4, "maxCelsius": 21.9, "samples": [{"at": "2026-03-14T09:05:00Z", "celsius": 21.4}, {"at": "2026-03-14T09:25:00Z", "celsius": 21.6}, {"at": "2026-03-14T09:45:00Z", "celsius": 21.9}]}'),
  (2, '{"sensorId": "t-17", "hour": "2026-03-14T10:00:00Z", "count": 1, "sumCelsius": 22.4, "minCelsius": 22.4, "maxCelsius": 22.4, "samples": [{"at": "2026-03-14T10:10:00Z", "celsius": 22.4}]}'),
  (3, '{"sensorId": "t-17", "hour": "2026-03-14T11:00:00Z", "count": 2, "sumCelsius": 43.8, "minCelsius": 21.8, "maxCelsius": 22.0, "samples": [{"at": "2026-03-14T11:02:00Z", "celsius": 22.0}, {"at": "2026-03-14T11:40:00Z", "celsius": 21.8}]}'),
  (4, '{"sensorId": "t-18", "hour": "2026-03-14T09:00:00Z", "count": 4, "sumCelsius": 73.2, "minCelsius": 18.0, "maxCelsius": 18.6, "samples": [{"at": "2026-03-14T09:01:00Z", "celsius": 18.0}, {"at": "2026-03-14T09:16:00Z", "celsius": 18.2}, {"at": "2026-03-14T09:31:00Z", "celsius": 18.4}, {"at": "2026-03-14T09:46:00Z", "celsius": 18.6}]}'),
  (5, '{"sensorId": "t-18", "hour": "2026-03-14T10:00:00Z", "count": 1, "sumCelsius": 19.0, "minCelsius": 19.0, "maxCelsius": 19.0, "samples": [{"at": "2026-03-14T10:20:00Z", "celsius": 19.0}]}'),
  (6, '{"sensorId": "t-31", "hour": "2026-03-14T09:00:00Z", "count": 2, "sumCelsius": 50.4, "minCelsius": 25.1, "maxCelsius": 25.3, "samples": [{"at": "2026-03-14T09:10:00Z", "celsius": 25.1}, {"at": "2026-03-14T09:50:00Z", "celsius": 25.3}]}');

-- DynamoDB-style single-table design: generic keys PK and SK, the other attributes in attrs.
CREATE TABLE shop_items (
  pk    TEXT NOT NULL,
  sk    TEXT NOT NULL,
  attrs TEXT NOT NULL CHECK (json_valid(attrs)),
  PRIMARY KEY (pk, sk)
);
INSERT INTO shop_items (pk, sk, attrs) VALUES
  ('CUSTOMER#c_981', 'PROFILE', '{"name": "Ana Diaz", "email": "ana@example.com"}'),
  ('CUSTOMER#c_981', 'ADDRESS#home', '{"city": "Madrid", "postcode": "28013"}'),
  ('CUSTOMER#c_981', 'ORDER#2026-02-11T10:00:00Z#o_0990', '{"status": "delivered", "totalCents": 2599}'),
  ('CUSTOMER#c_981', 'ORDER#2026-03-01T09:00:00Z#o_1001', '{"status": "paid", "totalCents": 6492}'),
  ('CUSTOMER#c_981', 'ORDER#2026-03-03T08:15:00Z#o_1002', '{"status": "open", "totalCents": 1999}'),
  ('CUSTOMER#c_981', 'ORDER#2026-03-20T18:40:00Z#o_1017', '{"status": "shipped", "totalCents": 4398}'),
  ('CUSTOMER#c_982', 'PROFILE', '{"name": "Ben Okafor", "email": "ben@example.com"}'),
  ('CUSTOMER#c_982', 'ORDER#2026-03-25T07:00:00Z#o_1020', '{"status": "paid", "totalCents": 1599}'),
  ('CUSTOMER#c_982', 'ORDER#2026-01-30T12:30:00Z#o_0950', '{"status": "delivered", "totalCents": 899}'),
  ('ORDER#o_1001', 'ITEM#LAMP-1', '{"qty": 2, "unitPriceCents": 2499}'),
  ('ORDER#o_1001', 'ITEM#BULB-7', '{"qty": 4, "unitPriceCents": 399}'),
  ('ORDER#o_1002', 'ITEM#MUG-1', '{"qty": 1, "unitPriceCents": 1999}'),
  ('ORDER#o_1017', 'ITEM#PEN-7', '{"qty": 2, "unitPriceCents": 1500}'),
  ('ORDER#o_1017', 'ITEM#BOOK-123', '{"qty": 1, "unitPriceCents": 1398}'),
  ('ORDER#o_1020', 'ITEM#SOCK-WOOL', '{"qty": 1, "unitPriceCents": 1599}');

-- A plain time series: one row per sample.
CREATE TABLE sensor_samples (
  id        INTEGER PRIMARY KEY,
  sensor_id TEXT NOT NULL,
  at        TEXT NOT NULL,
  celsius   REAL NOT NULL
);
INSERT INTO sensor_samples (id, sensor_id, at, celsius) VALUES
  (1, 't-17', '2026-03-14T08:55:00Z', 21.0),
  (2, 't-17', '2026-03-14T09:00:00Z', 21.2),
  (3, 't-17', '2026-03-14T09:05:00Z', 21.4),
  (4, 't-17', '2026-03-14T09:10:00Z', 21.5),
  (5, 't-17', '2026-03-14T09:15:00Z', 21.5),
  (6, 't-17', '2026-03-14T09:20:00Z', 21.7),
  (7, 't-17', '2026-03-14T09:25:00Z', 21.6),
  (8, 't-17', '2026-03-14T09:30:00Z', 21.8),
  (9, 't-17', '2026-03-14T09:35:00Z', 22.0),
  (10, 't-17', '2026-03-14T09:40:00Z', 22.1),
  (11, 't-17', '2026-03-14T09:45:00Z', 21.9),
  (12, 't-17', '2026-03-14T09:50:00Z', 22.3),
  (13, 't-17', '2026-03-14T09:55:00Z', 22.2),
  (14, 't-17', '2026-03-14T10:00:00Z', 22.4),
  (15, 't-18', '2026-03-14T09:01:00Z', 18.0),
  (16, 't-18', '2026-03-14T09:11:00Z', 18.1),
  (17, 't-18', '2026-03-14T09:21:00Z', 18.3),
  (18, 't-18', '2026-03-14T09:31:00Z', 18.4),
  (19, 't-18', '2026-03-14T09:41:00Z', 18.6),
  (20, 't-18', '2026-03-14T09:51:00Z', 18.5),
  (21, 't-18', '2026-03-14T10:01:00Z', 18.9);
