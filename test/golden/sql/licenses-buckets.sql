WITH spine_p AS (
    SELECT CAST($2 AS DATE) AS k, CAST($1 AS DATE) AS ws, CAST($2 AS DATE) AS we, CAST($2 AS DATE) AS be
  ),
  dates_snapshots_p AS (
    SELECT s.k, max(x.date) AS d FROM spine_p s
        JOIN (SELECT DISTINCT "date" AS date FROM main."license_snapshots" WHERE "date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) x ON x.date BETWEEN s.ws AND s.we
        GROUP BY ALL
  ),
  fact_snapshots_p AS (
    SELECT f.k, CASE WHEN (CASE WHEN f."total_units" = 0 AND f."consumed_units" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."consumed_units" AS DOUBLE) / nullif(f."total_units", 0) END) IS NULL THEN $13 WHEN (CASE WHEN f."total_units" = 0 AND f."consumed_units" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."consumed_units" AS DOUBLE) / nullif(f."total_units", 0) END) < $3 THEN $4 WHEN (CASE WHEN f."total_units" = 0 AND f."consumed_units" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."consumed_units" AS DOUBLE) / nullif(f."total_units", 0) END) < $5 THEN $6 WHEN (CASE WHEN f."total_units" = 0 AND f."consumed_units" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."consumed_units" AS DOUBLE) / nullif(f."total_units", 0) END) < $7 THEN $8 WHEN (CASE WHEN f."total_units" = 0 AND f."consumed_units" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."consumed_units" AS DOUBLE) / nullif(f."total_units", 0) END) < $9 THEN $10 WHEN (CASE WHEN f."total_units" = 0 AND f."consumed_units" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."consumed_units" AS DOUBLE) / nullif(f."total_units", 0) END) <= $11 THEN $12 ELSE $14 END AS "d_deploymentBucket", CASE WHEN (CASE WHEN f."consumed_units" = 0 AND f."active_users" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."active_users" AS DOUBLE) / nullif(f."consumed_units", 0) END) IS NULL THEN $15 WHEN (CASE WHEN f."consumed_units" = 0 AND f."active_users" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."active_users" AS DOUBLE) / nullif(f."consumed_units", 0) END) < $3 THEN $4 WHEN (CASE WHEN f."consumed_units" = 0 AND f."active_users" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."active_users" AS DOUBLE) / nullif(f."consumed_units", 0) END) < $5 THEN $6 WHEN (CASE WHEN f."consumed_units" = 0 AND f."active_users" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."active_users" AS DOUBLE) / nullif(f."consumed_units", 0) END) < $7 THEN $8 WHEN (CASE WHEN f."consumed_units" = 0 AND f."active_users" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."active_users" AS DOUBLE) / nullif(f."consumed_units", 0) END) < $9 THEN $10 WHEN (CASE WHEN f."consumed_units" = 0 AND f."active_users" > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(f."active_users" AS DOUBLE) / nullif(f."consumed_units", 0) END) <= $11 THEN $12 ELSE $14 END AS "d_usageBucket", sum(f."total_units") AS "m_licensesSold", sum(f."consumed_units") AS "m_licensesAssigned", sum(f."active_users") AS "m_licensesActive", sum(f."consumed_units") FILTER (WHERE f."active_users" IS NOT NULL) AS "m_assignedWithUsageData", count(*) FILTER (WHERE f."total_units" > $16 AND f."consumed_units" >= f."total_units") AS "m_skusAtCapacity"
      FROM (SELECT d.k, f.* EXCLUDE (active_units), coalesce(f.sku_name, f.sku_part_number, f.sku_id) AS sku, u.active_users
    FROM dates_snapshots_p d JOIN main.license_snapshots f ON f.date = d.d
    LEFT JOIN (
      SELECT ud.k, w.customer_id, w.product_id, max(w.licenses_active) AS active_users
      FROM (
        SELECT s.k, max(x.date) AS d FROM spine_p s
        JOIN (SELECT DISTINCT "date" AS date FROM main."workload_usage" WHERE "date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) x ON x.date BETWEEN s.ws AND s.we
        GROUP BY s.k
      ) ud JOIN main.workload_usage w ON w.date = ud.d
      GROUP BY ALL
    ) u ON u.k = d.k AND u.customer_id = f.customer_id AND u.product_id = f.sku_id) f
      
      GROUP BY ALL
  )
SELECT CAST(fact_snapshots_p."d_deploymentBucket" AS VARCHAR) AS "deploymentBucket",
  CAST(fact_snapshots_p."d_usageBucket" AS VARCHAR) AS "usageBucket",
  CAST(CASE WHEN has_fact_snapshots_p.k IS NOT NULL THEN coalesce(fact_snapshots_p."m_licensesSold", 0) END AS DOUBLE) AS "licensesSold",
  CAST(CAST(CASE WHEN has_fact_snapshots_p.k IS NOT NULL THEN coalesce(fact_snapshots_p."m_licensesAssigned", 0) END AS DOUBLE) / nullif(CAST(CASE WHEN has_fact_snapshots_p.k IS NOT NULL THEN coalesce(fact_snapshots_p."m_licensesSold", 0) END AS DOUBLE), 0) AS DOUBLE) AS "deploymentRate",
  CAST(CAST(CASE WHEN has_fact_snapshots_p.k IS NOT NULL THEN coalesce(fact_snapshots_p."m_licensesActive", 0) END AS DOUBLE) / nullif(CAST(CASE WHEN has_fact_snapshots_p.k IS NOT NULL THEN coalesce(fact_snapshots_p."m_assignedWithUsageData", 0) END AS DOUBLE), 0) AS DOUBLE) AS "usageRate",
  CAST(CASE WHEN has_fact_snapshots_p.k IS NOT NULL THEN coalesce(fact_snapshots_p."m_skusAtCapacity", 0) END AS DOUBLE) AS "skusAtCapacity"
FROM spine_p s
JOIN fact_snapshots_p ON fact_snapshots_p.k = s.k
LEFT JOIN (SELECT DISTINCT k FROM dates_snapshots_p) has_fact_snapshots_p ON has_fact_snapshots_p.k = s.k
ORDER BY list_position([$4, $6, $8, $10, $12, $14, $13], fact_snapshots_p."d_deploymentBucket"), list_position([$4, $6, $8, $10, $12, $14, $15], fact_snapshots_p."d_usageBucket")
-- params: ["2026-01-01","2026-03-31",0.2,"0-20%",0.4,"20-40%",0.6,"40-60%",0.8,"60-80%",1,"80-100%","none sold",">100%","n/a",0]
