-- Privacy (strict): no row of machine_learning_curated was measured before its device owner consented to research.
-- Counts rows with no device owner who consented at or before the reading; not enforced in standout or rubric.
SELECT
  'consent_date_machine_learning_curated' AS check_name,
  observed,
  expected,
  (expected IS NULL OR observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE WHEN '${PROFILE}' IN ('rubric', 'standout') THEN NULL ELSE 0 END AS expected
  FROM machine_learning_curated m
  WHERE NOT EXISTS (
    SELECT 1
    FROM customer_landing l
    WHERE l.serialNumber = m.serialNumber
      AND l.shareWithResearchAsOfDate <= m.sensorReadingTime
  )
) AS t
