-- Traffic of scenario 4 (syntax: see multi-source.sql and incremental.sql).
-- The task starts at mark "start", after the CREATE TABLE: DM's schema
-- tracker then takes log.messages from the downstream (one column more), so
-- every row fails with 36027 until the upstream structure is given.

-- @ log "create database" migrated
CREATE DATABASE log;
-- @ log.messages "create table" migrated
CREATE TABLE log.messages (id INT PRIMARY KEY);
-- @mark start
-- @ log.messages insert conflict rows=2 step="schema tracker" code=36027
INSERT INTO log.messages VALUES (1), (2);
-- @ log.messages insert conflict rows=1 step="schema tracker" code=36027
INSERT INTO log.messages VALUES (3);
-- @ log.messages update conflict rows=1 step="schema tracker" code=36027
UPDATE log.messages SET id = 13 WHERE id = 3;
-- @ log.messages delete conflict rows=1 step="schema tracker" code=36027
DELETE FROM log.messages WHERE id = 1;
