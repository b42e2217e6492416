-- As Athena's SHOW CREATE TABLE prints it (no database: --database applies).
CREATE EXTERNAL TABLE `orders`(
  `order_id` bigint COMMENT 'from deserializer',
  `customer` string COMMENT 'from deserializer',
  `amount` double COMMENT 'from deserializer')
ROW FORMAT SERDE
  'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'case.insensitive'='TRUE')
STORED AS INPUTFORMAT
  'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://landing-bucket/orders/'
TBLPROPERTIES (
  'classification'='json',
  'transient_lastDdlTime'='1700000000')
