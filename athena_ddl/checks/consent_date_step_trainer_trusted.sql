-- Privacy (strict): no reading in step_trainer_trusted was taken before its device owner consented to research.
-- Counts readings with no owner whose consent date is at or before them; not enforced in standout or rubric.
SELECT
  'consent_date_step_trainer_trusted' AS check_name,
  observed,
  expected,
  (expected IS NULL OR observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE WHEN '${PROFILE}' IN ('rubric', 'standout') THEN NULL ELSE 0 END AS expected
  FROM step_trainer_trusted s
  WHERE NOT EXISTS (
    SELECT 1
    FROM customer_landing l
    WHERE l.serialNumber = s.serialNumber
      AND l.shareWithResearchAsOfDate <= s.sensorReadingTime
  )
) AS t
