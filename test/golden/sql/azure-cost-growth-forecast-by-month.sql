WITH customer_attributes AS (
    SELECT customer_id, arg_max(name, run_id) AS name, arg_max(country, run_id) AS country,
        arg_max(domain, run_id) AS domain
      FROM main.customers GROUP BY customer_id
  ),
  spine_p AS (
    SELECT CAST(b AS DATE) AS k, greatest(CAST(b AS DATE), CAST($1 AS DATE)) AS ws, least(CAST(b + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE), CAST($2 AS DATE)) AS we, CAST(b + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS be
      FROM generate_series(date_trunc('month', CAST($1 AS DATE)), CAST(CAST($2 AS DATE) AS TIMESTAMP), INTERVAL 1 MONTH) AS g(b)
  ),
  spine_prev_p AS (
    SELECT k, CAST(ws - INTERVAL 1 MONTH AS DATE) AS ws,
        CASE WHEN we = be THEN k - 1 ELSE CAST(we - INTERVAL 1 MONTH AS DATE) END AS we, k - 1 AS be FROM spine_p
  ),
  spine_mtd AS (
    SELECT k, CAST(date_trunc('month', we) AS DATE) AS ws, we, be FROM spine_p
  ),
  fact_usage_p AS (
    SELECT f.k, max(coalesce(c.name, f."customer_name", f.customer_id)) AS "d_customer", f.customer_id AS "dk_customer", f."currency" AS "d_currency", sum(f."cost") AS "m_cost"
      FROM (SELECT CAST(date_trunc('month', r."date") AS DATE) AS k, r.* FROM (SELECT a.* EXCLUDE (effective_cost, subscription_name), coalesce(a.effective_cost, a.cost) AS effective_cost, coalesce(a.subscription_name, a.subscription_id) AS subscription_name FROM main.azure_usage a) r WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      WHERE f."currency" IN ($3)
      GROUP BY ALL
  ),
  fact_usage_prev_p AS (
    SELECT f.k, max(coalesce(c.name, f."customer_name", f.customer_id)) AS "d_customer", f.customer_id AS "dk_customer", f."currency" AS "d_currency", sum(f."cost") AS "m_cost"
      FROM (SELECT CAST(date_trunc('month', r."date") + INTERVAL 1 MONTH AS DATE) AS k, r.* FROM (SELECT a.* EXCLUDE (effective_cost, subscription_name), coalesce(a.effective_cost, a.cost) AS effective_cost, coalesce(a.subscription_name, a.subscription_id) AS subscription_name FROM main.azure_usage a) r WHERE r."date" BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE)) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      WHERE f."currency" IN ($3)
      GROUP BY ALL
  ),
  fact_usage_mtd AS (
    SELECT f.k, max(coalesce(c.name, f."customer_name", f.customer_id)) AS "d_customer", f.customer_id AS "dk_customer", f."currency" AS "d_currency", sum(f."cost") AS "m_cost"
      FROM (SELECT s.k, r.* FROM (SELECT a.* EXCLUDE (effective_cost, subscription_name), coalesce(a.effective_cost, a.cost) AS effective_cost, coalesce(a.subscription_name, a.subscription_id) AS subscription_name FROM main.azure_usage a) r JOIN spine_mtd s ON r."date" BETWEEN s.ws AND s.we WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      WHERE f."currency" IN ($3)
      GROUP BY ALL
  ),
  keys AS (
    SELECT "dk_customer", max("d_customer") AS "d_customer", "d_currency" FROM (SELECT "dk_customer", "d_customer", "d_currency" FROM fact_usage_p UNION ALL SELECT "dk_customer", "d_customer", "d_currency" FROM fact_usage_prev_p UNION ALL SELECT "dk_customer", "d_customer", "d_currency" FROM fact_usage_mtd) u GROUP BY ALL
  )
SELECT strftime(s.k, '%Y-%m-%d') AS "date",
  CAST(x."d_customer" AS VARCHAR) AS "customer",
  CAST(x."d_currency" AS VARCHAR) AS "currency",
  CAST(coalesce(fact_usage_p."m_cost", 0) AS DOUBLE) AS "cost",
  CAST((CAST(coalesce(fact_usage_p."m_cost", 0) AS DOUBLE) - CAST(coalesce(fact_usage_prev_p."m_cost", 0) AS DOUBLE)) / nullif(abs(CAST(coalesce(fact_usage_prev_p."m_cost", 0) AS DOUBLE)), 0) AS DOUBLE) AS "costGrowth",
  CAST(CAST(coalesce(fact_usage_mtd."m_cost", 0) AS DOUBLE) / dayofmonth(s.we) * dayofmonth(last_day(s.we)) AS DOUBLE) AS "forecastMonthEnd"
FROM spine_p s CROSS JOIN keys x
LEFT JOIN fact_usage_p ON fact_usage_p.k = s.k AND fact_usage_p."dk_customer" IS NOT DISTINCT FROM x."dk_customer" AND fact_usage_p."d_currency" IS NOT DISTINCT FROM x."d_currency"
LEFT JOIN fact_usage_prev_p ON fact_usage_prev_p.k = s.k AND fact_usage_prev_p."dk_customer" IS NOT DISTINCT FROM x."dk_customer" AND fact_usage_prev_p."d_currency" IS NOT DISTINCT FROM x."d_currency"
LEFT JOIN fact_usage_mtd ON fact_usage_mtd.k = s.k AND fact_usage_mtd."dk_customer" IS NOT DISTINCT FROM x."dk_customer" AND fact_usage_mtd."d_currency" IS NOT DISTINCT FROM x."d_currency"
ORDER BY s.k, x."d_customer" NULLS LAST, x."dk_customer" NULLS LAST, x."d_currency" NULLS LAST
-- params: ["2026-01-01","2026-03-31","EUR","2025-12-01","2026-02-28"]
