-- Traffic of scenario filtered_delete of test_check_conflicts.py (syntax:
-- see multi-source.sql): one table, app.sessions, whose DELETEs a binlog
-- filter drops (annotations for that task). The deleted rows stay
-- downstream, so inserting one of their keys again fails with Error 1062 in
-- normal mode. Under safe mode the REPLACE puts the upstream row back in
-- place (no harm), and with a filter that never fires nothing is left behind.

-- @ app "create database" migrated
CREATE DATABASE app;
-- @ app.sessions "create table" migrated
CREATE TABLE app.sessions (id INT PRIMARY KEY, token VARCHAR(16));
-- @ app.sessions insert migrated rows=3
INSERT INTO app.sessions VALUES (1, 'a'), (2, 'b'), (3, 'c');
-- @ app.sessions delete dropped rows=2 step="binlog filter" rule=keep-sessions
DELETE FROM app.sessions WHERE id IN (1, 2);
-- 1 is still downstream
-- @ app.sessions insert conflict rows=1 step="key collision" code=1062
INSERT INTO app.sessions VALUES (1, 'd');
-- @ app.sessions insert migrated rows=1
INSERT INTO app.sessions VALUES (4, 'e');
-- @ app.sessions delete dropped rows=1 step="binlog filter" rule=keep-sessions
DELETE FROM app.sessions WHERE id = 4;
-- 2 and 4 are still downstream
-- @ app.sessions insert conflict rows=2 step="key collision" code=1062
INSERT INTO app.sessions VALUES (2, 'f'), (4, 'g');
-- 3 moves to the free key 5; then 3 is free
-- @ app.sessions update migrated rows=1
UPDATE app.sessions SET id = 5 WHERE id = 3;
-- @ app.sessions insert migrated rows=1
INSERT INTO app.sessions VALUES (3, 'h');
