import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { guardSql } from '../src/models/compile/sqlGuard.js';
import { prepareQuery, query, type QueryRequest } from '../src/models/query.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { runCli } from './helpers/children.js';
import { fixtureWarehouse, insertRows, type FixtureWarehouse } from './modelsFixture.js';

// RELIABILITY case 23 (sql-injection): values are bound, identifiers come from the model only, unknown
// names are refused with the list of valid ones, and no query reaches a file or an extension.

let fw: FixtureWarehouse;
const evilName = "'; DROP TABLE customers; --";
beforeAll(async () => {
  fw = await fixtureWarehouse();
  await insertRows(fw.warehouse.db, 'customers', [{ customer_id: 't9', name: evilName, country: 'US' }]);
  await insertRows(fw.warehouse.db, 'activity', [{ record_id: 'x1', operation_date: '2026-03-15T00:00:00', customer_id: 't9', customer_name: evilName, user_principal_name: "x\"; DROP TABLE t; --", resource_type: 'order', operation_type: 'create_order', operation_status: 'succeeded' }]);
});
afterAll(async () => fw.close());

const period = { from: '2026-01-01', to: '2026-03-31' };
const attacks = [
  "' OR 1=1 --",
  'x"; DROP TABLE t; --',
  "read_csv('/etc/passwd')",
  "x') UNION SELECT * FROM read_csv('/etc/passwd') --",
  "ATTACH '/tmp/partnerlens-evil.duckdb' AS evil",
  "COPY customers TO '/tmp/partnerlens-evil.csv'",
  'INSTALL httpfs; LOAD httpfs',
  '$1',
  '?',
];

async function refused(request: QueryRequest, message: RegExp): Promise<void> {
  await expect(query(fw.warehouse.db, request)).rejects.toSatisfy((e: unknown) => e instanceof UsageError && message.test((e as Error).message));
}

async function tablesIntact() {
  const count = await fw.warehouse.db.value<number>('SELECT count(*) FROM main.customers');
  expect(count).toBe(fw.fixture.customers.length + 1);
  expect(await fw.warehouse.db.value<number>('SELECT count(*) FROM main.activity')).toBe(fw.fixture.activity.length + 1);
}

