-- customer_landing holds the expected number of rows for the profile: the course's counts on its starter data.
-- ${PROFILE} (strict, standout or rubric) is filled in by the tooling (stedi check, Terraform).
SELECT
  'rows_customer_landing' AS check_name,
  observed,
  expected,
  COALESCE(observed = expected, FALSE) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE '${PROFILE}'
      WHEN 'rubric' THEN 956
      WHEN 'standout' THEN 956
      WHEN 'strict' THEN 956
    END AS expected
  FROM customer_landing
) AS t
