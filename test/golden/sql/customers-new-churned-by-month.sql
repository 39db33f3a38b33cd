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
      FROM (SELECT y.*, y.term_end - y.as_of AS days_to_term_end FROM (
      SELECT x.* EXCLUDE (term_months), CASE WHEN x.term_months IS NULL OR x.commitment_end_date IS NULL THEN NULL
      WHEN ((x.commitment_end_date + 1) + to_months(CAST(ceil(datediff('month', (x.commitment_end_date + 1), x.as_of) / x.term_months) AS INTEGER) * x.term_months))::DATE > x.as_of THEN ((x.commitment_end_date + 1) + to_months(CAST(ceil(datediff('month', (x.commitment_end_date + 1), x.as_of) / x.term_months) AS INTEGER) * x.term_months))::DATE - 1
      ELSE (((x.commitment_end_date + 1) + to_months(CAST(ceil(datediff('month', (x.commitment_end_date + 1), x.as_of) / x.term_months) AS INTEGER) * x.term_months))::DATE + to_months(x.term_months))::DATE - 1 END AS term_end FROM (
        SELECT s.k, s.we AS as_of, h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew,
          sub.product, sub.billing_type, sub.term_duration AS term, sub.is_trial, sub.commitment_end_date,
          CASE WHEN regexp_full_match(sub.term_duration, 'P[0-9]+Y') THEN 12 * CAST(regexp_extract(sub.term_duration, '[0-9]+') AS INTEGER)
    WHEN regexp_full_match(sub.term_duration, 'P[0-9]+M') THEN CAST(regexp_extract(sub.term_duration, '[0-9]+') AS INTEGER) END AS term_months
        FROM spine_p s
        JOIN (
  SELECT h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew, h.valid_from, h.valid_to
  FROM main.subscription_history h
  UNION ALL
  SELECT s.subscription_id, s.customer_id, s.status, s.quantity, s.auto_renew, coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), NULL::DATE
  FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  WHERE NOT (s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), false))
  UNION ALL
  SELECT s.subscription_id, s.customer_id, 'active', s.quantity, s.auto_renew, coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), s.ended_date
  FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  WHERE s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), false)
  UNION ALL
  SELECT s.subscription_id, s.customer_id, s.status, s.quantity, s.auto_renew, s.ended_date, NULL::DATE
  FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  WHERE s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), false)
) h ON h.valid_from <= s.we AND (h.valid_to IS NULL OR h.valid_to > s.we)
        LEFT JOIN main.subscriptions sub ON sub.subscription_id = h.subscription_id
      ) x
    ) y) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      
      GROUP BY ALL
  ),
  fact_events_p AS (
    SELECT f.k, c."country" AS "d_country", count(DISTINCT f."customer_id") FILTER (WHERE f."event" IS NOT DISTINCT FROM $5) AS "m_newCustomers", count(DISTINCT f."customer_id") FILTER (WHERE f."event" IS NOT DISTINCT FROM $6) AS "m_churnedCustomers"
      FROM (SELECT CAST(date_trunc('month', r."date") AS DATE) AS k, r.* FROM (WITH firsts AS (
        SELECT s.customer_id, coalesce(s.creation_date::DATE, s.effective_start_date) AS start_date, s.product,
          min(coalesce(s.creation_date::DATE, s.effective_start_date)) OVER (PARTITION BY s.customer_id) AS first_date
        FROM main.subscriptions s
      ),
      held AS (
        SELECT h.customer_id, h.subscription_id, h.valid_from, coalesce(h.valid_to, DATE 'infinity') AS valid_to
        FROM (
  SELECT h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew, h.valid_from, h.valid_to
  FROM main.subscription_history h
  UNION ALL
  SELECT s.subscription_id, s.customer_id, s.status, s.quantity, s.auto_renew, coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), NULL::DATE
  FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  WHERE NOT (s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), false))
  UNION ALL
  SELECT s.subscription_id, s.customer_id, 'active', s.quantity, s.auto_renew, coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), s.ended_date
  FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  WHERE s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), false)
  UNION ALL
  SELECT s.subscription_id, s.customer_id, s.status, s.quantity, s.auto_renew, s.ended_date, NULL::DATE
  FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  WHERE s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > coalesce(s.creation_date::DATE, s.effective_start_date, DATE '1900-01-01'), false)
) h WHERE h.status IN ('active', 'suspended')
      ),
      ordered AS (
        SELECT *, max(valid_to) OVER (PARTITION BY customer_id ORDER BY valid_from, valid_to
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_end
        FROM held
      ),
      islands AS (
        SELECT *, sum(CASE WHEN before_end IS NULL OR valid_from > before_end THEN 1 ELSE 0 END)
          OVER (PARTITION BY customer_id ORDER BY valid_from, valid_to ROWS UNBOUNDED PRECEDING) AS island
        FROM ordered
      ),
      island_ends AS (SELECT customer_id, island, max(valid_to) AS island_end FROM islands GROUP BY ALL)
      SELECT DISTINCT 'new' AS event, first_date AS date, customer_id, product FROM firsts WHERE start_date = first_date
      UNION ALL
      SELECT DISTINCT 'churn', e.island_end, e.customer_id, sub.product
      FROM island_ends e
      JOIN islands i ON i.customer_id = e.customer_id AND i.island = e.island AND i.valid_to = e.island_end
      LEFT JOIN main.subscriptions sub ON sub.subscription_id = i.subscription_id
      WHERE e.island_end < DATE 'infinity') r WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
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
