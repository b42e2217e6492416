-- machine_learning_curated holds the expected number of rows for the profile: the course's counts on its starter data.
-- ${PROFILE} (strict, standout or rubric) is filled in by the tooling (stedi check, Terraform).
SELECT
  'rows_machine_learning_curated' AS check_name,
  observed,
  expected,
  COALESCE(observed = expected, FALSE) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE '${PROFILE}'
      WHEN 'rubric' THEN 43681
      WHEN 'standout' THEN 34437
      WHEN 'strict' THEN 32025
    END AS expected
  FROM machine_learning_curated
) AS t
