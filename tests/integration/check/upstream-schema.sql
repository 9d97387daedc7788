-- The upstream structure of log.messages (what `binlog-schema update` would set).
CREATE TABLE log.messages (id int primary key);
