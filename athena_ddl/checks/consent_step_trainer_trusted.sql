-- Privacy: every reading in step_trainer_trusted comes from the device of a customer who consented to research.
-- Counts rows with no possible owner (a customer whose current record carries the serial; in strict also the one
-- customer whose phone read at that millisecond) who consented.
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
),
phones_at AS (
  -- How many customers (any consent) have a valid phone reading at each time, and who when it is one.
  SELECT
    a.timestamp,
    COUNT(DISTINCT a.user) AS customers,
    MIN(a.user) AS email
  FROM accelerometer_landing a
  JOIN current_customer c
    ON c.email = a.user
  WHERE a.timestamp IS NOT NULL
    AND a.x IS NOT NULL
    AND a.y IS NOT NULL
    AND a.z IS NOT NULL
  GROUP BY a.timestamp
),
candidates AS (
  -- Who may own a reading: every customer whose current record carries its serial (the course's join) and, in
  -- strict, the one customer whose phone read at that millisecond (the attribution rule's second branch).
  SELECT
    s.serialNumber,
    s.sensorReadingTime,
    c.shareWithResearchAsOfDate
  FROM step_trainer_trusted s
  JOIN current_customer c
    ON c.serialNumber = s.serialNumber
  UNION ALL
  SELECT
    s.serialNumber,
    s.sensorReadingTime,
    c.shareWithResearchAsOfDate
  FROM step_trainer_trusted s
  JOIN phones_at p
    ON p.timestamp = s.sensorReadingTime
  JOIN current_customer c
    ON c.email = p.email
  WHERE p.customers = 1
    AND '${PROFILE}' = 'strict'
)
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
    FROM candidates k
    WHERE k.serialNumber = s.serialNumber
      AND k.sensorReadingTime = s.sensorReadingTime
      AND k.shareWithResearchAsOfDate IS NOT NULL
  )
) AS t
