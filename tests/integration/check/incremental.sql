-- Traffic of scenario 3 (syntax: see multi-source.sql). "-- @mark NAME"
-- records the server's position (SHOW MASTER STATUS) and @@gtid_binlog_pos
-- at that point: the task starts at mark "pos" (by file and position) or at
-- mark "gtid" (by GTID set); every data event before the mark is "before
-- start" in that run. FLUSH BINARY LOGS puts the marks in the second file.

-- @ inc "create database" migrated
CREATE DATABASE inc;
-- @ inc.a "create table" migrated
CREATE TABLE inc.a (id INT PRIMARY KEY, v INT);
-- @ inc.b "create table" migrated
CREATE TABLE inc.b (id INT PRIMARY KEY, v INT);
-- @ inc.a insert migrated rows=2
INSERT INTO inc.a VALUES (1, 1), (2, 2);
-- @ inc.b insert migrated rows=1
INSERT INTO inc.b VALUES (1, 1);
FLUSH BINARY LOGS;
-- @ inc.a insert migrated rows=1
INSERT INTO inc.a VALUES (3, 3);
-- @ inc.a update migrated rows=1
UPDATE inc.a SET v = v + 1 WHERE id = 1;
-- @mark pos
-- @ inc.a insert migrated rows=2
INSERT INTO inc.a VALUES (4, 4), (5, 5);
-- @ inc.b delete migrated rows=1
DELETE FROM inc.b WHERE id = 1;
-- @mark gtid
-- @ inc.b insert migrated rows=2
INSERT INTO inc.b VALUES (2, 2), (3, 3);
-- @ inc.a update migrated rows=5
UPDATE inc.a SET v = 0;
-- @ inc.b "alter table" migrated
ALTER TABLE inc.b ADD COLUMN w INT NULL;
-- @ inc.b insert migrated rows=1
INSERT INTO inc.b VALUES (4, 4, 4);
