-- Traffic of the key-collision scenarios of test_check_conflicts.py (syntax:
-- see multi-source.sql and check_harness.py). shop_1.orders and
-- shop_2.orders (AUTO_INCREMENT ids from 1 in both) are merged into
-- shop.orders without extract columns in the key, so their ids collide.
-- Annotations are for normal mode; the keys each statement leaves live in
-- shop.orders, and which table holds them, are in the comments. A key whose
-- INSERT failed with 1062 is held by the failing table afterwards: the task
-- pauses, and resume-task replays the INSERT in DM's automatic safe mode
-- (dm-rules.md §10.2), whose REPLACE overwrites the other shard's row.

-- @ shop_1 "create database" migrated rule=shop-schemas target=shop
CREATE DATABASE shop_1;
-- @ shop_2 "create database" migrated rule=shop-schemas target=shop
CREATE DATABASE shop_2;
-- @ shop_1.orders "create table" migrated rule=orders target=shop.orders
CREATE TABLE shop_1.orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(16) NOT NULL,
                            qty INT NOT NULL DEFAULT 1);
-- @ shop_2.orders "create table" migrated rule=orders target=shop.orders
CREATE TABLE shop_2.orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(16) NOT NULL,
                            qty INT NOT NULL DEFAULT 1);
-- @mark start

-- 1, 2, 3 -> shop_1
-- @ shop_1.orders insert migrated rows=3 rule=orders target=shop.orders
INSERT INTO shop_1.orders (item) VALUES ('a1'), ('a2'), ('a3');
-- ids 1, 2 again: Error 1062 on both rows; 1, 2 -> shop_2
-- @ shop_2.orders insert conflict rows=2 step="key collision" code=1062 rule=orders target=shop.orders
INSERT INTO shop_2.orders (item) VALUES ('b1'), ('b2');
-- id 3: 1062; 3 -> shop_2
-- @ shop_2.orders insert conflict rows=1 step="key collision" code=1062 rule=orders target=shop.orders
INSERT INTO shop_2.orders (item) VALUES ('b3');
-- 4, 5 -> shop_2 (new keys)
-- @ shop_2.orders insert migrated rows=2 rule=orders target=shop.orders
INSERT INTO shop_2.orders (item) VALUES ('b4'), ('b5');
-- shop_1's next id, 4, is shop_2's: 1062; 4 -> shop_1
-- @ shop_1.orders insert conflict rows=1 step="key collision" code=1062 rule=orders target=shop.orders
INSERT INTO shop_1.orders (item) VALUES ('a4');
-- 50 -> shop_1 (new)
-- @ shop_1.orders insert migrated rows=1 rule=orders target=shop.orders
INSERT INTO shop_1.orders (id, item) VALUES (50, 'a50');
-- row 3 downstream is shop_2's: this UPDATE changes it (no DM error); 3 -> shop_1
-- @ shop_1.orders update conflict rows=1 step="key collision" rule=orders target=shop.orders
UPDATE shop_1.orders SET qty = 2 WHERE id = 3;
-- row 1 downstream is shop_2's: this DELETE removes it; 1 is free
-- @ shop_1.orders delete conflict rows=1 step="key collision" rule=orders target=shop.orders
DELETE FROM shop_1.orders WHERE id = 1;
-- shop_2's own DELETE of 1 finds no row: nothing to report
-- @ shop_2.orders delete migrated rows=1 rule=orders target=shop.orders
DELETE FROM shop_2.orders WHERE id = 1;
-- shop_2 moves its row 2 onto key 50, shop_1's: the UPDATE fails with 1062; 50 -> shop_2
-- @ shop_2.orders update conflict rows=1 step="key collision" code=1062 rule=orders target=shop.orders
UPDATE shop_2.orders SET id = 50 WHERE id = 2;
-- shop_2's own rows: no collision; 5 is free after the DELETE
-- @ shop_2.orders update migrated rows=1 rule=orders target=shop.orders
UPDATE shop_2.orders SET qty = 3 WHERE id = 5;
-- @ shop_2.orders delete migrated rows=1 rule=orders target=shop.orders
DELETE FROM shop_2.orders WHERE id = 5;
-- 5 -> shop_1 (free again)
-- @ shop_1.orders insert migrated rows=1 rule=orders target=shop.orders
INSERT INTO shop_1.orders (id, item) VALUES (5, 'a5');
