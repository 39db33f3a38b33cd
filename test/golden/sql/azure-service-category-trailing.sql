WITH spine_p AS (
    SELECT CAST($2 AS DATE) AS k, CAST($1 AS DATE) AS ws, CAST($2 AS DATE) AS we, CAST($2 AS DATE) AS be
  ),
  spine_t30 AS (
    SELECT k, we - CAST($3 AS INTEGER) AS ws, we, be FROM spine_p
  ),
  spine_mtd AS (
    SELECT k, CAST(date_trunc('month', we) AS DATE) AS ws, we, be FROM spine_p
  ),
  fact_usage_t30 AS (
    SELECT f.k, f."service_category" AS "d_serviceCategory", f."currency" AS "d_currency", sum(f."cost") AS "m_cost"
      FROM (SELECT CAST($2 AS DATE) AS k, r.* FROM (SELECT a.* EXCLUDE (effective_cost, subscription_name, service_category), coalesce(a.effective_cost, a.cost) AS effective_cost, coalesce(a.subscription_name, a.subscription_id) AS subscription_name,
      coalesce(nullif(a.service_category, ''), by_meter.service_category, by_service.service_category, 'Other') AS service_category
    FROM main.azure_usage a
    LEFT JOIN main.azure_service_map by_meter ON by_meter.name_key = lower(a.meter_category)
    LEFT JOIN main.azure_service_map by_service ON by_service.name_key = lower(a.service_name)) r WHERE r."date" BETWEEN CAST($4 AS DATE) AND CAST($2 AS DATE)) f
      
      GROUP BY ALL
  ),
  fact_usage_mtd AS (
    SELECT f.k, f."service_category" AS "d_serviceCategory", f."currency" AS "d_currency", sum(f."cost") AS "m_cost"
      FROM (SELECT CAST($2 AS DATE) AS k, r.* FROM (SELECT a.* EXCLUDE (effective_cost, subscription_name, service_category), coalesce(a.effective_cost, a.cost) AS effective_cost, coalesce(a.subscription_name, a.subscription_id) AS subscription_name,
      coalesce(nullif(a.service_category, ''), by_meter.service_category, by_service.service_category, 'Other') AS service_category
    FROM main.azure_usage a
    LEFT JOIN main.azure_service_map by_meter ON by_meter.name_key = lower(a.meter_category)
    LEFT JOIN main.azure_service_map by_service ON by_service.name_key = lower(a.service_name)) r WHERE r."date" BETWEEN CAST($5 AS DATE) AND CAST($2 AS DATE)) f
      
      GROUP BY ALL
  ),
  keys AS (
    SELECT "d_serviceCategory", "d_currency" FROM (SELECT "d_serviceCategory", "d_currency" FROM fact_usage_t30 UNION ALL SELECT "d_serviceCategory", "d_currency" FROM fact_usage_mtd) u GROUP BY ALL
  )
SELECT CAST(x."d_serviceCategory" AS VARCHAR) AS "serviceCategory",
  CAST(x."d_currency" AS VARCHAR) AS "currency",
  CAST(coalesce(fact_usage_t30."m_cost", 0) AS DOUBLE) AS "costLast30Days",
  CAST(coalesce(fact_usage_mtd."m_cost", 0) AS DOUBLE) AS "costMonthToDate"
FROM spine_p s CROSS JOIN keys x
LEFT JOIN fact_usage_t30 ON fact_usage_t30.k = s.k AND fact_usage_t30."d_serviceCategory" IS NOT DISTINCT FROM x."d_serviceCategory" AND fact_usage_t30."d_currency" IS NOT DISTINCT FROM x."d_currency"
LEFT JOIN fact_usage_mtd ON fact_usage_mtd.k = s.k AND fact_usage_mtd."d_serviceCategory" IS NOT DISTINCT FROM x."d_serviceCategory" AND fact_usage_mtd."d_currency" IS NOT DISTINCT FROM x."d_currency"
ORDER BY "costLast30Days" DESC NULLS LAST, x."d_serviceCategory" NULLS LAST, x."d_currency" NULLS LAST
LIMIT $6
-- params: ["2026-01-01","2026-03-31",29,"2026-03-02","2026-03-01",10]
