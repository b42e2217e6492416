-- Privacy: every row of machine_learning_curated comes from the device of a customer who consented to research.
-- Counts rows whose serialNumber is no consenting customer's device in customer_landing.
SELECT
  'consent_machine_learning_curated' AS check_name,
  observed,
  expected,
  (observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    0 AS expected
  FROM machine_learning_curated m
  WHERE NOT EXISTS (
    SELECT 1
    FROM customer_landing l
    WHERE l.serialNumber = m.serialNumber
      AND l.shareWithResearchAsOfDate IS NOT NULL
  )
) AS t
