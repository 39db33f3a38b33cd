import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import azureUsage from '../jobs/azure-usage.js';
import customers from '../jobs/customers.js';
import { runJob } from '../src/jobs/runJob.js';
import { listRuns } from '../src/runs/runHistory.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { sqlSource } from './helpers/sqlSource.js';
import { readyAggregates } from '../src/models/aggregates.js';
import { query } from '../src/models/query.js';
import { tempWarehouse, testConfig } from './helpers/tempWarehouse.js';

const period = { from: '2026-01-01', to: '2026-01-31' };
const customerRows = (names: [string, string][]) =>
  names.map(([id, name]) => `SELECT '${id}' AS customer_id, '${name}' AS name, 'demo' AS source, NULL::BIGINT AS _line`).join(' UNION ALL ');
const azureRow = (customer: string, date: string, cost: string, currency = 'USD', meter = 'Virtual Machines') =>
  `SELECT DATE '${date}' AS date, '${customer}' AS customer_id, '${currency}' AS currency, ${cost}::DECIMAL(38,12) AS cost, '${meter}' AS meter_category, 'recon' AS source_format`;

describe('runJob', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  let warehouse: Warehouse;
  beforeEach(async () => {
    w = await tempWarehouse();
    warehouse = w.warehouse;
  });
  afterEach(async () => w.cleanup());

  it('merges on the natural key: a re-run changes nothing, a changed row replaces the old one', async () => {
    const config = testConfig();
    const first = await runJob({ warehouse, config, job: customers, source: sqlSource([{ rows: { customers: customerRows([['t1', 'Contoso'], ['t2', 'Fabrikam']]) } }]), period });
    expect(first.status).toBe('succeeded');
    expect(first.counts).toMatchObject({ read: 2, loaded: 2, rejected: 0 });
    await runJob({ warehouse, config, job: customers, source: sqlSource([{ rows: { customers: customerRows([['t1', 'Contoso'], ['t2', 'Fabrikam']]) } }]), period });
    expect(await warehouse.db.value('SELECT count(*) FROM customers')).toBe(2);
    await runJob({ warehouse, config, job: customers, source: sqlSource([{ rows: { customers: customerRows([['t2', 'Fabrikam Ltd']]) } }]), period });
    expect(await warehouse.db.all('SELECT customer_id, name FROM customers ORDER BY 1')).toEqual([
      { customer_id: 't1', name: 'Contoso' },
      { customer_id: 't2', name: 'Fabrikam Ltd' },
    ]);
  });

  it('counts duplicate keys inside one batch and keeps the last', async () => {
    const rows = `SELECT 't1' AS customer_id, 'Old' AS name, 'demo' AS source, 1::BIGINT AS _line
      UNION ALL SELECT 't1', 'New', 'demo', 2 UNION ALL SELECT 't2', 'Other', 'demo', 3`;
    const outcome = await runJob({ warehouse, config: testConfig(), job: customers, source: sqlSource([{ rows: { customers: rows } }]), period });
    expect(outcome.counts).toMatchObject({ read: 3, loaded: 2, duplicate: 1 });
    expect(await warehouse.db.value("SELECT name FROM customers WHERE customer_id = 't1'")).toBe('New');
  });

  it('rejects a row missing a required column, naming the column and line, and records the run as partial', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `SELECT 't${i}' AS customer_id, 'C${i}' AS name, 'demo' AS source, ${i + 2}::BIGINT AS _line`)
      .concat([`SELECT 'tx', NULL, 'demo', 99`])
      .join(' UNION ALL ');
    const outcome = await runJob({ warehouse, config: testConfig(), job: customers, source: sqlSource([{ label: 'customers.csv', rows: { customers: rows } }]), period });
    expect(outcome.status).toBe('partial');
    expect(outcome.counts).toMatchObject({ read: 41, loaded: 40, rejected: 1 });
    expect(await warehouse.db.all('SELECT source, line, field, reason FROM rejected_rows')).toEqual([
      { source: 'customers.csv', line: 99, field: 'name', reason: 'name is required' },
    ]);
    const [run] = await listRuns(warehouse.db);
    expect(run).toMatchObject({ status: 'partial', rowsRead: 41, rowsLoaded: 40, rowsRejected: 1 });
  });

  it('refuses a batch above the reject threshold and leaves the published data as it was', async () => {
    const config = testConfig();
    await runJob({ warehouse, config, job: customers, source: sqlSource([{ rows: { customers: customerRows([['t1', 'Contoso']]) } }]), period });
    const bad = `SELECT 't1' AS customer_id, 'Changed' AS name, 'demo' AS source, 2::BIGINT AS _line UNION ALL SELECT 't3', NULL, 'demo', 3`;
    const outcome = await runJob({ warehouse, config, job: customers, source: sqlSource([{ label: 'bad.csv', rows: { customers: bad } }]), period });
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/bad\.csv: refused: 1 of 2 row\(s\) rejected, above the 5\.0% threshold; first: line 3, field name: name is required/);
    expect(await warehouse.db.all('SELECT customer_id, name FROM customers')).toEqual([{ customer_id: 't1', name: 'Contoso' }]);
  });

  it('a source failing mid-pull publishes nothing and records the run as failed with its cause', async () => {
    const config = testConfig();
    const outcome = await runJob({
      warehouse, config, job: customers,
      source: sqlSource([{ rows: { customers: customerRows([['t1', 'Contoso']]) }, failWith: new Error('page 3 of 5 failed') }]),
      period,
    });
    expect(outcome).toMatchObject({ status: 'failed', cause: 'page 3 of 5 failed' });
    expect(await warehouse.db.value('SELECT count(*) FROM customers')).toBe(0);
  });

  it('stamps the run id on staged rows a source left without one, merge and slices alike', async () => {
    const config = testConfig();
    // A source that leaves run_id empty: the runner gives the rows the run's id before publishing.
    const unstamped = (table: string, select: string) => {
      const source = sqlSource([{ rows: { [table]: select } }]);
      return {
        ...source,
        async *batches(...args: Parameters<typeof source.batches>) {
          for await (const batch of source.batches(...args)) {
            yield { ...batch, async fill(stage: Parameters<typeof batch.fill>[0]) {
              const result = await batch.fill(stage);
              await stage.db.run(`UPDATE ${stage.stages[table]} SET run_id = NULL`);
              return result;
            } };
          }
        },
      };
    };
    const merged = await runJob({ warehouse, config, job: customers, source: unstamped('customers', customerRows([['t1', 'Contoso']])), period });
    expect(await warehouse.db.all('SELECT DISTINCT run_id FROM customers')).toEqual([{ run_id: merged.runId }]);
    const sliced = await runJob({ warehouse, config, job: azureUsage, source: unstamped('azure_usage', azureRow('t1', '2026-01-03', '1.00')), period });
    expect(sliced.status).toBe('succeeded');
    expect(await warehouse.db.all('SELECT DISTINCT run_id FROM azure_usage')).toEqual([{ run_id: sliced.runId }]);
  });

  it('skips a file whose content was already loaded', async () => {
    const file = { hash: 'abc', path: '/x/a.csv', format: 'recon', size: 10, modifiedAt: '2026-01-02T00:00:00Z' };
    const config = testConfig();
    const first = await runJob({ warehouse, config, job: customers, source: sqlSource([{ file, rows: { customers: customerRows([['t1', 'A']]) } }], 'files'), period });
    const again = await runJob({ warehouse, config, job: customers, source: sqlSource([{ file: { ...file, path: '/y/copy.csv' }, rows: { customers: customerRows([['t1', 'B']]) } }], 'files'), period });
    expect(first.batches[0]?.status).toBe('loaded');
    expect(again.batches[0]?.status).toBe('skipped');
    expect(await warehouse.db.value('SELECT name FROM customers')).toBe('A');
  });

  it('the same job and period started twice at once is one run', async () => {
    const config = testConfig();
    const source = sqlSource([{ rows: { customers: customerRows([['t1', 'Contoso']]) } }]);
    const [a, b] = await Promise.all([
      runJob({ warehouse, config, job: customers, source, period, trigger: 'schedule' }),
      runJob({ warehouse, config, job: customers, source, period, trigger: 'api' }),
    ]);
    expect(a.runId).toBe(b.runId);
    expect(await warehouse.db.value('SELECT count(*) FROM runs')).toBe(1);
    expect(await warehouse.db.value('SELECT count(*) FROM customers')).toBe(1);
  });

  describe('Azure slices', () => {
    const load = (version: string, rows: string[]) =>
      runJob({ warehouse, config: testConfig(), job: azureUsage, source: sqlSource([{ version, rows: { azure_usage: rows.join(' UNION ALL ') } }]), period });
    const total = async () =>
      warehouse.db.all('SELECT customer_id, date, currency, sum(cost)::VARCHAR AS cost FROM azure_usage GROUP BY ALL ORDER BY ALL');

    it('two loads overlapping by days give stable totals', async () => {
      await load('2026-01-05T00:00:00Z', [azureRow('c1', '2026-01-01', '1.10'), azureRow('c1', '2026-01-02', '2.20'), azureRow('c1', '2026-01-03', '3.30')]);
      await load('2026-01-06T00:00:00Z', [azureRow('c1', '2026-01-02', '2.20'), azureRow('c1', '2026-01-03', '3.30'), azureRow('c1', '2026-01-04', '4.40')]);
      expect(await warehouse.db.value('SELECT sum(cost)::VARCHAR FROM azure_usage')).toBe('11.000000000000');
    });

    it('a newer load restates a day; an older one arriving late does not overwrite it', async () => {
      await load('2026-01-05T00:00:00Z', [azureRow('c1', '2026-01-01', '10.00')]);
      await load('2026-01-07T00:00:00Z', [azureRow('c1', '2026-01-01', '12.50')]);
      const late = await load('2026-01-06T00:00:00Z', [azureRow('c1', '2026-01-01', '11.00'), azureRow('c1', '2026-01-02', '5.00')]);
      expect(await total()).toEqual([
        { customer_id: 'c1', date: '2026-01-01', currency: 'USD', cost: '12.500000000000' },
        { customer_id: 'c1', date: '2026-01-02', currency: 'USD', cost: '5.000000000000' },
      ]);
      expect(late.batches[0]?.superseded).toBe(1);
    });

    it('exact duplicate lines are loaded once and counted', async () => {
      const outcome = await load('2026-01-05T00:00:00Z', [azureRow('c1', '2026-01-01', '1.00'), azureRow('c1', '2026-01-01', '1.00'), azureRow('c1', '2026-01-01', '2.00', 'USD', 'Storage')]);
      expect(outcome.counts).toMatchObject({ loaded: 2, duplicate: 1 });
      expect(await warehouse.db.value('SELECT sum(cost)::VARCHAR FROM azure_usage')).toBe('3.000000000000');
    });
  });

  it('leaves the pre-aggregations current after each run, restatements included', async () => {
    const config = testConfig();
    const cost = { model: 'azure', measures: ['cost'], by: ['customerId', 'currency'], from: '2026-01-01', to: '2026-01-31' };
    const rows = [azureRow('t1', '2026-01-20', '5.25'), azureRow('t1', '2026-01-03', '1.10'), azureRow('t2', '2026-01-11', '2.00', 'EUR')].join(' UNION ALL ');
    await runJob({ warehouse, config, job: azureUsage, source: sqlSource([{ version: '2026-02-01T00:00:00', rows: { azure_usage: rows } }]), period });
    expect([...await readyAggregates(warehouse.db)]).toEqual(expect.arrayContaining(['agg_azure_month', 'agg_azure_customer_month']));
    const first = await query(warehouse.db, cost);
    expect(first.sql).toMatch(/agg_azure_customer_month/);
    expect(first.rows).toEqual([{ customerId: 't1', currency: 'USD', cost: 6.35 }, { customerId: 't2', currency: 'EUR', cost: 2 }]);
    // A newer file restates t1's 20 January: the aggregate follows in the same run.
    await runJob({ warehouse, config, job: azureUsage, source: sqlSource([{ version: '2026-02-02T00:00:00', rows: { azure_usage: azureRow('t1', '2026-01-20', '7.00') } }]), period });
    const restated = await query(warehouse.db, cost);
    expect(restated.sql).toMatch(/agg_azure_customer_month/);
    expect(restated.rows).toEqual([{ customerId: 't1', currency: 'USD', cost: 8.1 }, { customerId: 't2', currency: 'EUR', cost: 2 }]);
    expect((await query(warehouse.db, cost, { rollups: false })).rows).toEqual(restated.rows);
  });

  it('a first load becomes the table as read; a small batch into a larger table is appended in date order', async () => {
    const config = testConfig();
    const days = Array.from({ length: 10 }, (_, i) => azureRow('t1', `2026-01-${String(10 + i)}`, '1.00')).join(' UNION ALL ');
    await runJob({ warehouse, config, job: azureUsage, source: sqlSource([{ version: '2026-02-01T00:00:00', rows: { azure_usage: days } }]), period });
    expect(await warehouse.db.value('SELECT count(*) FROM azure_usage')).toBe(10);
    // The first load was staged in the warehouse and adopted as the table: no stage is left behind.
    expect(await warehouse.db.value("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'stage%'")).toBe(0);
    const late = [azureRow('t2', '2026-01-31', '2.00'), azureRow('t2', '2026-01-05', '3.00')].join(' UNION ALL ');
    await runJob({ warehouse, config, job: azureUsage, source: sqlSource([{ version: '2026-02-02T00:00:00', rows: { azure_usage: late } }]), period });
    expect(await warehouse.db.all("SELECT strftime(date, '%d') AS day FROM azure_usage WHERE customer_id = 't2' ORDER BY rowid")).toEqual([{ day: '05' }, { day: '31' }]);
    expect(await warehouse.db.value('SELECT sum(cost)::VARCHAR FROM azure_usage')).toBe('15.000000000000');
    expect(await warehouse.db.value("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'stage%'")).toBe(0);
  });
});
