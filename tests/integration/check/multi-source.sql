-- Traffic of scenario 1, run on each source; {S} is the source's number
-- (1, 2). Every statement that writes a data event (a rows event or a QUERY
-- event other than BEGIN/COMMIT) is preceded by one "-- @" line per event:
--   -- @ SCHEMA[.TABLE] EVENT VERDICT [rows=N] [step=S] [rule=R] [target=S[.T]]
-- (shlex syntax; rows = rows in the event; target defaults to the upstream
-- name for migrated events; "-- @source ID" limits the next statement to one
-- source). See check_harness.py.

-- @ app "create database" migrated
CREATE DATABASE app;
-- @ app.users "create table" migrated rule=users-s{S} target=app.users_s{S}
CREATE TABLE app.users (id INT PRIMARY KEY, name VARCHAR(32));
-- @ app.orders "create table" migrated
CREATE TABLE app.orders (id INT PRIMARY KEY, user_id INT, amount INT);
-- @ app.logs "create table" dropped step="binlog filter" rule=no-logs-ddl
CREATE TABLE app.logs (id INT PRIMARY KEY, msg VARCHAR(64));
-- @ app.audit "create table" dropped step="block-allow list" rule=app-only
CREATE TABLE app.audit (id INT PRIMARY KEY, what VARCHAR(32));
-- @ app.stmt_dml "create table" migrated
CREATE TABLE app.stmt_dml (id INT PRIMARY KEY);
-- @ other "create database" dropped step="block-allow list" rule=app-only
CREATE DATABASE other;
-- @ other.t "create table" dropped step="block-allow list" rule=app-only
CREATE TABLE other.t (id INT PRIMARY KEY);

-- users: renamed per source.
-- @ app.users insert migrated rows=3 rule=users-s{S} target=app.users_s{S}
INSERT INTO app.users VALUES ({S}01, 'a'), ({S}02, 'b'), ({S}03, 'c');
-- @source s1
-- @ app.users insert migrated rows=1 rule=users-s{S} target=app.users_s{S}
INSERT INTO app.users VALUES ({S}04, 'd');
-- @source s2
-- @ app.users insert migrated rows=2 rule=users-s{S} target=app.users_s{S}
INSERT INTO app.users VALUES ({S}04, 'd'), ({S}05, 'e');
-- @ app.users update migrated rows=2 rule=users-s{S} target=app.users_s{S}
UPDATE app.users SET name = CONCAT(name, '!') WHERE id IN ({S}01, {S}02);
-- @ app.users delete migrated rows=1 rule=users-s{S} target=app.users_s{S}
DELETE FROM app.users WHERE id = {S}03;

-- orders: merged from both sources (ids do not overlap); deletes filtered.
-- @ app.orders insert migrated rows=4
INSERT INTO app.orders VALUES ({S}01, {S}01, 10), ({S}02, {S}01, 20), ({S}03, {S}02, 30), ({S}04, {S}04, 40);
-- @ app.orders update migrated rows=2
UPDATE app.orders SET amount = amount + 1 WHERE user_id = {S}01;
-- @ app.orders delete dropped rows=2 step="binlog filter" rule=keep-orders
DELETE FROM app.orders WHERE id IN ({S}03, {S}04);
-- @ app.orders "alter table" migrated
ALTER TABLE app.orders ADD COLUMN note VARCHAR(16) NULL;
-- @ app.orders insert migrated rows=1
INSERT INTO app.orders VALUES ({S}05, {S}02, 50, 'n');

-- One transaction over two tables.
BEGIN;
-- @ app.users insert migrated rows=1 rule=users-s{S} target=app.users_s{S}
INSERT INTO app.users VALUES ({S}06, 'f');
-- @ app.orders insert migrated rows=1
INSERT INTO app.orders VALUES ({S}06, {S}06, 60, NULL);
-- @ app.orders delete dropped rows=1 step="binlog filter" rule=keep-orders
DELETE FROM app.orders WHERE id = {S}01;
COMMIT;

-- logs: rows migrated, every DDL filtered (DM still tracks the CREATE TABLE).
-- @ app.logs insert migrated rows=2
INSERT INTO app.logs VALUES ({S}01, 'l1'), ({S}02, 'l2');
-- @ app.logs "modify constraint" dropped step="binlog filter" rule=no-logs-ddl
ALTER TABLE app.logs ADD INDEX i_msg (msg);
-- @ app.logs "truncate table" dropped step="binlog filter" rule=no-logs-ddl
TRUNCATE TABLE app.logs;
-- @ app.logs insert migrated rows=1
INSERT INTO app.logs VALUES ({S}03, 'l3');
-- @ app.logs delete migrated rows=1
DELETE FROM app.logs WHERE id = {S}03;

-- Kept out by the block-allow list: never decoded (rows are not counted).
-- @ app.audit insert dropped rows=2 step="block-allow list" rule=app-only
INSERT INTO app.audit VALUES (1, 'x'), (2, 'y');
-- @ app.audit update dropped rows=2 step="block-allow list" rule=app-only
UPDATE app.audit SET what = 'z';
-- @ other.t insert dropped rows=2 step="block-allow list" rule=app-only
INSERT INTO other.t VALUES (1), (2);

-- Statement-format DML: DM skips it (its rows are lost). Which table the
-- report files it under is left open ("?"): DM gives it no table.
USE app;
SET SESSION binlog_format = STATEMENT;
-- @ app.? other dropped step="statement-format DML"
INSERT INTO stmt_dml VALUES ({S}01);
SET SESSION binlog_format = ROW;
