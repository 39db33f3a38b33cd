WITH spine_p AS (
    SELECT CAST(b AS DATE) AS k, greatest(CAST(b AS DATE), CAST($1 AS DATE)) AS ws, least(CAST(b + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE), CAST($2 AS DATE)) AS we, CAST(b + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS be
      FROM generate_series(date_trunc('quarter', CAST($1 AS DATE)), CAST(CAST($2 AS DATE) AS TIMESTAMP), INTERVAL 3 MONTH) AS g(b)
  ),
  spine_t28 AS (
    SELECT k, we - CAST($3 AS INTEGER) AS ws, we, be FROM spine_p
  ),
  fact_records_p AS (
    SELECT f.k, f."operation_type" AS "d_operationType", count(*) AS "m_operations", count(*) FILTER (WHERE f."operation_status" IS NOT DISTINCT FROM $4) AS "m_failedOperations"
      FROM (SELECT CAST(date_trunc('quarter', r."operation_date") AS DATE) AS k, r.* FROM (SELECT a.* FROM main.activity a) r WHERE r."operation_date" >= CAST(CAST($1 AS DATE) AS TIMESTAMP) AND r."operation_date" < CAST(CAST($2 AS DATE) + 1 AS TIMESTAMP)) f
      WHERE f."operation_status" IN ($4, $5)
      GROUP BY ALL
  ),
  fact_records_t28 AS (
    SELECT f.k, f."operation_type" AS "d_operationType", count(*) AS "m_operations"
      FROM (SELECT s.k, r.* FROM (SELECT a.* FROM main.activity a) r JOIN spine_t28 s ON CAST(r."operation_date" AS DATE) BETWEEN s.ws AND s.we WHERE r."operation_date" >= CAST(CAST($6 AS DATE) AS TIMESTAMP) AND r."operation_date" < CAST(CAST($2 AS DATE) + 1 AS TIMESTAMP)) f
      WHERE f."operation_status" IN ($4, $5)
      GROUP BY ALL
  ),
  keys AS (
    SELECT "d_operationType" FROM (SELECT "d_operationType" FROM fact_records_p UNION ALL SELECT "d_operationType" FROM fact_records_t28) u GROUP BY ALL
  )
SELECT strftime(s.k, '%Y-%m-%d') AS "date",
  CAST(x."d_operationType" AS VARCHAR) AS "operationType",
  CAST(coalesce(fact_records_p."m_operations", 0) AS DOUBLE) AS "operations",
  CAST(coalesce(fact_records_p."m_failedOperations", 0) AS DOUBLE) AS "failedOperations",
  CAST(coalesce(fact_records_t28."m_operations", 0) AS DOUBLE) AS "operationsLast28Days"
FROM spine_p s CROSS JOIN keys x
LEFT JOIN fact_records_p ON fact_records_p.k = s.k AND fact_records_p."d_operationType" IS NOT DISTINCT FROM x."d_operationType"
LEFT JOIN fact_records_t28 ON fact_records_t28.k = s.k AND fact_records_t28."d_operationType" IS NOT DISTINCT FROM x."d_operationType"
ORDER BY s.k, x."d_operationType" NULLS LAST
-- params: ["2026-01-01","2026-03-31",27,"failed","succeeded","2025-12-05"]
