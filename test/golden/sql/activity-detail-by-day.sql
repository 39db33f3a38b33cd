WITH customer_attributes AS (
    SELECT customer_id, arg_max(name, run_id) AS name, arg_max(country, run_id) AS country,
        arg_max(domain, run_id) AS domain
      FROM main.customers GROUP BY customer_id
  ),
  spine_p AS (
    SELECT CAST(b AS DATE) AS k, greatest(CAST(b AS DATE), CAST($1 AS DATE)) AS ws, least(CAST(b + INTERVAL 1 DAY - INTERVAL 1 DAY AS DATE), CAST($2 AS DATE)) AS we, CAST(b + INTERVAL 1 DAY - INTERVAL 1 DAY AS DATE) AS be
      FROM generate_series(date_trunc('day', CAST($1 AS DATE)), CAST(CAST($2 AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) AS g(b)
  ),
  fact_records_p AS (
    SELECT f.k, max(coalesce(c.name, f."customer_name", f.customer_id)) AS "d_customer", f.customer_id AS "dk_customer", f."user_principal_name" AS "d_user", f."operation_type" AS "d_operationType", count(*) AS "m_operations"
      FROM (SELECT CAST(date_trunc('day', r."operation_date") AS DATE) AS k, r.* FROM (SELECT a.* FROM main.activity a) r WHERE r."operation_date" >= CAST(CAST($1 AS DATE) AS TIMESTAMP) AND r."operation_date" < CAST(CAST($2 AS DATE) + 1 AS TIMESTAMP)) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      
      GROUP BY ALL
  )
SELECT strftime(s.k, '%Y-%m-%d') AS "date",
  CAST(fact_records_p."d_customer" AS VARCHAR) AS "customer",
  CAST(fact_records_p."d_user" AS VARCHAR) AS "user",
  CAST(fact_records_p."d_operationType" AS VARCHAR) AS "operationType",
  CAST(coalesce(fact_records_p."m_operations", 0) AS DOUBLE) AS "operations"
FROM spine_p s
JOIN fact_records_p ON fact_records_p.k = s.k
ORDER BY s.k, fact_records_p."d_customer" NULLS LAST, fact_records_p."dk_customer" NULLS LAST, fact_records_p."d_user" NULLS LAST, fact_records_p."d_operationType" NULLS LAST
-- params: ["2026-01-01","2026-03-31"]
