WITH customer_attributes AS (
    SELECT customer_id, arg_max(name, run_id) AS name, arg_max(country, run_id) AS country,
        arg_max(domain, run_id) AS domain
      FROM main.customers GROUP BY customer_id
  ),
  spine_p AS (
    SELECT CAST($2 AS DATE) AS k, CAST($1 AS DATE) AS ws, CAST($2 AS DATE) AS we, CAST($2 AS DATE) AS be
  ),
  dates_users_p AS (
    SELECT s.k, x.customer_id, max(x."report_date") AS d FROM spine_p s
        JOIN (SELECT DISTINCT customer_id, "report_date" FROM main."user_activity" WHERE "report_date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) x
          ON x."report_date" BETWEEN s.ws AND s.we
        GROUP BY ALL
  ),
  fact_users_p AS (
    SELECT f.k, coalesce(c.name, f.customer_id) AS "d_customer", f.customer_id AS "dk_customer", CASE WHEN f."days_inactive" IS NULL THEN $9 WHEN f."days_inactive" < $3 THEN $4 WHEN f."days_inactive" < $5 THEN $6 WHEN f."days_inactive" < $7 THEN $8 ELSE $10 END AS "d_inactiveFor", CAST(date_trunc('month', f."last_activity") AS DATE) AS "d_lastActivity", count(DISTINCT f."user_key") FILTER (WHERE f."licensed" IS NOT DISTINCT FROM $11) AS "m_licensedUsers", count(DISTINCT f."user_key") FILTER (WHERE f."licensed" IS NOT DISTINCT FROM $11 AND f."inactive" IS NOT DISTINCT FROM $11) AS "m_inactiveLicensedUsers", count(*) FILTER (WHERE f."licensed" IS NOT DISTINCT FROM $11 AND f."inactive" IS NOT DISTINCT FROM $11) AS "m_licensesOnInactiveUsers"
      FROM (SELECT x.k, x.report_date, x.customer_id, x.upn, x.customer_id || '/' || x.upn AS user_key, x.display_name,
        unnest(x.products) AS product, array_to_string(x.products, ', ') AS assigned_products, x.last_activity,
        x.report_date - x.last_activity AS days_inactive,
        NOT coalesce(x.is_deleted, false) AS licensed,
        x.last_activity IS NULL OR x.report_date - x.last_activity >= 30 AS inactive
      FROM (
        SELECT d.k, u.*, greatest(u.exchange_last, u.onedrive_last, u.sharepoint_last, u.skype_last, u.yammer_last, u.teams_last) AS last_activity,
          [trim(p) FOR p IN string_split(coalesce(u.assigned_products, ''), '+') IF trim(p) <> ''] AS products
        FROM dates_users_p d JOIN main.user_activity u ON u.report_date = d.d AND u.customer_id = d.customer_id
      ) x) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      
      GROUP BY ALL
  ),
  keys AS (
    SELECT "dk_customer", max("d_customer") AS "d_customer", "d_inactiveFor", "d_lastActivity" FROM (SELECT "dk_customer", "d_customer", "d_inactiveFor", "d_lastActivity" FROM fact_users_p) u GROUP BY ALL
  )
SELECT x."d_customer" AS "customer",
  x."d_inactiveFor" AS "inactiveFor",
  x."d_lastActivity" AS "lastActivity",
  CASE WHEN has_fact_users_p.k IS NOT NULL THEN coalesce(fact_users_p."m_licensedUsers", 0) END AS "licensedUsers",
  CASE WHEN has_fact_users_p.k IS NOT NULL THEN coalesce(fact_users_p."m_inactiveLicensedUsers", 0) END AS "inactiveLicensedUsers",
  CASE WHEN has_fact_users_p.k IS NOT NULL THEN coalesce(fact_users_p."m_licensesOnInactiveUsers", 0) END AS "licensesOnInactiveUsers"
FROM spine_p s CROSS JOIN keys x
LEFT JOIN fact_users_p ON fact_users_p.k = s.k AND fact_users_p."dk_customer" IS NOT DISTINCT FROM x."dk_customer" AND fact_users_p."d_inactiveFor" IS NOT DISTINCT FROM x."d_inactiveFor" AND fact_users_p."d_lastActivity" IS NOT DISTINCT FROM x."d_lastActivity"
LEFT JOIN (SELECT DISTINCT k FROM dates_users_p) has_fact_users_p ON has_fact_users_p.k = s.k
ORDER BY x."d_customer" NULLS LAST, x."dk_customer" NULLS LAST, list_position([$4, $6, $8, $10, $9], x."d_inactiveFor"), x."d_inactiveFor" NULLS LAST, x."d_lastActivity" NULLS LAST
-- params: ["2026-01-01","2026-03-31",30,"active",60,"30-59",90,"60-89","never","90+",true]
