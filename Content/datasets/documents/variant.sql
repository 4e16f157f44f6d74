-- The hidden variant: values changed, rows added, some rows deleted and inserted again
-- under new ids so that they come back in another order.

UPDATE customers SET doc = json_set(doc, '$.name', 'Eva Horák') WHERE id = 105;
INSERT INTO customers (id, doc) VALUES
  (107, '{"name": "Gita Rao", "email": "gita@example.com", "city": "Oslo"}');

UPDATE orders SET doc = json_set(doc, '$.status', 'cancelled') WHERE id = 1007;
UPDATE orders SET doc = json_set(doc, '$.status', 'shipped') WHERE id = 1003;
DELETE FROM orders WHERE id IN (1002, 1005);
INSERT INTO orders (id, doc) VALUES
  (1015, '{"customer": {"id": 104, "name": "Dev Patel"}, "status": "cancelled", "placedAt": "2026-03-12T12:00:00Z", "shipTo": {"city": "Pune"}, "lines": [{"sku": "lamp-1", "qty": 2, "unitCents": 2499}], "totalCents": 4998}'),
  (1016, '{"customer": {"id": 107, "name": "Gita Rao"}, "status": "shipped", "placedAt": "2026-03-19T08:45:00Z", "shipTo": {"city": "Oslo"}, "lines": [{"sku": "sock-wool", "qty": 3, "unitCents": 1800}, {"sku": "lamp-1", "qty": 1, "unitCents": 2499}], "totalCents": 7899}'),
  (1017, '{"customer": {"id": 102, "name": "Ben Okafor"}, "status": "shipped", "placedAt": "2026-03-05T14:40:00Z", "shipTo": {"city": "Lagos"}, "lines": [{"sku": "lamp-1", "qty": 1, "unitCents": 2499}, {"sku": "bulb-7", "qty": 4, "unitCents": 399}], "totalCents": 4095}'),
  (1018, '{"customer": {"id": 105, "name": "Eva Novak"}, "status": "placed", "placedAt": "2026-04-07T15:00:00Z", "shipTo": {"city": "Brno"}, "lines": [{"sku": "mug-1", "qty": 4, "unitCents": 1200}], "totalCents": 4800}');

DELETE FROM products WHERE id = 'shoe-road';
INSERT INTO products (id, doc) VALUES
  ('vest-run', '{"title": "Trail running vest", "priceCents": 6900, "tags": ["outdoor"], "terms": ["trail", "run", "vest"], "rating": {"count": 1, "sum": 5}}'),
  ('shoe-road', '{"title": "Road running shoes", "priceCents": 10900, "tags": ["footwear"], "terms": ["road", "run", "shoe"], "rating": {"count": 3, "sum": 12}}');
UPDATE products SET doc = json_set(doc, '$.terms', json('["trail", "run", "shoe", "grip"]')) WHERE id = 'shoe-run';
UPDATE products SET doc = json_set(doc, '$.terms', json('["waterproof", "hike", "boot"]')) WHERE id = 'boot-hike';

UPDATE readings
SET doc = json_set(doc, '$.count', 2, '$.sumCelsius', 38.0, '$.minCelsius', 18.8, '$.maxCelsius', 19.2,
                   '$.samples', json('[{"at": "2026-03-14T10:20:00Z", "celsius": 19.2}, {"at": "2026-03-14T10:50:00Z", "celsius": 18.8}]'))
WHERE id = 5;
DELETE FROM readings WHERE id = 2;
INSERT INTO readings (id, doc) VALUES
  (7, '{"sensorId": "t-31", "hour": "2026-03-14T10:00:00Z", "count": 3, "sumCelsius": 77.4, "minCelsius": 25.6, "maxCelsius": 26.0, "samples": [{"at": "2026-03-14T10:05:00Z", "celsius": 25.6}, {"at": "2026-03-14T10:25:00Z", "celsius": 25.8}, {"at": "2026-03-14T10:45:00Z", "celsius": 26.0}]}'),
  (8, '{"sensorId": "t-17", "hour": "2026-03-14T10:00:00Z", "count": 1, "sumCelsius": 22.4, "minCelsius": 22.4, "maxCelsius": 22.4, "samples": [{"at": "2026-03-14T10:10:00Z", "celsius": 22.4}]}');

UPDATE shop_items SET attrs = json_set(attrs, '$.status', 'paid') WHERE pk = 'CUSTOMER#c_981' AND sk = 'ORDER#2026-03-03T08:15:00Z#o_1002';
DELETE FROM shop_items WHERE pk = 'CUSTOMER#c_981' AND sk = 'ORDER#2026-03-01T09:00:00Z#o_1001';
INSERT INTO shop_items (pk, sk, attrs) VALUES
  ('CUSTOMER#c_981', 'ORDER#2026-04-02T16:20:00Z#o_1031', '{"status": "open", "totalCents": 3150}'),
  ('CUSTOMER#c_981', 'ORDER#2026-03-01T09:00:00Z#o_1001', '{"status": "refunded", "totalCents": 6492}'),
  ('ORDER#o_1031', 'ITEM#MUG-1', '{"qty": 3, "unitPriceCents": 1050}');

UPDATE sensor_samples SET celsius = 23.1 WHERE id = 12;
DELETE FROM sensor_samples WHERE id IN (8, 17);
INSERT INTO sensor_samples (id, sensor_id, at, celsius) VALUES
  (30, 't-17', '2026-03-14T09:30:00Z', 21.8),
  (31, 't-18', '2026-03-14T09:21:00Z', 18.7),
  (32, 't-18', '2026-03-14T09:56:00Z', 19.1),
  (33, 't-31', '2026-03-14T09:12:00Z', 25.2);
