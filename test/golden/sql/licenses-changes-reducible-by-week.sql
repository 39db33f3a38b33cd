WITH customer_attributes AS (
    SELECT customer_id, arg_max(name, run_id) AS name, arg_max(country, run_id) AS country,
        arg_max(domain, run_id) AS domain
      FROM main.customers GROUP BY customer_id
  ),
  spine_p AS (
    SELECT CAST(b AS DATE) AS k, greatest(CAST(b AS DATE), CAST($1 AS DATE)) AS ws, least(CAST(b + INTERVAL 7 DAY - INTERVAL 1 DAY AS DATE), CAST($2 AS DATE)) AS we, CAST(b + INTERVAL 7 DAY - INTERVAL 1 DAY AS DATE) AS be
      FROM generate_series(date_trunc('week', CAST($1 AS DATE)), CAST(CAST($2 AS DATE) AS TIMESTAMP), INTERVAL 7 DAY) AS g(b)
  ),
  known_changes_p AS (
    SELECT k FROM spine_p WHERE we >= (SELECT min(date) FROM main.license_snapshots)
  ),
  fact_changes_p AS (
    SELECT f.k, max(coalesce(c.name, f.customer_id)) AS "d_customer", f.customer_id AS "dk_customer", sum(f."added_units") AS "m_licenseAdds", sum(f."removed_units") AS "m_licenseReductions"
      FROM (SELECT CAST(date_trunc('week', r."date") AS DATE) AS k, r.* FROM (SELECT date, customer_id, sku_id, sku, product, greatest(delta, 0) AS added_units, greatest(-delta, 0) AS removed_units
      FROM (
        SELECT f.date, f.customer_id, f.sku_id, coalesce(f.sku_name, f.sku_part_number, f.sku_id) AS sku, f.product,
          f.total_units - coalesce(lag(f.total_units) OVER w, 0) AS delta,
          lag(f.date) OVER w AS previous_date
        FROM main.license_snapshots f
        WHERE f.date BETWEEN coalesce((SELECT max(date) FROM main.license_snapshots WHERE date < CAST($1 AS DATE)), CAST($1 AS DATE)) AND CAST($2 AS DATE)
        WINDOW w AS (PARTITION BY f.customer_id, f.sku_id ORDER BY f.date)
      )
      WHERE delta <> 0 AND NOT (previous_date IS NULL AND date = (SELECT min(date) FROM main.license_snapshots))) r WHERE r."date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      WHERE f.customer_id IN ($3, $4)
      GROUP BY ALL
  ),
  fact_renewals_p AS (
    SELECT f.k, max(coalesce(c.name, f.customer_id)) AS "d_customer", f.customer_id AS "dk_customer", sum(f."reducible_units") AS "m_reducibleAtRenewal"
      FROM (WITH snapshot_days AS (
        SELECT s.k, max(x.date) AS d FROM spine_p s
        JOIN (SELECT DISTINCT "date" AS date FROM main."license_snapshots" WHERE "date" BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)) x ON x.date BETWEEN s.ws AND s.we
        GROUP BY s.k
      ),
      renewing AS (
        SELECT r.k, r.customer_id, r.product, sum(r.quantity) AS units
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
    ) y) r
        WHERE r.status = 'active' AND r.auto_renew AND coalesce(r.billing_type, 'license') = 'license'
          AND r.days_to_term_end BETWEEN 0 AND 30
        GROUP BY ALL
      ),
      unassigned AS (
        SELECT sd.k, f.customer_id, f.product, sum(f.total_units) - sum(f.consumed_units) AS units
        FROM snapshot_days sd JOIN main.license_snapshots f ON f.date = sd.d
        SEMI JOIN renewing r ON r.k = sd.k AND r.customer_id = f.customer_id AND r.product = f.product
        GROUP BY ALL
      )
      SELECT u.k, u.customer_id, u.product, greatest(u.units, 0) AS unassigned_units, r.units AS renewing_units,
        least(greatest(u.units, 0), r.units) AS reducible_units
      FROM unassigned u JOIN renewing r ON r.k = u.k AND r.customer_id = u.customer_id AND r.product = u.product) f
      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id
      WHERE f.customer_id IN ($3, $4)
      GROUP BY ALL
  ),
  keys AS (
    SELECT "dk_customer", max("d_customer") AS "d_customer" FROM (SELECT "dk_customer", "d_customer" FROM fact_changes_p UNION ALL SELECT "dk_customer", "d_customer" FROM fact_renewals_p) u GROUP BY ALL
  )
SELECT strftime(s.k, '%Y-%m-%d') AS "date",
  CAST(x."d_customer" AS VARCHAR) AS "customer",
  CAST(CASE WHEN has_fact_changes_p.k IS NOT NULL THEN coalesce(fact_changes_p."m_licenseAdds", 0) END AS DOUBLE) AS "licenseAdds",
  CAST(CASE WHEN has_fact_changes_p.k IS NOT NULL THEN coalesce(fact_changes_p."m_licenseReductions", 0) END AS DOUBLE) AS "licenseReductions",
  CAST(coalesce(fact_renewals_p."m_reducibleAtRenewal", 0) AS DOUBLE) AS "reducibleAtRenewal"
FROM spine_p s CROSS JOIN keys x
LEFT JOIN fact_changes_p ON fact_changes_p.k = s.k AND fact_changes_p."dk_customer" IS NOT DISTINCT FROM x."dk_customer"
LEFT JOIN (SELECT DISTINCT k FROM known_changes_p) has_fact_changes_p ON has_fact_changes_p.k = s.k
LEFT JOIN fact_renewals_p ON fact_renewals_p.k = s.k AND fact_renewals_p."dk_customer" IS NOT DISTINCT FROM x."dk_customer"
ORDER BY s.k, x."d_customer" NULLS LAST, x."dk_customer" NULLS LAST
-- params: ["2026-01-01","2026-03-31","t1","t2"]
