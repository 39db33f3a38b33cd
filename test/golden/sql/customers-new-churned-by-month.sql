WITH customer_attributes AS (
    SELECT customer_id, arg_max(name, run_id) AS name, arg_max(country, run_id) AS country,
        arg_max(domain, run_id) AS domain
      FROM main.customers GROUP BY customer_id
  ),
  spine_p AS (
    SELECT CAST(b AS DATE) AS k, greatest(CAST(b AS DATE), CAST($1 AS DATE)) AS ws, least(CAST(b + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE), CAST($2 AS DATE)) AS we, CAST(b + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS be
      FROM generate_series(date_trunc('month', CAST($1 AS DATE)), CAST(CAST($2 AS DATE) AS TIMESTAMP), INTERVAL 1 MONTH) AS g(b)
  ),
  fact_subscriptions_p AS (
    SELECT f.k, c."country" AS "d_country", count(DISTINCT f."customer_id") FILTER (WHERE f."status" IN ($3, $4)) AS "m_customers"
      FROM (SELECT s.k, s.we AS as_of, h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew
        FROM spine_p s
        JOIN (
  SELECT h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew, h.valid_from, h.valid_to
  FROM main.subscription_history h
  UNION ALL
  SELECT o.subscription_id, o.customer_id, t.stretch.status, o.quantity, o.auto_renew, t.stretch.valid_from, t.stretch.valid_to
  FROM (
    SELECT s.*, coalesce(s.effective_start_date, s.creation_date::DATE, DATE '1900-01-01') AS start_day,
      s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > coalesce(s.effective_start_date, s.creation_date::DATE, DATE '1900-01-01'), false) AS ended
    FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  ) o,
  unnest(CASE WHEN o.ended
    THEN [{'status': 'active', 'valid_from': o.start_day, 'valid_to': o.ended_date}, {'status': o.status, 'valid_from': o.ended_date, 'valid_to': NULL::DATE}]
    ELSE [{'status': o.status, 'valid_from': o.start_day, 'valid_to': NULL::DATE}] END) AS t(stretch)
) h ON h.valid_from <= s.we AND coalesce(h.valid_to, DATE 'infinity') > s.we) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      
      GROUP BY ALL
  ),
  fact_events_p AS (
    SELECT f.k, c."country" AS "d_country", count(DISTINCT f."customer_id") FILTER (WHERE f."event" IS NOT DISTINCT FROM $5) AS "m_newCustomers", count(DISTINCT f."customer_id") FILTER (WHERE f."event" IS NOT DISTINCT FROM $6) AS "m_churnedCustomers"
      FROM (SELECT CAST(date_trunc('month', r."date") AS DATE) AS k, r.* FROM (WITH firsts AS (
      SELECT s.customer_id, st.start_date, s.product,
        min(st.start_date) OVER (PARTITION BY s.customer_id) AS first_date
      FROM main.subscriptions s JOIN (
  SELECT subscription_id, min(valid_from) AS start_date FROM (
  SELECT h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew, h.valid_from, h.valid_to
  FROM main.subscription_history h
  UNION ALL
  SELECT o.subscription_id, o.customer_id, t.stretch.status, o.quantity, o.auto_renew, t.stretch.valid_from, t.stretch.valid_to
  FROM (
    SELECT s.*, coalesce(s.effective_start_date, s.creation_date::DATE, DATE '1900-01-01') AS start_day,
      s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > coalesce(s.effective_start_date, s.creation_date::DATE, DATE '1900-01-01'), false) AS ended
    FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  ) o,
  unnest(CASE WHEN o.ended
    THEN [{'status': 'active', 'valid_from': o.start_day, 'valid_to': o.ended_date}, {'status': o.status, 'valid_from': o.ended_date, 'valid_to': NULL::DATE}]
    ELSE [{'status': o.status, 'valid_from': o.start_day, 'valid_to': NULL::DATE}] END) AS t(stretch)
) GROUP BY subscription_id
) st USING (subscription_id)
    ),
    held AS (
      SELECT h.customer_id, h.subscription_id, h.valid_from, h.valid_to
      FROM (
  SELECT h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew, h.valid_from, h.valid_to
  FROM main.subscription_history h
  UNION ALL
  SELECT o.subscription_id, o.customer_id, t.stretch.status, o.quantity, o.auto_renew, t.stretch.valid_from, t.stretch.valid_to
  FROM (
    SELECT s.*, coalesce(s.effective_start_date, s.creation_date::DATE, DATE '1900-01-01') AS start_day,
      s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > coalesce(s.effective_start_date, s.creation_date::DATE, DATE '1900-01-01'), false) AS ended
    FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  ) o,
  unnest(CASE WHEN o.ended
    THEN [{'status': 'active', 'valid_from': o.start_day, 'valid_to': o.ended_date}, {'status': o.status, 'valid_from': o.ended_date, 'valid_to': NULL::DATE}]
    ELSE [{'status': o.status, 'valid_from': o.start_day, 'valid_to': NULL::DATE}] END) AS t(stretch)
) h WHERE h.status IN ('active', 'suspended')
    )
    SELECT DISTINCT 'new' AS event, first_date AS date, customer_id, product FROM firsts WHERE start_date = first_date
    UNION ALL
    SELECT DISTINCT 'churn', e.valid_to, e.customer_id, sub.product
    FROM held e
    LEFT JOIN main.subscriptions sub ON sub.subscription_id = e.subscription_id
    WHERE e.valid_to IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM held o
        WHERE o.customer_id = e.customer_id AND o.valid_from <= e.valid_to AND (o.valid_to IS NULL OR o.valid_to > e.valid_to)
      )) r WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      
      GROUP BY ALL
  ),
  keys AS (
    SELECT "d_country" FROM (SELECT "d_country" FROM fact_subscriptions_p UNION ALL SELECT "d_country" FROM fact_events_p) u GROUP BY ALL
  )
SELECT strftime(s.k, '%Y-%m-%d') AS "date",
  CAST(x."d_country" AS VARCHAR) AS "country",
  CAST(coalesce(fact_subscriptions_p."m_customers", 0) AS DOUBLE) AS "customers",
  CAST(coalesce(fact_events_p."m_newCustomers", 0) AS DOUBLE) AS "newCustomers",
  CAST(coalesce(fact_events_p."m_churnedCustomers", 0) AS DOUBLE) AS "churnedCustomers"
FROM spine_p s CROSS JOIN keys x
LEFT JOIN fact_subscriptions_p ON fact_subscriptions_p.k = s.k AND fact_subscriptions_p."d_country" IS NOT DISTINCT FROM x."d_country"
LEFT JOIN fact_events_p ON fact_events_p.k = s.k AND fact_events_p."d_country" IS NOT DISTINCT FROM x."d_country"
ORDER BY s.k, x."d_country" NULLS LAST
-- params: ["2026-01-01","2026-03-31","active","suspended","new","churn"]
