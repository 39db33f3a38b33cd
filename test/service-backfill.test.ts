import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import azureUsage from '../jobs/azure-usage.js';
import customers from '../jobs/customers.js';
import { backfill } from '../src/jobs/backfill.js';
import type { Source } from '../src/sources/source.js';
import { runCli } from './helpers/children.js';
import { customerRows, twoCustomers } from './helpers/serviceParts.js';
import { sqlSource } from './helpers/sqlSource.js';
import { tempDir, tempWarehouse, testConfig } from './helpers/tempWarehouse.js';

/** Loads the two customers, except for a period ending on `badDay`, whose pull fails. */
function failingOn(badDay: string): Source {
  const good = twoCustomers();
  return {
    name: 'demo',
    batches(job, context) {
      if (context.period.to !== badDay) return good.batches(job, context);
      return sqlSource([{ rows: { customers: customerRows([['t1', 'Contoso']]) }, failWith: new Error('Partner Center answered 500') }]).batches(job, context);
    },
  };
}

describe('backfill: run <job> --from --to', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeEach(async () => {
    w = await tempWarehouse();
  });
  afterEach(async () => w.cleanup());

  const periods = async () => (await w.warehouse.db.all<{ period: string; status: string }>('SELECT period, status FROM runs ORDER BY id')).map((r) => `${r.period} ${r.status}`);

  it('runs each day in order, stops at a failure, resumes there, and skips what is loaded unless forced', async () => {
    const common = { warehouse: w.warehouse, config: testConfig(), jobs: [customers], from: '2026-02-01', to: '2026-02-03' };
    const first = await backfill({ ...common, source: failingOn('2026-02-02') });
    expect(first.stoppedAt).toEqual({ job: 'customers', period: '2026-02-02' });
    expect(await periods()).toEqual(['2026-02-01 succeeded', '2026-02-02 failed']);

    const resumed = await backfill({ ...common, source: twoCustomers() });
    expect(resumed.skipped).toEqual([{ job: 'customers', period: '2026-02-01' }]);
    expect(resumed.stoppedAt).toBeNull();
    expect(await periods()).toEqual(['2026-02-01 succeeded', '2026-02-02 failed', '2026-02-02 succeeded', '2026-02-03 succeeded']);

    const again = await backfill({ ...common, source: twoCustomers() });
    expect(again.outcomes).toEqual([]);
    expect(again.skipped.length).toBe(3);

    const forced = await backfill({ ...common, source: twoCustomers(), force: true });
    expect(forced.outcomes.map((o) => o.period)).toEqual(['2026-02-01', '2026-02-02', '2026-02-03']);
    expect(await w.warehouse.db.value('SELECT count(*) FROM customers')).toBe(2);
  });

  it("shapes each day's period as the scheduler does: the day and the job's trailing days", async () => {
    const result = await backfill({ warehouse: w.warehouse, config: testConfig(), jobs: [azureUsage], source: sqlSource([]), from: '2026-02-10', to: '2026-02-11' });
    // azure-usage pulls 3 trailing days again on every run.
    expect(result.outcomes.map((o) => o.period)).toEqual(['2026-02-07..2026-02-10', '2026-02-08..2026-02-11']);
  });
});

describe('partnerlens run --from --to (the CLI)', () => {
  it('backfills day by day and, run again, skips the days already loaded', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'w.duckdb');
      const env = { PARTNERLENS_DEMO_CUSTOMERS: undefined, PARTNERLENS_DB: undefined };
      const args = ['run', 'customers', '--source', 'demo', '--from', '2026-02-01', '--to', '2026-02-03', '--db', db];
      const first = runCli(args, { cwd: dir, env });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout.trim().split('\n').map((l) => /\(demo, ([\d-]+)\): (\w+)/.exec(l)?.slice(1).join(' '))).toEqual([
        '2026-02-01 succeeded', '2026-02-02 succeeded', '2026-02-03 succeeded',
      ]);
      const second = runCli(args, { cwd: dir, env });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout.trim()).toBe('skipped 3 period(s) already loaded (--force runs them again)');
    } finally {
      cleanup();
    }
  }, 120_000);
});
