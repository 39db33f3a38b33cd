import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ident } from '../src/warehouse/database.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { dataTables, tempFolder } from './demoSupport.js';

// The CLI as a user runs it (the compiled build: `npm test` builds first).
const cli = fileURLToPath(new URL('../bin/partnerlens.js', import.meta.url));
function partnerlens(args: readonly string[], { cwd, env = {} }: { cwd: string; env?: Record<string, string> }) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'error', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function tableCounts(path: string): Promise<Record<string, number>> {
  const warehouse = await openWarehouse({ path, readOnly: true });
  try {
    const counts: Record<string, number> = {};
    for (const table of dataTables) counts[table] = Number(await warehouse.db.value(`SELECT count(*) FROM ${ident(table)}`));
    return counts;
  } finally {
    await warehouse.close();
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function folder() {
  const f = tempFolder();
  cleanups.push(f.cleanup);
  return f.dir;
}

describe('partnerlens demo', () => {
  it('with its defaults (60 customers, 13 months) fills every table and says what it loaded, as JSON', async () => {
    const dir = folder();
    const db = join(dir, 'demo.duckdb');
    const run = partnerlens(['demo', '--db', db, '--as-of', '2026-10-31', '--out', join(dir, 'out'), '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      seed: number; customers: number; months: number; asOf: string; from: string; budgets: number;
      runs: { job: string; status: string; tables: Record<string, number>; rowsLoaded: number }[];
    };
    expect([summary.seed, summary.customers, summary.months, summary.asOf, summary.from]).toEqual([1, 60, 13, '2026-10-31', '2025-10-01']);
    expect(summary.runs.map((r) => [r.job, r.status])).toEqual([
      ['customers', 'succeeded'], ['subscriptions', 'succeeded'], ['licenses', 'succeeded'],
      ['workload-usage', 'succeeded'], ['azure-usage', 'succeeded'], ['activity-log', 'succeeded'],
    ]);
    const reported = Object.assign({}, ...summary.runs.map((r) => r.tables)) as Record<string, number>;
    const counts = await tableCounts(db);
    expect(reported).toEqual(counts);
    for (const table of dataTables) expect(counts[table], table).toBeGreaterThan(0);
    expect(counts.customers).toBe(60);
    expect(summary.budgets).toBeGreaterThan(0);
    for (const r of summary.runs) expect(r.rowsLoaded).toBe(Object.values(r.tables).reduce((a, b) => a + b, 0));
    // Every partner-wide report, in both formats, on disk where the summary says.
    const files = (summary as unknown as { reports: { files: string[] } }).reports.files.map((f) => f.slice(join(dir, 'out').length + 1)).sort();
    const partnerWide = ['activity-log', 'azure-insights', 'azure-resource-usage', 'business-insights', 'executive-summary', 'license-insights', 'licenses-usage', 'subscription-insights', 'workload-usage'];
    expect(files).toEqual(partnerWide.flatMap((r) => [`${r}.html`, `${r}.xlsx`]));
    for (const f of files) expect(statSync(join(dir, 'out', f)).size, f).toBeGreaterThan(5_000);
    // The whole demo with every report pack: 9 s alone (README), 30 s and more on a loaded machine.
  }, 360_000);

  it('prints a readable summary without --json', () => {
    const dir = folder();
    const run = partnerlens(['demo', '--db', join(dir, 'demo.duckdb'), '--as-of', '2026-03-31', '--customers', '8', '--months', '2', '--seed', '5'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^demo partner: seed 5, 8 customers, 2 months \(2026-02-01 to 2026-03-31\)/);
    for (const job of ['customers', 'subscriptions', 'licenses', 'workload-usage', 'azure-usage', 'activity-log']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${job}\\s+run \\d+\\s+succeeded`, 'm'));
    }
    expect(run.stdout).toMatch(/^  customers .* customers 8 /m);
    expect(run.stdout).toMatch(/^  azure-usage .* azure_usage [\d,]+ /m);
  }, 180_000);

  it('`run all --source demo` fills the warehouse too, sized by the configuration', async () => {
    const dir = folder();
    const config = join(dir, 'partnerlens.config.json');
    writeFileSync(config, JSON.stringify({ demo: { seed: 3, customers: 7, months: 2 } }));
    const db = join(dir, 'w.duckdb');
    const run = partnerlens(['run', 'all', '--source', 'demo', '--to', '2026-05-31', '--db', db, '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    const outcomes = JSON.parse(run.stdout) as { job: string; status: string }[];
    expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill('succeeded'));
    const counts = await tableCounts(db);
    expect(counts.customers).toBe(7);
    for (const table of dataTables) expect(counts[table], table).toBeGreaterThan(0);
  }, 180_000);

  it('refuses bad flags with exit 2 and a message naming the flag', () => {
    const dir = folder();
    for (const [args, message] of [
      [['--customers', 'lots'], /--customers must be a whole number/],
      [['--months', '0'], /--months must be a whole number from 1 to 60/],
      [['--as-of', '2026-02-30'], /invalid --as-of: "2026-02-30"/],
    ] as const) {
      const run = partnerlens(['demo', '--db', join(dir, 'x.duckdb'), ...args], { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
