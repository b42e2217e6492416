-- As Athena's SHOW CREATE TABLE prints them (lower-case names, as the Data Catalog stores them), each after the
-- DROP TABLE IF EXISTS its author ran first.
DROP TABLE IF EXISTS `stedi`.`step_trainer_landing`;
CREATE EXTERNAL TABLE `stedi`.`step_trainer_landing`(
  `sensorreadingtime` bigint COMMENT 'from deserializer',
  `serialnumber` string COMMENT 'from deserializer',
  `distancefromobject` int COMMENT 'from deserializer')
ROW FORMAT SERDE
  'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT
  'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://landing-bucket/step_trainer/'
TBLPROPERTIES (
  'classification'='json');

DROP TABLE IF EXISTS `stedi`.`customer_landing`;
CREATE EXTERNAL TABLE `stedi`.`customer_landing`(
  `email` string COMMENT 'from deserializer',
  `serialnumber` string COMMENT 'from deserializer')
ROW FORMAT SERDE
  'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT
  'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://landing-bucket/customer/'
TBLPROPERTIES (
  'classification'='json');