describe('sql-injection (RELIABILITY 23)', () => {
  it('filter values are bound: an attack is a value that matches nothing, never SQL', async () => {
    for (const value of attacks) {
      const request: QueryRequest = { model: 'activity', measures: ['operations'], by: ['customer'], where: [{ dimension: 'customer', values: [value] }], ...period };
      expect((await query(fw.warehouse.db, request)).rows).toEqual([]);
      const { sql, params } = await prepareQuery(fw.warehouse.db, request);
      expect(params).toContain(value);
      if (value.length > 2) expect(sql).not.toContain(value);
    }
    // Several values, one of them real: only the real one matches.
    const { rows } = await query(fw.warehouse.db, { model: 'activity', measures: ['operations'], by: ['customer'], where: [{ dimension: 'customer', values: ["' OR 1=1 --", 'Fabrikam'] }], ...period });
    expect(rows).toEqual([{ customer: 'Fabrikam', operations: 2 }]);
    await tablesIntact();
  });

  it('names that look like SQL are data: a customer called "\'; DROP TABLE customers; --" is shown and filtered as text', async () => {
    const { rows } = await query(fw.warehouse.db, { model: 'activity', measures: ['operations'], by: ['customer', 'user'], where: [{ dimension: 'customer', values: [evilName] }], ...period });
    expect(rows).toEqual([{ customer: evilName, user: 'x"; DROP TABLE t; --', operations: 1 }]);
    await tablesIntact();
  });

  it('identifiers come from the model only: attacks as measure, dimension, filter dimension, grain or order are refused with the valid names', async () => {
    for (const attack of attacks) {
      await refused({ model: 'azure', measures: [attack] }, /^unknown measure .* valid measures of azure: cost, effectiveCost, quantity/);
      await refused({ model: 'azure', measures: ['cost'], by: ['currency', attack] }, /unknown dimension|has no time grain|expected a dimension/);
      await refused({ model: 'azure', measures: ['cost'], by: ['currency'], where: [{ dimension: attack, values: ['x'] }] }, /unknown dimension .* in filter.*valid dimensions of azure: date, customer, customerId/);
      await refused({ model: 'azure', measures: ['cost'], by: ['currency'], orderBy: [{ name: attack }] }, /cannot order by .*: not in the result/);
      await refused({ model: attack, measures: ['cost'] }, /unknown model .* valid models: customers, subscriptions, licenses, usage, users, azure, activity/);
      await refused({ model: 'azure', measures: ['cost'], by: ['currency', `date:${attack}`] }, /unknown grain|expected a dimension/);
    }
    await refused({ model: 'azure', measures: ['cost'], by: ['currency'], from: "2026-01-01' OR 1=1 --" }, /invalid from/);
    await refused({ model: 'users', measures: ['licensedUsers'], where: [{ dimension: 'lastActivity', values: ["2026-01-01') OR (1=1"] }] }, /invalid lastActivity value/);
    await refused({ model: 'azure', measures: ['cost'], by: ['currency'], limit: 1.5 }, /limit must be a whole number/);
    await refused({ model: 'users', measures: ['licensedUsers'], where: [{ dimension: 'inactiveFor', values: ["90+' OR '1'='1"] }] }, /is not one of active, 30-59, 60-89, 90\+/);
    await refused({ model: 'users', measures: ['licensedUsers'], where: [{ dimension: 'assignedProducts', values: ['VISIO PLAN 2'] }] }, /filter on "assignedProducts": its values are lists, which are not filtered on; filter by the dimension of one item/);
    await tablesIntact();
  });

  it('unknown dimensions and measures are refused with the list of valid ones and a suggestion', async () => {
    await refused({ model: 'licenses', measures: ['licenseSold'] }, /unknown measure "licenseSold" in model licenses; did you mean "licensesSold"\?; valid measures of licenses: licensesSold, licensesAssigned/);
    await refused({ model: 'licenses', measures: ['licensesSold'], by: ['skuu'] }, /unknown dimension "skuu" in model licenses; did you mean "sku"\?; valid dimensions of licenses: date, customer, customerId, product, sku, deploymentBucket, usageBucket/);
    await refused({ model: 'azure', measures: ['budgetUsed'], by: ['currency', 'meterCategory'] }, /measure "budgetUsed" cannot be broken down by "meterCategory": it is available by date, customer, customerId, currency/);
  });

  it('no file is written and no database attached, whatever the values', async () => {
    for (const value of attacks) {
      await query(fw.warehouse.db, { model: 'azure', measures: ['cost'], by: ['customer'], where: [{ dimension: 'currency', values: ['USD'] }, { dimension: 'meterCategory', values: [value] }], ...period });
    }
    expect(existsSync('/tmp/partnerlens-evil.csv')).toBe(false);
    expect(existsSync('/tmp/partnerlens-evil.duckdb')).toBe(false);
    const databases = await fw.warehouse.db.all<{ database_name: string }>("SELECT database_name FROM duckdb_databases() WHERE NOT internal");
    expect(databases.map((d) => d.database_name)).toEqual(['warehouse']);
  });

  it('the compiled SQL names only its model\'s tables: the guard refuses files, other tables, attaches and extension loads', async () => {
    const compiled = await prepareQuery(fw.warehouse.db, { model: 'licenses', measures: ['reducibleAtRenewal', 'usageRate'], by: ['customer'], ...period });
    expect(compiled.tables).toEqual(['agg_snapshot_days', 'customers', 'freshness', 'license_snapshots', 'subscription_history', 'subscriptions', 'workload_usage']);
    const db = fw.warehouse.db;
    await expect(guardSql(db, "SELECT * FROM read_csv('/etc/passwd')", ['customers'])).rejects.toThrow(/calls table function read_csv/);
    await expect(guardSql(db, 'SELECT * FROM main.runs', ['customers'])).rejects.toThrow(/reads main\.runs, which its model does not name/);
    await expect(guardSql(db, 'SELECT * FROM other.main.customers', ['customers'])).rejects.toThrow(/reads other\.main\.customers/);
    await expect(guardSql(db, 'SELECT * FROM customers', ['customers'])).rejects.toThrow(/reads customers/);
    await expect(guardSql(db, "SELECT read_text('/etc/passwd')", [])).rejects.toThrow(/calls read_text/);
    await expect(guardSql(db, "SELECT getenv('HOME')", [])).rejects.toThrow(/calls getenv/);
    await expect(guardSql(db, "ATTACH 'x.duckdb'", [])).rejects.toThrow(/invalid compiled query/);
    await expect(guardSql(db, "COPY (SELECT 1) TO '/tmp/partnerlens-evil.csv'", [])).rejects.toThrow(/invalid compiled query/);
    await expect(guardSql(db, 'INSTALL httpfs', [])).rejects.toThrow(/invalid compiled query/);
    await expect(guardSql(db, 'SELECT 1; SELECT 2', [])).rejects.toThrow(/exactly one statement/);
    await expect(guardSql(db, 'WITH x AS (SELECT * FROM main.customers) SELECT * FROM x', ['customers'])).resolves.toBeUndefined();
  });

  it('row-level security: a scope sees its tenants only; an empty scope sees nothing', async () => {
    const scoped = await query(fw.warehouse.db, { model: 'licenses', measures: ['licensesSold'], by: ['customerId'], scope: { customerIds: ['t2'] }, ...period });
    expect(scoped.rows.map((r) => r.customerId)).toEqual(['t2']);
    const asking = await query(fw.warehouse.db, { model: 'licenses', measures: ['licensesSold'], by: ['customerId'], where: [{ dimension: 'customerId', values: ['t1'] }], scope: { customerIds: ['t2'] }, ...period });
    expect(asking.rows).toEqual([]);
    const totals = await query(fw.warehouse.db, { model: 'azure', measures: ['cost', 'budgetUsed'], by: ['currency'], scope: { customerIds: ['t2'] }, ...period });
    expect(totals.rows.map((r) => r.currency)).toEqual(['EUR']);
    const nothing = await query(fw.warehouse.db, { model: 'customers', measures: ['customers'], scope: { customerIds: [] }, ...period });
    expect(nothing.rows).toEqual([{ customers: 0 }]);
    const users = await query(fw.warehouse.db, { model: 'users', measures: ['licensedUsers'], by: ['user'], scope: { customerIds: ["t1' OR 1=1 --"] }, ...period });
    expect(users.rows).toEqual([]);
  });

  it('the product reads with external access off: a view planted in the file to read a CSV fails in query() and in `partnerlens query`', async () => {
    // The compiled SQL names main.activity only (the guard passes it); a tampered warehouse makes that a
    // view over a file. Only the product's own setting stands between the view and the file.
    const other = await fixtureWarehouse();
    try {
      const secret = join(other.dir, 'secret.csv');
      writeFileSync(secret, 'leak\nTOP-SECRET-ROW\n');
      await other.warehouse.db.run('ALTER TABLE activity RENAME TO activity_real');
      await other.warehouse.db.run(`CREATE VIEW activity AS SELECT a.* REPLACE (s.leak AS user_principal_name) FROM activity_real a CROSS JOIN read_csv('${secret}') s`);
      const request: QueryRequest = { model: 'activity', measures: ['operations'], by: ['user'], ...period };
      // The writer has external access (it ingests files): there the view does reach the file.
      const leaked = await query(other.warehouse.db, request);
      expect(leaked.rows.map((r) => r.user)).toEqual(['TOP-SECRET-ROW']);
      await other.warehouse.close();

      // query() on the warehouse opened read-only, as `partnerlens query` and render open it.
      const reader = await openWarehouse({ path: other.path, readOnly: true });
      try {
        await expect(query(reader.db, request)).rejects.toThrow(/disabled by configuration/);
        await expect(reader.db.run('SET enable_external_access = true')).rejects.toThrow(/Cannot enable external access/);
      } finally {
        await reader.close();
      }

      // The CLI as a user runs it.
      const cli = runCli(['query', 'activity', '--measures', 'operations', '--by', 'user', '--from', period.from, '--to', period.to, '--db', other.path, '--format', 'json']);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toMatch(/disabled by configuration/);
      expect(cli.stdout + cli.stderr).not.toContain('TOP-SECRET-ROW');
    } finally {
      await other.close();
    }
  });
});
