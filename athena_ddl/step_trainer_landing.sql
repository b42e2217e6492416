-- Step Trainer distance readings (JSON lines): serialNumber identifies the device, and through it the customer.
-- ${DATABASE} and ${LAKE_BUCKET} are filled in by the tooling.
CREATE EXTERNAL TABLE IF NOT EXISTS `${DATABASE}`.`step_trainer_landing` (
  `sensorReadingTime` bigint,
  `serialNumber` string,
  `distanceFromObject` bigint
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
LOCATION 's3://${LAKE_BUCKET}/step_trainer/landing/'
TBLPROPERTIES ('classification' = 'json');
