-- Traffic of scenario keys_offsets of test_check_conflicts.py (syntax: see
-- multi-source.sql): the same shards as conflicts-keys.sql, but each shard's
-- AUTO_INCREMENT ids come from its own residue class (auto_increment_increment
-- 2, offset 1 on shop_1, 2 on shop_2), so no key ever collides in
-- shop.orders: every event migrates. (SET SESSION writes nothing to the
-- binlog.)

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

SET SESSION auto_increment_increment = 2, auto_increment_offset = 1;
-- ids 1, 3, 5
-- @ shop_1.orders insert migrated rows=3 rule=orders target=shop.orders
INSERT INTO shop_1.orders (item) VALUES ('a1'), ('a3'), ('a5');
SET SESSION auto_increment_offset = 2;
-- ids 2, 4
-- @ shop_2.orders insert migrated rows=2 rule=orders target=shop.orders
INSERT INTO shop_2.orders (item) VALUES ('b2'), ('b4');
-- id 6
-- @ shop_2.orders insert migrated rows=1 rule=orders target=shop.orders
INSERT INTO shop_2.orders (item) VALUES ('b6');
SET SESSION auto_increment_offset = 1;
-- id 7
-- @ shop_1.orders insert migrated rows=1 rule=orders target=shop.orders
INSERT INTO shop_1.orders (item) VALUES ('a7');
-- @ shop_1.orders update migrated rows=2 rule=orders target=shop.orders
UPDATE shop_1.orders SET qty = 2 WHERE id IN (3, 5);
-- @ shop_1.orders delete migrated rows=1 rule=orders target=shop.orders
DELETE FROM shop_1.orders WHERE id = 1;
-- @ shop_2.orders update migrated rows=1 rule=orders target=shop.orders
UPDATE shop_2.orders SET qty = 3 WHERE id = 4;
-- @ shop_2.orders delete migrated rows=1 rule=orders target=shop.orders
DELETE FROM shop_2.orders WHERE id = 2;
-- a deleted key written again by its own table
-- @ shop_2.orders insert migrated rows=1 rule=orders target=shop.orders
INSERT INTO shop_2.orders (id, item) VALUES (2, 'b2again');
-- a key moved within its own table's class
-- @ shop_1.orders update migrated rows=1 rule=orders target=shop.orders
UPDATE shop_1.orders SET id = 9 WHERE id = 7;
