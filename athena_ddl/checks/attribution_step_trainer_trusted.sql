-- Privacy (strict): every reading in step_trainer_trusted belongs, under the attribution rule, to a curated customer
-- who consented at or before it. The rule: a reading (serial S, time t) is customer C's when exactly one customer's
-- current record carries S and it is C; otherwise when exactly one customer (any consent) has a valid phone reading
-- at t and it is C; otherwise nobody's. Counts readings without such an owner; not enforced in standout or rubric
-- (they keep the course's serial join).
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
owners AS (
  -- The rule: the one customer carrying the serial, else the one customer whose phone read at that millisecond.
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
)
SELECT
  'attribution_step_trainer_trusted' AS check_name,
  observed,
  expected,
  (expected IS NULL OR observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE WHEN '${PROFILE}' IN ('rubric', 'standout') THEN NULL ELSE 0 END AS expected
  FROM step_trainer_trusted s
  JOIN owners o
    ON o.serialNumber = s.serialNumber
    AND o.sensorReadingTime = s.sensorReadingTime
  WHERE NOT EXISTS (
    SELECT 1
    FROM customer_curated c
    WHERE c.email = o.owner
      AND c.shareWithResearchAsOfDate <= s.sensorReadingTime
  )
) AS t
