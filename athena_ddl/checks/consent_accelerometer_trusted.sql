-- Privacy: every reading in accelerometer_trusted belongs to a customer who consented to research.
-- Counts readings whose user is not a customer with a consent date in customer_landing.
SELECT
  'consent_accelerometer_trusted' AS check_name,
  observed,
  expected,
  (observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    0 AS expected
  FROM accelerometer_trusted a
  WHERE NOT EXISTS (
    SELECT 1
    FROM customer_landing l
    WHERE l.email = a.user
      AND l.shareWithResearchAsOfDate IS NOT NULL
  )
) AS t
