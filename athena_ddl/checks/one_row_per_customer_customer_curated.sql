-- customer_curated holds one row per customer. Counts rows beyond the first of each email (and rows without one).
SELECT
  'one_row_per_customer_customer_curated' AS check_name,
  observed,
  expected,
  (observed = expected) AS passed
FROM (
  SELECT
    COUNT(*) - COUNT(DISTINCT email) AS observed,
    0 AS expected
  FROM customer_curated
) AS t
