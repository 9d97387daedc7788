-- The merged table with the shard's schema suffix (extract-schema, c_schema)
-- in its primary key: shop_1's id 1 is (1, '1'), shop_2's (1, '2').
CREATE TABLE shop.orders (
  id int NOT NULL,
  item varchar(16) NOT NULL,
  qty int NOT NULL DEFAULT 1,
  c_table varchar(64) NOT NULL,
  c_schema varchar(64) NOT NULL,
  PRIMARY KEY (id, c_schema)
);
