-- Privacy: every reading in step_trainer_trusted comes from the device of a customer who consented to research.
-- Counts readings whose serialNumber is no consenting customer's device in customer_landing.
SELECT
  'consent_step_trainer_trusted' AS check_name,
  observed,
  expected,
  (observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    0 AS expected
  FROM step_trainer_trusted s
  WHERE NOT EXISTS (
    SELECT 1
    FROM customer_landing l
    WHERE l.serialNumber = s.serialNumber
      AND l.shareWithResearchAsOfDate IS NOT NULL
  )
) AS t
