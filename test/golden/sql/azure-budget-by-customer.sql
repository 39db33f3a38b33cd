WITH customer_attributes AS (
    SELECT customer_id, arg_max(name, run_id) AS name, arg_max(country, run_id) AS country,
        arg_max(domain, run_id) AS domain
      FROM main.customers GROUP BY customer_id
  ),
  spine_p AS (
    SELECT CAST($2 AS DATE) AS k, CAST($1 AS DATE) AS ws, CAST($2 AS DATE) AS we, CAST($2 AS DATE) AS be
  ),
  fact_budgets_p AS (
    SELECT f.k, max(coalesce(c.name, f."customer_name", f.customer_id)) AS "d_customer", f.customer_id AS "dk_customer", f."currency" AS "d_currency", sum(f."spend") AS "m_spendAgainstBudget", sum(f."budget") AS "m_budgetAmount", count(DISTINCT f."customer_id") FILTER (WHERE f."over_budget" IS NOT DISTINCT FROM $6) AS "m_customersOverBudget"
      FROM (WITH budget AS (SELECT t.customer_id, t.currency, t.monthly_amount FROM main.budgets t
         WHERE NOT EXISTS (SELECT 1 FROM (VALUES ($3, $4, CAST($5 AS DECIMAL(38,12)))) c(customer_id, currency, monthly_amount) WHERE c.customer_id = t.customer_id AND c.currency = t.currency)
         UNION ALL SELECT * FROM (VALUES ($3, $4, CAST($5 AS DECIMAL(38,12)))) c(customer_id, currency, monthly_amount)),
      spend AS (
        SELECT f.k, f.customer_id, f.currency, sum(f.cost) AS spend, max(f.customer_name) AS customer_name
        FROM (SELECT CAST($2 AS DATE) AS k, r.* FROM main.azure_usage r WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
        SEMI JOIN budget b ON b.customer_id = f.customer_id AND b.currency = f.currency
        GROUP BY ALL
      )
      SELECT s.k, b.customer_id, x.customer_name, b.currency, coalesce(x.spend, 0) AS spend,
        b.monthly_amount * (datediff('month', s.ws, s.we) + 1) AS budget,
        coalesce(x.spend, 0) > b.monthly_amount * (datediff('month', s.ws, s.we) + 1) AS over_budget
      FROM spine_p s CROSS JOIN budget b
      LEFT JOIN spend x ON x.k = s.k AND x.customer_id = b.customer_id AND x.currency = b.currency) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      
      GROUP BY ALL
  )
SELECT CAST(fact_budgets_p."d_customer" AS VARCHAR) AS "customer",
  CAST(fact_budgets_p."d_currency" AS VARCHAR) AS "currency",
  CAST(CAST(coalesce(fact_budgets_p."m_spendAgainstBudget", 0) AS DOUBLE) / nullif(CAST(coalesce(fact_budgets_p."m_budgetAmount", 0) AS DOUBLE), 0) AS DOUBLE) AS "budgetUsed",
  CAST(coalesce(fact_budgets_p."m_customersOverBudget", 0) AS DOUBLE) AS "customersOverBudget"
FROM spine_p s
JOIN fact_budgets_p ON fact_budgets_p.k = s.k
ORDER BY fact_budgets_p."d_customer" NULLS LAST, fact_budgets_p."dk_customer" NULLS LAST, fact_budgets_p."d_currency" NULLS LAST
-- params: ["2026-01-01","2026-03-31","t2","EUR",200,true]
