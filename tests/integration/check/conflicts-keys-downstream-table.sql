-- The merged table with the upstream table name (extract-table, c_table) in
-- its primary key: both shards' tables are named orders, so it keeps nothing
-- apart: shop_1's id 1 is (1, 'orders'), and so is shop_2's.
CREATE TABLE shop.orders (
  id int NOT NULL,
  item varchar(16) NOT NULL,
  qty int NOT NULL DEFAULT 1,
  c_table varchar(64) NOT NULL,
  c_schema varchar(64) NOT NULL,
  PRIMARY KEY (id, c_table)
);
