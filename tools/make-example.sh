#!/usr/bin/env bash
# make-example.sh - regenerate examples/mariadb-bin.000001, the small binlog the
# README's first command decodes. It is written by a real MariaDB server: a
# shop schema with a few inserts, updates and deletes, and a DDL change.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/binsift-example.XXXXXX)
trap 'tools/mariadb-sandbox.sh stop "$dir"; rm -rf "$dir"' EXIT
tools/mariadb-sandbox.sh start "$dir" --binlog-row-metadata=FULL >/dev/null
tools/mariadb-sandbox.sh sql "$dir" <<'SQL'
SET time_zone = '+00:00', TIMESTAMP = 1767225600;
CREATE DATABASE shop;
USE shop;
CREATE TABLE customers (
  id INT UNSIGNED PRIMARY KEY AUTO_INCREMENT,
  name VARCHAR(64) NOT NULL,
  email VARCHAR(128) UNIQUE,
  tier ENUM('basic', 'gold') NOT NULL DEFAULT 'basic',
  created_at DATETIME(3) NOT NULL
);
CREATE TABLE orders (
  id BIGINT PRIMARY KEY AUTO_INCREMENT,
  customer_id INT UNSIGNED NOT NULL,
  amount DECIMAL(10, 2) NOT NULL,
  note TEXT,
  placed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
);
INSERT INTO customers (name, email, tier, created_at) VALUES
  ('Ada', 'ada@example.com', 'gold', '2026-01-01 09:00:00.125'),
  ('Grace', 'grace@example.com', 'basic', '2026-01-01 09:05:00.500'),
  ('Linus', NULL, 'basic', '2026-01-01 09:10:00.000');
INSERT INTO orders (customer_id, amount, note) VALUES
  (1, 19.99, 'first order'), (1, -5.00, 'refund'), (2, 1234.50, 'größere Bestellung');
UPDATE customers SET tier = 'gold' WHERE name = 'Grace';
DELETE FROM orders WHERE amount < 0;
ALTER TABLE orders ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'new';
INSERT INTO orders (customer_id, amount, note, status) VALUES (3, 7.25, NULL, 'paid');
FLUSH BINARY LOGS;
SQL
mkdir -p examples
cp "$dir/binlog/mysql-bin.000001" examples/mariadb-bin.000001
echo "wrote examples/mariadb-bin.000001 ($(stat -c %s examples/mariadb-bin.000001) bytes)"
