WITH customer_attributes AS (
    SELECT customer_id, arg_max(name, run_id) AS name, arg_max(country, run_id) AS country,
        arg_max(domain, run_id) AS domain
      FROM main.customers GROUP BY customer_id
  ),
  spine_p AS (
    SELECT CAST($2 AS DATE) AS k, CAST($1 AS DATE) AS ws, CAST($2 AS DATE) AS we, CAST($2 AS DATE) AS be
  ),
  dates_users_p AS (
    SELECT s.k, x.customer_id, max(x.date) AS d FROM spine_p s
        JOIN (SELECT DISTINCT customer_id, "report_date" AS date FROM main."user_activity" WHERE "report_date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) x ON x.date BETWEEN s.ws AND s.we
        GROUP BY ALL
  ),
  fact_users_p AS (
    SELECT f.k, max(coalesce(c.name, f.customer_id)) AS "d_customer", f.customer_id AS "dk_customer", CASE WHEN f."days_inactive" IS NULL THEN $9 WHEN f."days_inactive" < $3 THEN $4 WHEN f."days_inactive" < $5 THEN $6 WHEN f."days_inactive" < $7 THEN $8 ELSE $10 END AS "d_inactiveFor", CAST(date_trunc('month', f."last_activity") AS DATE) AS "d_lastActivity", count(DISTINCT f."user_key") FILTER (WHERE f."licensed" IS NOT DISTINCT FROM $11) AS "m_licensedUsers", count(DISTINCT f."user_key") FILTER (WHERE f."licensed" IS NOT DISTINCT FROM $11 AND f."inactive" IS NOT DISTINCT FROM $11) AS "m_inactiveLicensedUsers", sum(f."licenses") FILTER (WHERE f."licensed" IS NOT DISTINCT FROM $11 AND f."inactive" IS NOT DISTINCT FROM $11) AS "m_licensesOnInactiveUsers"
      FROM (SELECT d.k, u.* EXCLUDE (combination)
      FROM dates_users_p d JOIN (SELECT x.*, x.report_date - x.last_activity AS days_inactive,
      NOT coalesce(x.is_deleted, false) AND x.licenses > 0 AS licensed,
      x.last_activity IS NULL OR x.report_date - x.last_activity >= 30 AS inactive
    FROM (
      SELECT p.*, coalesce(len(p.assigned_products), 0) AS licenses
      FROM (
        SELECT u.report_date, u.customer_id, u.upn, u.display_name, u.is_deleted, u.rowid AS user_key,
          u.assigned_products AS combination,
          list_sort(list_filter(list_transform(string_split(u.assigned_products, '+'), lambda p: trim(p)), lambda p: p <> '')) AS assigned_products,
          greatest(u.exchange_last, u.onedrive_last, u.sharepoint_last, u.skype_last, u.yammer_last, u.teams_last) AS last_activity
        FROM main.user_activity u
      ) p
    ) x
    WHERE x.licenses > 0) u ON u.report_date = d.d AND u.customer_id = d.customer_id
      ) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      
      GROUP BY ALL
  )
SELECT CAST(fact_users_p."d_customer" AS VARCHAR) AS "customer",
  CAST(fact_users_p."d_inactiveFor" AS VARCHAR) AS "inactiveFor",
  strftime(fact_users_p."d_lastActivity", '%Y-%m-%d') AS "lastActivity",
  CAST(CASE WHEN has_fact_users_p.k IS NOT NULL THEN coalesce(fact_users_p."m_licensedUsers", 0) END AS DOUBLE) AS "licensedUsers",
  CAST(CASE WHEN has_fact_users_p.k IS NOT NULL THEN coalesce(fact_users_p."m_inactiveLicensedUsers", 0) END AS DOUBLE) AS "inactiveLicensedUsers",
  CAST(CASE WHEN has_fact_users_p.k IS NOT NULL THEN coalesce(fact_users_p."m_licensesOnInactiveUsers", 0) END AS DOUBLE) AS "licensesOnInactiveUsers"
FROM spine_p s
JOIN fact_users_p ON fact_users_p.k = s.k
LEFT JOIN (SELECT DISTINCT k FROM dates_users_p) has_fact_users_p ON has_fact_users_p.k = s.k
ORDER BY fact_users_p."d_customer" NULLS LAST, fact_users_p."dk_customer" NULLS LAST, list_position([$4, $6, $8, $10, $9], fact_users_p."d_inactiveFor"), fact_users_p."d_lastActivity" NULLS LAST
-- params: ["2026-01-01","2026-03-31",30,"active",60,"30-59",90,"60-89","never","90+",true]
