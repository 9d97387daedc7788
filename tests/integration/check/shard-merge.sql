-- Traffic of scenario 2 (syntax: see multi-source.sql). Shards shard_1 and
-- shard_2, tables t_1 and t_2 in each, merged into merged.t; shard_1.meta
-- only matches the schema route (merged.meta). Ids never overlap across
-- shards, so no key collides in merged.t.

-- @ shard_1 "create database" migrated rule=shard-schemas target=merged
CREATE DATABASE shard_1;
-- @ shard_2 "create database" migrated rule=shard-schemas target=merged
CREATE DATABASE shard_2;
-- @ shard_1.t_1 "create table" migrated rule=shard-tables target=merged.t
CREATE TABLE shard_1.t_1 (id INT PRIMARY KEY, v VARCHAR(16));
-- @ shard_1.t_2 "create table" migrated rule=shard-tables target=merged.t
CREATE TABLE shard_1.t_2 (id INT PRIMARY KEY, v VARCHAR(16));
-- @ shard_2.t_1 "create table" migrated rule=shard-tables target=merged.t
CREATE TABLE shard_2.t_1 (id INT PRIMARY KEY, v VARCHAR(16));
-- @ shard_2.t_2 "create table" migrated rule=shard-tables target=merged.t
CREATE TABLE shard_2.t_2 (id INT PRIMARY KEY, v VARCHAR(16));
-- @ shard_1.meta "create table" migrated rule=shard-schemas target=merged.meta
CREATE TABLE shard_1.meta (k VARCHAR(16) PRIMARY KEY, v INT);

-- @ shard_1.t_1 insert migrated rows=2 rule=shard-tables target=merged.t
INSERT INTO shard_1.t_1 VALUES (1, 'a'), (2, 'b');
-- @ shard_1.t_2 insert migrated rows=1 rule=shard-tables target=merged.t
INSERT INTO shard_1.t_2 VALUES (11, 'c');
-- @ shard_2.t_1 insert migrated rows=3 rule=shard-tables target=merged.t
INSERT INTO shard_2.t_1 VALUES (21, 'd'), (22, 'e'), (23, 'f');
-- @ shard_2.t_2 insert migrated rows=4 rule=shard-tables target=merged.t
INSERT INTO shard_2.t_2 VALUES (31, 'g'), (32, 'h'), (33, 'i'), (34, 'j');
BEGIN;
-- @ shard_1.t_1 insert migrated rows=1 rule=shard-tables target=merged.t
INSERT INTO shard_1.t_1 VALUES (3, 'k');
-- @ shard_2.t_2 insert migrated rows=1 rule=shard-tables target=merged.t
INSERT INTO shard_2.t_2 VALUES (35, 'l');
-- @ shard_1.meta insert migrated rows=1 rule=shard-schemas target=merged.meta
INSERT INTO shard_1.meta VALUES ('version', 1);
COMMIT;
-- @ shard_2.t_1 update migrated rows=2 rule=shard-tables target=merged.t
UPDATE shard_2.t_1 SET v = 'x' WHERE id IN (21, 22);
-- @ shard_1.t_2 delete migrated rows=1 rule=shard-tables target=merged.t
DELETE FROM shard_1.t_2 WHERE id = 11;
