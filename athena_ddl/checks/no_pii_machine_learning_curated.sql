-- Privacy: machine_learning_curated has exactly the seven sensor columns, so no name, email, phone or birthday can
-- reach the training data. Counts its columns outside that allow-list; fails too when the table is missing.
-- Column names come from information_schema.columns (on Athena, the Glue catalog; locally, the local catalog).
-- ${DATABASE} is filled in by the tooling (stedi check, Terraform).
SELECT
  'no_pii_machine_learning_curated' AS check_name,
  observed,
  expected,
  (column_count = 7 AND observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) AS column_count,
    COALESCE(SUM(
      CASE
        WHEN lower(column_name) IN (
          'sensorreadingtime', 'serialnumber', 'distancefromobject', 'timestamp', 'x', 'y', 'z'
        ) THEN 0
        ELSE 1
      END
    ), 0) AS observed,
    0 AS expected
  FROM information_schema.columns
  WHERE table_schema = '${DATABASE}'
    AND table_name = 'machine_learning_curated'
) AS t
