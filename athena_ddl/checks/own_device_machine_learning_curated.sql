-- Privacy (strict): every row of machine_learning_curated pairs a step reading with a trusted reading, taken at the
-- same millisecond, from the phone of the customer the step reading belongs to under the attribution rule (the one
-- customer carrying its serial, else the one customer whose phone read at that millisecond), never another
-- customer's phone. Counts rows without such a reading; not enforced in standout or rubric (they pair on the
-- timestamp alone).
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
    FROM machine_learning_curated
  ) AS k
  LEFT JOIN serial_carriers sc
    ON sc.serialNumber = k.serialNumber
  LEFT JOIN phones_at p
    ON p.timestamp = k.sensorReadingTime
)
SELECT
  'own_device_machine_learning_curated' AS check_name,
  observed,
  expected,
  (expected IS NULL OR observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS observed,
    CASE WHEN '${PROFILE}' IN ('rubric', 'standout') THEN NULL ELSE 0 END AS expected
  FROM machine_learning_curated m
  JOIN owners o
    ON o.serialNumber = m.serialNumber
    AND o.sensorReadingTime = m.sensorReadingTime
  WHERE NOT EXISTS (
    SELECT 1
    FROM accelerometer_trusted a
    WHERE a.user = o.owner
      AND a.timestamp = m.sensorReadingTime
      AND a.timestamp = m.timestamp
      AND a.x = m.x
      AND a.y = m.y
      AND a.z = m.z
  )
) AS t
