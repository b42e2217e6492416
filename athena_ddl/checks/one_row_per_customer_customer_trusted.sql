-- customer_trusted holds one row per customer, and it is the customer's current record: the latest lastUpdateDate
-- of its email in customer_landing (a tie goes to a record without research consent, so a withdrawal counts).
-- Counts rows beyond the first of each email, plus rows whose serial or consent date is not the current record's.
WITH ranked AS (
  -- One customer per email: its current record (the latest lastUpdateDate; on a tie the record without research
  -- consent, then the latest consent, then the greatest serialNumber, then the other columns), as the jobs rank it.
  SELECT
    email,
    serialNumber,
    shareWithResearchAsOfDate,
    ROW_NUMBER() OVER (
      PARTITION BY email
      ORDER BY
        lastUpdateDate DESC NULLS LAST,
        CASE WHEN shareWithResearchAsOfDate IS NULL THEN 0 ELSE 1 END NULLS LAST,
        shareWithResearchAsOfDate DESC NULLS LAST,
        serialNumber DESC NULLS LAST,
        registrationDate DESC NULLS LAST,
        customerName DESC NULLS LAST,
        phone DESC NULLS LAST,
        birthDay DESC NULLS LAST,
        shareWithPublicAsOfDate DESC NULLS LAST,
        shareWithFriendsAsOfDate DESC NULLS LAST
    ) AS record_rank
  FROM customer_landing
  WHERE email IS NOT NULL
),
current_customer AS (
  SELECT
    email,
    serialNumber,
    shareWithResearchAsOfDate
  FROM ranked
  WHERE record_rank = 1
)
SELECT
  'one_row_per_customer_customer_trusted' AS check_name,
  observed,
  expected,
  (observed = expected) AS passed
FROM (
  SELECT
    (COUNT(*) - COUNT(DISTINCT t.email)) + COALESCE(SUM(CASE WHEN c.email IS NULL THEN 1 ELSE 0 END), 0) AS observed,
    0 AS expected
  FROM customer_trusted t
  LEFT JOIN current_customer c
    ON c.email = t.email
    AND c.serialNumber = t.serialNumber
    AND c.shareWithResearchAsOfDate = t.shareWithResearchAsOfDate
) AS r
