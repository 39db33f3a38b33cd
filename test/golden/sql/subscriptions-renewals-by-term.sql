WITH spine_p AS (
    SELECT CAST($2 AS DATE) AS k, CAST($1 AS DATE) AS ws, CAST($2 AS DATE) AS we, CAST($2 AS DATE) AS be
  ),
  fact_status_p AS (
    SELECT f.k, f."term" AS "d_term", count(*) FILTER (WHERE f."status" IS NOT DISTINCT FROM $3) AS "m_activeSubscriptions", count(*) FILTER (WHERE f."status" IS NOT DISTINCT FROM $3 AND f."auto_renew" IS DISTINCT FROM $4 AND f."days_to_term_end" >= $5 AND f."days_to_term_end" <= $6) AS "m_expiringIn30Days", count(*) FILTER (WHERE f."status" IS NOT DISTINCT FROM $3 AND f."auto_renew" IS NOT DISTINCT FROM $4 AND f."days_to_term_end" >= $5 AND f."days_to_term_end" <= $6) AS "m_renewingIn30Days"
      FROM (SELECT y.*, y.term_end - y.as_of AS days_to_term_end FROM (
      SELECT x.* EXCLUDE (term_months), CASE WHEN x.term_months IS NULL OR x.commitment_end_date IS NULL THEN NULL
      WHEN ((x.commitment_end_date + 1) + to_months(CAST(ceil(datediff('month', (x.commitment_end_date + 1), x.as_of) / x.term_months) AS INTEGER) * x.term_months))::DATE > x.as_of THEN ((x.commitment_end_date + 1) + to_months(CAST(ceil(datediff('month', (x.commitment_end_date + 1), x.as_of) / x.term_months) AS INTEGER) * x.term_months))::DATE - 1
      ELSE (((x.commitment_end_date + 1) + to_months(CAST(ceil(datediff('month', (x.commitment_end_date + 1), x.as_of) / x.term_months) AS INTEGER) * x.term_months))::DATE + to_months(x.term_months))::DATE - 1 END AS term_end FROM (SELECT s.k, s.we AS as_of, h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew,
          sub.product, sub.billing_type, sub.term, sub.is_trial, sub.commitment_end_date, sub.term_months
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
) h ON h.valid_from <= s.we AND coalesce(h.valid_to, DATE 'infinity') > s.we
        LEFT JOIN (SELECT subscription_id, product, billing_type, term_duration AS term, is_trial, commitment_end_date,
        CASE WHEN regexp_full_match(term_duration, 'P[0-9]+Y') THEN 12 * CAST(regexp_extract(term_duration, '[0-9]+') AS INTEGER)
    WHEN regexp_full_match(term_duration, 'P[0-9]+M') THEN CAST(regexp_extract(term_duration, '[0-9]+') AS INTEGER) END AS term_months FROM main.subscriptions) sub ON sub.subscription_id = h.subscription_id) x
    ) y) f
      WHERE f."billing_type" IN ($7)
      GROUP BY ALL
  ),
  fact_events_p AS (
    SELECT f.k, f."term" AS "d_term", count(*) FILTER (WHERE f."event" IS NOT DISTINCT FROM $8) AS "m_trialConversions"
      FROM (SELECT CAST($2 AS DATE) AS k, r.* FROM (WITH subs AS (
        SELECT s.*, st.start_date, regexp_replace(lower(trim(coalesce(s.product, s.offer_name, ''))), '[\s(\[-]*trial[)\]]?\s*$', '') AS family
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
      )
      SELECT 'new' AS event, start_date AS date, subscription_id, customer_id, product, billing_type, status,
        term_duration AS term, is_trial
      FROM subs
      UNION ALL
      SELECT 'conversion', p.start_date, p.subscription_id, p.customer_id, p.product, p.billing_type, p.status,
        p.term_duration, p.is_trial
      FROM subs t
      JOIN subs p ON p.customer_id = t.customer_id AND (p.family = t.family OR p.offer_id = t.offer_id)
        AND NOT coalesce(p.is_trial, false)
        AND p.start_date >= t.start_date
        AND p.start_date <= coalesce(t.ended_date, t.commitment_end_date, t.start_date + 30) + 30
      WHERE t.is_trial
      QUALIFY row_number() OVER (PARTITION BY t.subscription_id ORDER BY p.start_date, p.subscription_id) = 1) r WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
      WHERE f."billing_type" IN ($7)
      GROUP BY ALL
  ),
  keys AS (
    SELECT "d_term" FROM (SELECT "d_term" FROM fact_status_p UNION ALL SELECT "d_term" FROM fact_events_p) u GROUP BY ALL
  )
SELECT CAST(x."d_term" AS VARCHAR) AS "term",
  CAST(coalesce(fact_status_p."m_activeSubscriptions", 0) AS DOUBLE) AS "activeSubscriptions",
  CAST(coalesce(fact_status_p."m_expiringIn30Days", 0) AS DOUBLE) AS "expiringIn30Days",
  CAST(coalesce(fact_status_p."m_renewingIn30Days", 0) AS DOUBLE) AS "renewingIn30Days",
  CAST(coalesce(fact_events_p."m_trialConversions", 0) AS DOUBLE) AS "trialConversions"
FROM spine_p s CROSS JOIN keys x
LEFT JOIN fact_status_p ON fact_status_p.k = s.k AND fact_status_p."d_term" IS NOT DISTINCT FROM x."d_term"
LEFT JOIN fact_events_p ON fact_events_p.k = s.k AND fact_events_p."d_term" IS NOT DISTINCT FROM x."d_term"
ORDER BY x."d_term" NULLS LAST
-- params: ["2026-01-01","2026-03-31","active",true,0,30,"license","conversion"]
