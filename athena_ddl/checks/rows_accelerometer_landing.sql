-- accelerometer_landing holds the expected number of rows for the profile: the course's counts on its starter data.
-- ${PROFILE} (strict, standout or rubric) is filled in by the tooling (stedi check, Terraform).
SELECT
  'rows_accelerometer_landing' AS check_name,
  observed,
  expected,
  COALESCE(observed = expected, FALSE) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE '${PROFILE}'
      WHEN 'rubric' THEN 81273
      WHEN 'standout' THEN 81273
      WHEN 'strict' THEN 81273
    END AS expected
  FROM accelerometer_landing
) AS t
