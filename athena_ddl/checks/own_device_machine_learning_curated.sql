-- Privacy (strict): every row of machine_learning_curated pairs a step reading with a reading, taken at the same
-- millisecond, from the phone of that step trainer's own owner, never from another customer's phone.
-- Counts rows without such a pairing; not enforced in standout or rubric (they pair on the timestamp alone).
WITH owner_readings AS (
  SELECT
    l.serialNumber,
    a.timestamp,
    a.x,
    a.y,
    a.z
  FROM accelerometer_trusted a
  JOIN customer_landing l
    ON l.email = a.user
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
  WHERE NOT EXISTS (
    SELECT 1
    FROM owner_readings o
    WHERE o.serialNumber = m.serialNumber
      AND o.timestamp = m.sensorReadingTime
      AND o.timestamp = m.timestamp
      AND o.x = m.x
      AND o.y = m.y
      AND o.z = m.z
  )
) AS t
