-- accelerometer_trusted holds the expected number of rows for the profile: the course's counts on its starter data.
-- ${PROFILE} (strict, standout or rubric) is filled in by the tooling (stedi check, Terraform).
SELECT
  'rows_accelerometer_trusted' AS check_name,
  observed,
  expected,
  COALESCE(observed = expected, FALSE) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE '${PROFILE}'
      WHEN 'rubric' THEN 40981
      WHEN 'standout' THEN 32025
      WHEN 'strict' THEN 32025
    END AS expected
  FROM accelerometer_trusted
) AS t
