WITH spine_p AS (
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
    SELECT f.k, f."currency" AS "d_currency", sum(f."cost") AS "m_cost"
      FROM (SELECT CAST(date_trunc('month', r."date") AS DATE) AS k, r.* FROM (SELECT a.* EXCLUDE (effective_cost, subscription_name), coalesce(a.effective_cost, a.cost) AS effective_cost, coalesce(a.subscription_name, a.subscription_id) AS subscription_name FROM main.agg_azure_customer_month a) r WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
      
      GROUP BY ALL
  ),
  fact_usage_prev_p AS (
    SELECT f.k, f."currency" AS "d_currency", sum(f."cost") AS "m_cost"
      FROM (SELECT CAST(date_trunc('month', r."date") + INTERVAL 1 MONTH AS DATE) AS k, r.* FROM (SELECT a.* EXCLUDE (effective_cost, subscription_name), coalesce(a.effective_cost, a.cost) AS effective_cost, coalesce(a.subscription_name, a.subscription_id) AS subscription_name FROM main.agg_azure_customer_month a) r WHERE r."date" BETWEEN CAST($3 AS DATE) AND CAST($4 AS DATE)) f
      
      GROUP BY ALL
  ),
  fact_usage_mtd AS (
    SELECT f.k, f."currency" AS "d_currency", sum(f."cost") AS "m_cost"
      FROM (SELECT s.k, r.* FROM (SELECT a.* EXCLUDE (effective_cost, subscription_name), coalesce(a.effective_cost, a.cost) AS effective_cost, coalesce(a.subscription_name, a.subscription_id) AS subscription_name FROM main.agg_azure_customer_month a) r JOIN spine_mtd s ON r."date" BETWEEN s.ws AND s.we WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
      
      GROUP BY ALL
  ),
  fact_budgets_p AS (
    SELECT f.k, f."currency" AS "d_currency", count(DISTINCT f."customer_id") FILTER (WHERE f."over_budget" IS NOT DISTINCT FROM $8) AS "m_customersOverBudget"
      FROM (WITH budget AS (SELECT t.customer_id, t.currency, t.monthly_amount FROM main.budgets t
         WHERE NOT EXISTS (SELECT 1 FROM (VALUES ($5, $6, CAST($7 AS DECIMAL(38,12)))) c(customer_id, currency, monthly_amount) WHERE c.customer_id = t.customer_id AND c.currency = t.currency)
         UNION ALL SELECT * FROM (VALUES ($5, $6, CAST($7 AS DECIMAL(38,12)))) c(customer_id, currency, monthly_amount)),
      spend AS (
        SELECT f.k, f.customer_id, f.currency, sum(f.cost) AS spend, max(f.customer_name) AS customer_name
        FROM (SELECT CAST(date_trunc('month', r."date") AS DATE) AS k, r.* FROM main.agg_azure_customer_month r WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
        SEMI JOIN budget b ON b.customer_id = f.customer_id AND b.currency = f.currency
        GROUP BY ALL
      )
      SELECT s.k, b.customer_id, x.customer_name, b.currency, coalesce(x.spend, 0) AS spend,
        b.monthly_amount * (datediff('month', s.ws, s.we) + 1) AS budget,
        coalesce(x.spend, 0) > b.monthly_amount * (datediff('month', s.ws, s.we) + 1) AS over_budget
      FROM spine_p s CROSS JOIN budget b
      LEFT JOIN spend x ON x.k = s.k AND x.customer_id = b.customer_id AND x.currency = b.currency) f
      
      GROUP BY ALL
  ),
  keys AS (
    SELECT "d_currency" FROM (SELECT "d_currency" FROM fact_usage_p UNION ALL SELECT "d_currency" FROM fact_usage_prev_p UNION ALL SELECT "d_currency" FROM fact_usage_mtd UNION ALL SELECT "d_currency" FROM fact_budgets_p) u GROUP BY ALL
  )
SELECT strftime(s.k, '%Y-%m-%d') AS "date",
  CAST(x."d_currency" AS VARCHAR) AS "currency",
  CAST(coalesce(fact_usage_p."m_cost", 0) AS DOUBLE) AS "cost",
  CAST((CAST(coalesce(fact_usage_p."m_cost", 0) AS DOUBLE) - CAST(coalesce(fact_usage_prev_p."m_cost", 0) AS DOUBLE)) / nullif(abs(CAST(coalesce(fact_usage_prev_p."m_cost", 0) AS DOUBLE)), 0) AS DOUBLE) AS "costGrowth",
  CAST(CAST(coalesce(fact_usage_mtd."m_cost", 0) AS DOUBLE) / dayofmonth(s.we) * dayofmonth(last_day(s.we)) AS DOUBLE) AS "forecastMonthEnd",
  CAST(coalesce(fact_budgets_p."m_customersOverBudget", 0) AS DOUBLE) AS "customersOverBudget"
FROM spine_p s CROSS JOIN keys x
LEFT JOIN fact_usage_p ON fact_usage_p.k = s.k AND fact_usage_p."d_currency" IS NOT DISTINCT FROM x."d_currency"
LEFT JOIN fact_usage_prev_p ON fact_usage_prev_p.k = s.k AND fact_usage_prev_p."d_currency" IS NOT DISTINCT FROM x."d_currency"
LEFT JOIN fact_usage_mtd ON fact_usage_mtd.k = s.k AND fact_usage_mtd."d_currency" IS NOT DISTINCT FROM x."d_currency"
LEFT JOIN fact_budgets_p ON fact_budgets_p.k = s.k AND fact_budgets_p."d_currency" IS NOT DISTINCT FROM x."d_currency"
ORDER BY s.k, x."d_currency" NULLS LAST
-- params: ["2026-01-01","2026-03-31","2025-12-01","2026-02-28","t2","EUR",200,true]
