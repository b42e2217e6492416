-- Hand-written Athena DDL: a Parquet table the job writes into through the catalog.
CREATE EXTERNAL TABLE IF NOT EXISTS games.scores (
  player string,
  score bigint
)
STORED AS PARQUET
LOCATION 's3://warehouse-bucket/games/scores/'
TBLPROPERTIES ('parquet.compression' = 'SNAPPY');
