-- step_reading_owners_trusted holds the expected number of rows for the profile: one per reading step_trainer_trusted
-- keeps in strict (the starter data has no two readings with the same time and serial); none in rubric and standout,
-- which do not attribute readings. ${PROFILE} (strict, standout or rubric) is filled in by the tooling.
SELECT
  'rows_step_reading_owners_trusted' AS check_name,
  observed,
  expected,
  COALESCE(observed = expected, FALSE) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE '${PROFILE}'
      WHEN 'rubric' THEN 0
      WHEN 'standout' THEN 0
      WHEN 'strict' THEN 11297
    END AS expected
  FROM step_reading_owners_trusted
) AS t
