-- Privacy: no reading in step_reading_owners_trusted was taken before its owner consented to research. Counts rows
-- whose owner's current record has no consent at or before the reading (every profile: the table is empty in rubric
-- and standout).
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
  'consent_date_step_reading_owners_trusted' AS check_name,
  observed,
  expected,
  (observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    0 AS expected
  FROM step_reading_owners_trusted o
  WHERE NOT EXISTS (
    SELECT 1
    FROM current_customer c
    WHERE c.email = o.owner
      AND c.shareWithResearchAsOfDate <= o.sensorReadingTime
  )
) AS t
