WITH spine_p AS (
    SELECT CAST($2 AS DATE) AS k, CAST($1 AS DATE) AS ws, CAST($2 AS DATE) AS we, CAST($2 AS DATE) AS be
  ),
  dates_usage_p AS (
    SELECT s.k, max(x.date) AS d FROM spine_p s
        JOIN (SELECT DISTINCT "date" AS date FROM main."workload_usage" WHERE "date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) x ON x.date BETWEEN s.ws AND s.we
        GROUP BY ALL
  ),
  fact_usage_p AS (
    SELECT f.k, f."workload" AS "d_workload", f."product" AS "d_product", sum(f."licenses_active") AS "m_activeUsers", sum(f."licenses_qualified") AS "m_qualifiedUsers"
      FROM (SELECT d.k, f.*, coalesce(f.product_name, f.product_id) AS product
    FROM dates_usage_p d JOIN main.workload_usage f ON f.date = d.d) f
      
      GROUP BY ALL
  )
SELECT CAST(fact_usage_p."d_workload" AS VARCHAR) AS "workload",
  CAST(fact_usage_p."d_product" AS VARCHAR) AS "product",
  CAST(CASE WHEN has_fact_usage_p.k IS NOT NULL THEN coalesce(fact_usage_p."m_activeUsers", 0) END AS DOUBLE) AS "activeUsers",
  CAST(CAST(CASE WHEN has_fact_usage_p.k IS NOT NULL THEN coalesce(fact_usage_p."m_activeUsers", 0) END AS DOUBLE) / nullif(CAST(CASE WHEN has_fact_usage_p.k IS NOT NULL THEN coalesce(fact_usage_p."m_qualifiedUsers", 0) END AS DOUBLE), 0) AS DOUBLE) AS "workloadUsageRate"
FROM spine_p s
JOIN fact_usage_p ON fact_usage_p.k = s.k
LEFT JOIN (SELECT DISTINCT k FROM dates_usage_p) has_fact_usage_p ON has_fact_usage_p.k = s.k
ORDER BY fact_usage_p."d_workload" NULLS LAST, fact_usage_p."d_product" NULLS LAST
-- params: ["2026-01-01","2026-03-31"]
