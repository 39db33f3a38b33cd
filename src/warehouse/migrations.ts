// The warehouse schema, as an ordered list of migrations. A file records the last version applied in
// `schema_version`; opening an older file applies the missing steps in one transaction each.
// Never edit a released step: add a new one.
//
// Conventions: `customer_id` is the customer's Azure AD tenant id everywhere (Partner Center's analytics,
// the reconciliation file and Graph reports all key customers by tenant). Money is DECIMAL(38,12): exact
// sums to the last cent over tens of millions of rows, enough scale for per-unit prices like 0.0000008.
// `run_id` on a row names the run that loaded it.

import { azureServiceMapSql } from '../models/azureServices.js';

export const migrations: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'run history, rejected rows, loaded files, freshness and the Partner Center datasets',
    sql: `
CREATE SEQUENCE IF NOT EXISTS run_ids START 1;
CREATE TABLE runs (
  id BIGINT PRIMARY KEY,
  job VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  status VARCHAR NOT NULL,          -- running|succeeded|partial|failed|interrupted
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  rows_read BIGINT NOT NULL DEFAULT 0,
  rows_loaded BIGINT NOT NULL DEFAULT 0,
  rows_rejected BIGINT NOT NULL DEFAULT 0,
  rows_duplicate BIGINT NOT NULL DEFAULT 0,
  cause VARCHAR,
  pid INTEGER,
  trigger VARCHAR                   -- cli|schedule|api
);
CREATE TABLE rejected_rows (
  run_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,          -- file path or API resource
  line BIGINT,                      -- 1-based line in the file (header is line 1), NULL for API items
  field VARCHAR,
  reason VARCHAR NOT NULL,
  raw VARCHAR
);
CREATE TABLE loaded_files (
  content_hash VARCHAR PRIMARY KEY, -- sha256 of the file's bytes
  path VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  size BIGINT NOT NULL,
  modified_at TIMESTAMP,
  run_id BIGINT NOT NULL,
  rows_loaded BIGINT NOT NULL
);
CREATE TABLE freshness (
  dataset VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  as_of TIMESTAMP NOT NULL,         -- newest data time the source vouched for
  run_id BIGINT NOT NULL,
  PRIMARY KEY (dataset, source)
);

CREATE TABLE customers (
  customer_id VARCHAR NOT NULL,     -- tenant id
  partner_customer_id VARCHAR,      -- Partner Center customer id (usually the tenant id)
  name VARCHAR NOT NULL,
  domain VARCHAR,
  country VARCHAR,
  relationship VARCHAR,
  source VARCHAR NOT NULL,
  run_id BIGINT NOT NULL
);
CREATE TABLE subscriptions (
  subscription_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  offer_id VARCHAR,
  offer_name VARCHAR,
  friendly_name VARCHAR,
  product VARCHAR,                  -- display product: offer name
  quantity INTEGER,
  unit_type VARCHAR,
  status VARCHAR NOT NULL,          -- none|active|pending|suspended|expired|deleted
  auto_renew BOOLEAN,
  billing_type VARCHAR,             -- license|usage
  billing_cycle VARCHAR,
  term_duration VARCHAR,            -- ISO 8601: P1M, P1Y, P3Y
  is_trial BOOLEAN,
  creation_date TIMESTAMP,
  effective_start_date DATE,
  commitment_end_date DATE,
  ended_date DATE,                  -- when it became expired/deleted, when known
  entitlement_id VARCHAR,
  source VARCHAR NOT NULL,
  run_id BIGINT NOT NULL
);
-- Status and quantity over time (type-2 history): one row per stretch of days with the same values.
CREATE TABLE subscription_history (
  subscription_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  quantity INTEGER,
  auto_renew BOOLEAN,
  valid_from DATE NOT NULL,
  valid_to DATE,                    -- exclusive; NULL while current
  run_id BIGINT NOT NULL
);
-- Daily snapshot of subscribed SKUs (GET /customers/{id}/subscribedskus): sold = totalUnits, assigned = consumedUnits.
CREATE TABLE license_snapshots (
  date DATE NOT NULL,
  customer_id VARCHAR NOT NULL,
  sku_id VARCHAR NOT NULL,
  sku_name VARCHAR,
  sku_part_number VARCHAR,
  product VARCHAR,
  total_units INTEGER NOT NULL,
  consumed_units INTEGER NOT NULL,
  active_units INTEGER,
  suspended_units INTEGER,
  warning_units INTEGER,
  capability_status VARCHAR,
  run_id BIGINT NOT NULL
);
-- Partner Center analytics: licenses deployed and sold per customer and product.
CREATE TABLE license_deployment (
  date DATE NOT NULL,               -- processedDateTime's day
  customer_id VARCHAR NOT NULL,
  customer_name VARCHAR,
  product_id VARCHAR NOT NULL,
  product_name VARCHAR,
  service_code VARCHAR,
  licenses_deployed INTEGER NOT NULL,
  licenses_sold INTEGER NOT NULL,
  run_id BIGINT NOT NULL
);
-- Partner Center analytics: 28-day active and qualified users per customer, workload and product.
CREATE TABLE workload_usage (
  date DATE NOT NULL,
  customer_id VARCHAR NOT NULL,
  customer_name VARCHAR,
  workload VARCHAR NOT NULL,        -- exchange|sharepoint|teams|yammer|skype|office-apps
  workload_code VARCHAR,
  workload_name VARCHAR,
  service_code VARCHAR,
  product_id VARCHAR NOT NULL,
  product_name VARCHAR,
  licenses_active INTEGER NOT NULL,
  licenses_qualified INTEGER NOT NULL,
  run_id BIGINT NOT NULL
);
-- Microsoft 365 active user detail (Graph getOffice365ActiveUserDetail) per report refresh date.
CREATE TABLE user_activity (
  report_date DATE NOT NULL,
  customer_id VARCHAR NOT NULL,
  upn VARCHAR NOT NULL,
  display_name VARCHAR,
  is_deleted BOOLEAN NOT NULL,
  deleted_date DATE,
  assigned_products VARCHAR,        -- Graph's '+'-joined list
  exchange_last DATE,
  onedrive_last DATE,
  sharepoint_last DATE,
  skype_last DATE,
  yammer_last DATE,
  teams_last DATE,
  run_id BIGINT NOT NULL
);
-- Azure consumption, one row per line of a daily-rated usage file, cost export or FOCUS file.
CREATE TABLE azure_usage (
  date DATE NOT NULL,
  customer_id VARCHAR NOT NULL,
  customer_name VARCHAR,
  subscription_id VARCHAR,
  subscription_name VARCHAR,
  meter_id VARCHAR,
  meter_category VARCHAR,
  meter_subcategory VARCHAR,
  meter VARCHAR,
  service_name VARCHAR,
  service_category VARCHAR,
  region VARCHAR,
  resource_group VARCHAR,
  resource_id VARCHAR,
  charge_type VARCHAR,
  provider VARCHAR,
  currency VARCHAR NOT NULL,
  cost DECIMAL(38,12) NOT NULL,
  effective_cost DECIMAL(38,12),
  list_cost DECIMAL(38,12),
  quantity DOUBLE,
  unit VARCHAR,
  tags VARCHAR,
  source_format VARCHAR NOT NULL,   -- recon|cost-export|focus|pc-api|demo
  run_id BIGINT NOT NULL
);
-- Which load owns each (customer, day) of Azure data: a newer file restates a day; an older one never overwrites it.
CREATE TABLE azure_slices (
  customer_id VARCHAR NOT NULL,
  date DATE NOT NULL,
  version TIMESTAMP NOT NULL,       -- file modification time or API pull time
  run_id BIGINT NOT NULL,
  PRIMARY KEY (customer_id, date)
);
CREATE TABLE activity (
  record_id VARCHAR NOT NULL,
  operation_date TIMESTAMP NOT NULL,
  customer_id VARCHAR,
  customer_name VARCHAR,
  user_principal_name VARCHAR,
  application_id VARCHAR,
  resource_type VARCHAR,
  operation_type VARCHAR,
  operation_status VARCHAR,         -- succeeded|failed|progress
  resource_old_value VARCHAR,
  resource_new_value VARCHAR,
  customized_data VARCHAR,          -- JSON object of the key/value pairs
  run_id BIGINT NOT NULL
);
-- Customer spending budgets (Partner Center or configuration), in the budget's currency.
CREATE TABLE budgets (
  customer_id VARCHAR NOT NULL,
  currency VARCHAR NOT NULL,
  monthly_amount DECIMAL(38,12) NOT NULL,
  source VARCHAR NOT NULL,
  PRIMARY KEY (customer_id, currency)
);
`,
  },
  {
    version: 2,
    description: 'azure_usage.line_hash: which source line a row came from, so that duplicate lines are told from look-alike ones',
    // Two lines of an export are the same charge reported twice only when every value is equal, including
    // values the warehouse does not keep (a FOCUS row's hour, a recon row's AdditionalInfo): the files
    // source hashes the whole line. NULL for rows from sources that have no lines.
    sql: `ALTER TABLE azure_usage ADD COLUMN line_hash UBIGINT;`,
  },
  {
    version: 3,
    description: 'azure_service_map: Azure service names, meter categories and consumed services → FOCUS service category',
    // From the committed lookup (fixtures/lookup/azure-services.csv, MIT); read only when a file is migrated.
    get sql() {
      return azureServiceMapSql();
    },
  },
  {
    version: 4,
    description: 'agg_state: which version of their sources the pre-aggregations (agg_* tables) were built from',
    // The agg_* tables themselves are created by the writer's refresh (models/aggregates.ts), which knows
    // their queries; a file upgraded here has none until its next run, and readers use the base tables.
    sql: `CREATE TABLE agg_state (
  table_name VARCHAR PRIMARY KEY,
  version VARCHAR NOT NULL,        -- row count and newest run of each source table when it was built
  refreshed_at TIMESTAMP NOT NULL
);`,
  },
  {
    version: 5,
    description: 'users, their roles and the append-only audit log (SPEC §6)',
    // A user is a UPN (lower-cased); roles are rows so that granting and revoking is one insert or delete.
    // The audit log is only ever appended to: no code path updates or deletes its rows.
    sql: `
CREATE TABLE users (
  upn VARCHAR PRIMARY KEY,          -- lower-cased user principal name (e-mail form)
  display_name VARCHAR,
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR
);
CREATE TABLE user_roles (
  upn VARCHAR NOT NULL,
  role VARCHAR NOT NULL,            -- mpn-partner-admin|operator
  granted_at TIMESTAMP NOT NULL,
  granted_by VARCHAR,
  PRIMARY KEY (upn, role)
);
CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
  "at" TIMESTAMP NOT NULL,        -- quoted: AT is a keyword in DuckDB 1.5
  actor VARCHAR NOT NULL,           -- UPN, or "system" for the scheduler
  action VARCHAR NOT NULL,          -- grant|revoke|refuse|deliver|skip|alert-fire|alert-clear|api-key-create|embed-token-issue…
  subject VARCHAR,
  outcome VARCHAR NOT NULL,         -- ok|refused|failed|skipped
  detail VARCHAR
);
`,
  },
  {
    version: 6,
    description: 'deliveries and the delivery ledger (SPEC §6)',
    // The ledger's key is (delivery, period, recipient): a row exists once that recipient was sent that
    // period, so re-runs, crashes and double fires send at most once (the Message-ID derives from the key).
    sql: `
CREATE TABLE deliveries (
  id VARCHAR PRIMARY KEY,
  report VARCHAR NOT NULL,
  customer VARCHAR,                 -- tenant id filter, or NULL for the partner-wide report
  formats VARCHAR NOT NULL,         -- html,xlsx
  schedule VARCHAR NOT NULL,        -- cron expression
  time_zone VARCHAR NOT NULL,       -- IANA zone
  recipients VARCHAR NOT NULL,      -- comma-separated UPNs
  channel VARCHAR NOT NULL,         -- email|outbox
  max_age_minutes INTEGER,
  hold_when_stale BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR NOT NULL
);
CREATE TABLE delivery_ledger (
  delivery VARCHAR NOT NULL,
  period VARCHAR NOT NULL,          -- the firing (UTC ISO) the pack belongs to
  recipient VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  message_id VARCHAR NOT NULL,
  sent_at TIMESTAMP NOT NULL,
  PRIMARY KEY (delivery, period, recipient)
);
`,
  },
  {
    version: 7,
    description: 'the schedule ledger: each logical period a schedule fired for, recorded once, and how far each schedule was seen',
    // One row per (job, logical date) however many times the clock shows the firing's hour (DST fall-back) or
    // however often the service restarts; `schedule_cursor` remembers up to when firings were considered, so
    // a start after downtime catches up what fell in between.
    sql: `
CREATE TABLE schedule_ledger (
  job VARCHAR NOT NULL,
  logical_date DATE NOT NULL,       -- the last day of the period this firing loads
  fired_at TIMESTAMP NOT NULL,      -- UTC instant of the firing the period belongs to
  state VARCHAR NOT NULL,           -- due|running|succeeded|partial|retry|failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP,        -- UTC; when a due or retrying period may start
  run_id BIGINT,                    -- the last run that worked on it
  cause VARCHAR,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (job, logical_date)
);
CREATE TABLE schedule_cursor (
  job VARCHAR PRIMARY KEY,
  seen_until TIMESTAMP NOT NULL     -- UTC; firings up to here have been entered in the ledger
);
`,
  },
  {
    version: 8,
    description: 'api_keys: HTTP API keys, kept as SHA-256 hashes, each naming its user and role (SPEC §7)',
    // The key itself is shown once and never stored; `id` is its public part, for lists and revocation.
    // A key is checked against its user's roles on every request, so losing the role kills it at once.
    sql: `
CREATE TABLE api_keys (
  id VARCHAR PRIMARY KEY,
  key_hash VARCHAR NOT NULL UNIQUE, -- hex SHA-256 of the whole key
  upn VARCHAR NOT NULL,
  role VARCHAR NOT NULL,            -- mpn-partner-admin|operator
  name VARCHAR,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR NOT NULL,
  revoked_at TIMESTAMP,
  revoked_by VARCHAR
);
`,
  },
  {
    version: 9,
    description: 'alert state: one row per alert and subject while it is breached (SPEC §6)',
    sql: `
CREATE TABLE alert_state (
  alert VARCHAR NOT NULL,
  subject VARCHAR NOT NULL,         -- the breach's dimension values, e.g. "customerId=…, currency=EUR"
  breached_since TIMESTAMP NOT NULL,
  last_notified TIMESTAMP NOT NULL,
  value DOUBLE,
  PRIMARY KEY (alert, subject)
);
`,
  },
  {
    version: 10,
    description: 'graph_export_blobs and user_activity_coverage: which Graph billing export blobs were loaded, and which customers gave user data',
    // An export whose eTag is unchanged holds unchanged data: a run that finds every blob of that eTag here
    // loads nothing. Coverage is replaced per customer on every user-activity pull, so the packs can say which
    // customers lack user data (no GDAP consent) and which conceal user names.
    sql: `
CREATE TABLE graph_export_blobs (
  etag VARCHAR NOT NULL,
  blob VARCHAR NOT NULL,
  export_key VARCHAR NOT NULL,      -- unbilled/USD/current, billed/<invoice id>
  manifest_id VARCHAR,
  run_id BIGINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  PRIMARY KEY (etag, blob)
);
CREATE TABLE user_activity_coverage (
  customer_id VARCHAR PRIMARY KEY,
  customer_name VARCHAR,
  status VARCHAR NOT NULL,          -- loaded|no-consent
  concealed BOOLEAN NOT NULL,       -- user names hashed by the tenant (displayConcealedNames)
  detail VARCHAR,
  run_id BIGINT NOT NULL,
  checked_at TIMESTAMP NOT NULL
);
`,
  },
  {
    version: 11,
    description: 'deliveries.locale: the language and formats of a delivery\'s pack and mail',
    // NULL: the configuration's locale at each send, so changing the default changes every delivery that
    // did not choose one.
    sql: `
ALTER TABLE deliveries ADD COLUMN locale VARCHAR;
`,
  },
];

export const latestVersion = Math.max(0, ...migrations.map((m) => m.version));
