-- Traffic of scenario merged_ddl of test_check_conflicts.py (syntax: see
-- multi-source.sql): shop_1.orders and shop_2.orders merged into shop.orders
-- with shard-mode "" (dm-rules.md §9.1: every shard's DDL runs on the merged
-- table as it arrives), and so are shop_1.orders_log and shop_2.orders_log
-- into shop.orders_log; shop_1.notes goes alone to shop.notes. Ids never
-- overlap. Annotations are for the task whose binlog filters never fire; the
-- test rewrites the DDL conflicts (and the one INSERT the TRUNCATE would have
-- made room for) for the task whose filters drop those DDLs.

-- @ shop_1 "create database" migrated rule=shop-schemas target=shop
CREATE DATABASE shop_1;
-- @ shop_2 "create database" migrated rule=shop-schemas target=shop
CREATE DATABASE shop_2;
-- @ shop_1.orders "create table" migrated rule=orders target=shop.orders
CREATE TABLE shop_1.orders (id INT PRIMARY KEY, item VARCHAR(16), note VARCHAR(16));
-- @ shop_2.orders "create table" migrated rule=orders target=shop.orders
CREATE TABLE shop_2.orders (id INT PRIMARY KEY, item VARCHAR(16), note VARCHAR(16));
-- @ shop_1.notes "create table" migrated rule=shop-schemas target=shop.notes
CREATE TABLE shop_1.notes (id INT PRIMARY KEY);
-- @ shop_1.orders_log "create table" migrated rule=orders-log target=shop.orders_log
CREATE TABLE shop_1.orders_log (id INT PRIMARY KEY);
-- @ shop_2.orders_log "create table" migrated rule=orders-log target=shop.orders_log
CREATE TABLE shop_2.orders_log (id INT PRIMARY KEY);
-- @ shop_1.orders insert migrated rows=2 rule=orders target=shop.orders
INSERT INTO shop_1.orders VALUES (1, 'a', 'x'), (2, 'b', 'y');
-- @ shop_2.orders insert migrated rows=1 rule=orders target=shop.orders
INSERT INTO shop_2.orders VALUES (101, 'c', 'z');
-- @ shop_1.notes insert migrated rows=1 rule=shop-schemas target=shop.notes
INSERT INTO shop_1.notes VALUES (1);
-- @ shop_1.orders_log insert migrated rows=1 rule=orders-log target=shop.orders_log
INSERT INTO shop_1.orders_log VALUES (1);
-- @ shop_2.orders_log insert migrated rows=1 rule=orders-log target=shop.orders_log
INSERT INTO shop_2.orders_log VALUES (101);

-- Run downstream as TRUNCATE TABLE shop.orders: shop_1's rows go too.
-- @ shop_2.orders "truncate table" conflict step="shard mode" rule=orders target=shop.orders
TRUNCATE TABLE shop_2.orders;
-- shop.orders is empty: shop_2's 101 again and shop_1's key 1 are free.
-- @ shop_2.orders insert migrated rows=2 rule=orders target=shop.orders
INSERT INTO shop_2.orders VALUES (101, 'c2', 'z'), (1, 'c3', 'z');
-- shop.notes holds shop_1.notes only: nobody else's rows.
-- @ shop_1.notes "truncate table" migrated rule=shop-schemas target=shop.notes
TRUNCATE TABLE shop_1.notes;
-- @ shop_1.notes insert migrated rows=1 rule=shop-schemas target=shop.notes
INSERT INTO shop_1.notes VALUES (2);
-- shop_2 still sends note.
-- @ shop_1.orders "drop column" conflict step="shard mode" rule=orders target=shop.orders
ALTER TABLE shop_1.orders DROP COLUMN note;
-- Run downstream as DROP TABLE shop.orders_log: shop_2's rows go too.
-- @ shop_1.orders_log "drop table" conflict step="shard mode" rule=orders-log target=shop.orders_log
DROP TABLE shop_1.orders_log;
-- Run downstream as DROP DATABASE shop (the schema route): shop_1's tables
-- shop.orders and shop.notes go too.
-- @ shop_2 "drop database" conflict step="shard mode" rule=shop-schemas target=shop
DROP DATABASE shop_2;
