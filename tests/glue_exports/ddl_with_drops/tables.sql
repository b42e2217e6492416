-- Saved from the Athena query editor: recreate the table; repair; look at it.
DROP TABLE IF EXISTS games.scores;

CREATE EXTERNAL TABLE games.scores (
  player string,
  points int
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://landing-bucket/scores/';

MSCK REPAIR TABLE games.scores;

SELECT * FROM games.scores LIMIT 10;
