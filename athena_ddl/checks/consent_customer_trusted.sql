-- Privacy: every customer in customer_trusted consented to research. Counts rows without a consent date
-- or whose customer has no consent date in customer_landing (the website's own record).
SELECT
  'consent_customer_trusted' AS check_name,
  observed,
  expected,
  (observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    0 AS expected
  FROM customer_trusted c
  WHERE c.shareWithResearchAsOfDate IS NULL
     OR NOT EXISTS (
       SELECT 1
       FROM customer_landing l
       WHERE l.email = c.email
         AND l.shareWithResearchAsOfDate IS NOT NULL
     )
) AS t
