-- Privacy (standout, strict): no reading in accelerometer_trusted was taken before its customer consented to
-- research. Counts readings with no consent date at or before their timestamp; not enforced in rubric.
SELECT
  'consent_date_accelerometer_trusted' AS check_name,
  observed,
  expected,
  (expected IS NULL OR observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE WHEN '${PROFILE}' = 'rubric' THEN NULL ELSE 0 END AS expected
  FROM accelerometer_trusted a
  WHERE NOT EXISTS (
    SELECT 1
    FROM customer_landing l
    WHERE l.email = a.user
      AND l.shareWithResearchAsOfDate <= a.timestamp
  )
) AS t
