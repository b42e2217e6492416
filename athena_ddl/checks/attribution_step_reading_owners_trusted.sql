-- step_reading_owners_trusted names, for each reading step_trainer_trusted keeps, its owner under the attribution
-- rule (a reading (serial S, time t) is customer C's when exactly one customer's current record carries S and it is
-- C; otherwise when exactly one customer has a valid phone reading at t and it is C), once. Counts the keys held
-- twice, the rows whose key is not a reading of step_trainer_trusted or whose owner is not the rule's, and in strict
-- the readings of step_trainer_trusted without a row.
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
serial_carriers AS (
  SELECT
    serialNumber,
    COUNT(*) AS customers,
    MIN(email) AS email
  FROM current_customer
  WHERE serialNumber IS NOT NULL
  GROUP BY serialNumber
),
rule_owner AS (
  -- The rule's owner of each reading of step_trainer_trusted.
  SELECT
    k.serialNumber,
    k.sensorReadingTime,
    CASE
      WHEN sc.customers = 1 THEN sc.email
      WHEN p.customers = 1 THEN p.email
    END AS owner
  FROM (
    SELECT DISTINCT
      serialNumber,
      sensorReadingTime
    FROM step_trainer_trusted
  ) AS k
  LEFT JOIN serial_carriers sc
    ON sc.serialNumber = k.serialNumber
  LEFT JOIN phones_at p
    ON p.timestamp = k.sensorReadingTime
),
published AS (
  SELECT
    serialNumber,
    sensorReadingTime,
    COUNT(*) AS owner_rows,
    MIN(owner) AS owner
  FROM step_reading_owners_trusted
  GROUP BY
    serialNumber,
    sensorReadingTime
),
wrong AS (
  SELECT
    o.serialNumber
  FROM published o
  WHERE o.owner_rows > 1
    OR NOT EXISTS (
      SELECT 1
      FROM rule_owner r
      WHERE r.serialNumber = o.serialNumber
        AND r.sensorReadingTime = o.sensorReadingTime
        AND r.owner = o.owner
    )
  UNION ALL
  SELECT
    r.serialNumber
  FROM rule_owner r
  WHERE '${PROFILE}' = 'strict'
    AND NOT EXISTS (
      SELECT 1
      FROM published o
      WHERE o.serialNumber = r.serialNumber
        AND o.sensorReadingTime = r.sensorReadingTime
    )
)
SELECT
  'attribution_step_reading_owners_trusted' AS check_name,
  observed,
  expected,
  (observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    0 AS expected
  FROM wrong
) AS t
