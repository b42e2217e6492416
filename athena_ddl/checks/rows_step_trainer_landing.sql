-- step_trainer_landing holds the expected number of rows for the profile: the course's counts on its starter data.
-- ${PROFILE} (strict, standout or rubric) is filled in by the tooling (stedi check, Terraform).
SELECT
  'rows_step_trainer_landing' AS check_name,
  observed,
  expected,
  COALESCE(observed = expected, FALSE) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE '${PROFILE}'
      WHEN 'rubric' THEN 28680
      WHEN 'standout' THEN 28680
      WHEN 'strict' THEN 28680
    END AS expected
  FROM step_trainer_landing
) AS t
