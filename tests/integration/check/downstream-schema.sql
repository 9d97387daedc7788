-- The downstream table of scenario 4: one column more than upstream.
CREATE TABLE log.messages (id int primary key, message varchar(255) default null);
