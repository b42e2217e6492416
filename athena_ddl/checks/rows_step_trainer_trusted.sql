-- step_trainer_trusted holds the expected number of rows for the profile: the course's counts on its starter data.
-- ${PROFILE} (strict, standout or rubric) is filled in by the tooling (stedi check, Terraform).
SELECT
  'rows_step_trainer_trusted' AS check_name,
  observed,
  expected,
  COALESCE(observed = expected, FALSE) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE '${PROFILE}'
      WHEN 'rubric' THEN 14460
      WHEN 'standout' THEN 13920
      WHEN 'strict' THEN 11297
    END AS expected
  FROM step_trainer_trusted
) AS t
