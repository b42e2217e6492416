-- Accelerometer readings from the STEDI mobile app (JSON lines): user is the customer's email.
-- ${DATABASE} and ${LAKE_BUCKET} are filled in by the tooling.
CREATE EXTERNAL TABLE IF NOT EXISTS `${DATABASE}`.`accelerometer_landing` (
  `user` string,
  `timestamp` bigint,
  `x` double,
  `y` double,
  `z` double
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'ignore.malformed.json' = 'TRUE',
  'dots.in.keys' = 'FALSE',
  'case.insensitive' = 'TRUE',
  'mapping' = 'TRUE'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${LAKE_BUCKET}/accelerometer/landing/'
TBLPROPERTIES ('classification' = 'json');
