#!/usr/bin/env bash
# make-nocrc-binlog.sh - regenerate tests/data/mariadb-nocrc.000001, a small
# binlog written by a real MariaDB server with binlog_checksum=NONE. The
# broken-input corpus (tools/make-broken-inputs.py) mutates it: without a
# CRC32 trailer a flipped byte reaches the event decoders instead of failing
# the checksum. The workload touches many event types: row events with full
# metadata, statement-logged INTVAR/RAND/USER_VAR, and compressed QUERY and
# rows events (log_bin_compress).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/binsift-nocrc.XXXXXX)
trap 'tools/mariadb-sandbox.sh stop "$dir"; rm -rf "$dir"' EXIT
tools/mariadb-sandbox.sh start "$dir" --binlog-checksum=NONE --binlog-row-metadata=FULL \
    --log-bin-compress-min-len=10 >/dev/null
tools/mariadb-sandbox.sh sql "$dir" <<'SQL'
SET time_zone = '+00:00', TIMESTAMP = 1767225600;
CREATE DATABASE inv;
USE inv;
CREATE TABLE items (
  id INT PRIMARY KEY AUTO_INCREMENT,
  sku CHAR(8) NOT NULL,
  qty SMALLINT UNSIGNED NOT NULL,
  price DECIMAL(8, 2),
  flags SET('new', 'sale', 'hidden'),
  seen DATETIME(6),
  bits BIT(10),
  blobby BLOB
);
INSERT INTO items (sku, qty, price, flags, seen, bits, blobby) VALUES
  ('A-1', 3, 9.50, 'new,sale', '2026-01-01 10:00:00.000001', b'1010101010', x'00ff10'),
  ('B-2', 0, NULL, '', NULL, NULL, NULL);
UPDATE items SET qty = qty + 1 WHERE sku = 'A-1';
DELETE FROM items WHERE qty = 0;
SET SESSION binlog_format = 'STATEMENT';
SET @who = 'ops';
INSERT INTO items (sku, qty, price) VALUES (@who, 1, 1.00);
INSERT INTO items (sku, qty, price) VALUES ('R', FLOOR(RAND(7) * 100), 2.00);
SET SESSION binlog_format = 'ROW';
SET GLOBAL log_bin_compress = ON;
INSERT INTO items (sku, qty, price, blobby) VALUES ('C-3', 5, 3.25, REPEAT('compress me ', 20));
UPDATE items SET price = price * 2 WHERE id > 0;
DELETE FROM items WHERE sku = 'C-3';
CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(200)) COMMENT 'compressed query event';
SET GLOBAL log_bin_compress = OFF;
FLUSH BINARY LOGS;
SQL
cp "$dir/binlog/mysql-bin.000001" tests/data/mariadb-nocrc.000001
echo "wrote tests/data/mariadb-nocrc.000001 ($(stat -c %s tests/data/mariadb-nocrc.000001) bytes)"
