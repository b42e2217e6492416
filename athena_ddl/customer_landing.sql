-- Customer records from the STEDI website, as they land (JSON lines).
-- The share*AsOfDate keys are absent, not null, for customers who did not consent: they read as NULL here.
-- ${DATABASE} and ${LAKE_BUCKET} are filled in by the tooling (stedi, Terraform reads the same columns).
CREATE EXTERNAL TABLE IF NOT EXISTS `${DATABASE}`.`customer_landing` (
  `customerName` string,
  `email` string,
  `phone` string,
  `birthDay` string,
  `serialNumber` string,
  `registrationDate` bigint,
  `lastUpdateDate` bigint,
  `shareWithResearchAsOfDate` bigint,
  `shareWithPublicAsOfDate` bigint,
  `shareWithFriendsAsOfDate` bigint
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
LOCATION 's3://${LAKE_BUCKET}/customer/landing/'
TBLPROPERTIES ('classification' = 'json');
