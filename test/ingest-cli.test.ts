import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/children.js';
import { fixture, fixtures } from './ingest-helpers.js';
import { tempDir } from './helpers/tempWarehouse.js';

// `partnerlens ingest` and `run <job> --source files` as a user runs them (the compiled CLI, built by
// `npm test` before the tests): what they print, their exit codes, and the run history they leave.

let dir: { dir: string; cleanup(): void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

describe('partnerlens ingest (CLI)', () => {
  it('loads a folder of exports and says per file what happened; a refused file makes it exit 1; the same folder again skips what loaded', () => {
    const db = join(dir.dir, 'all.duckdb');
    const first = runCli(['ingest', fixtures, '--customer', 'tenant-1', '--db', db, '--json']);
    expect(first.stderr).not.toMatch(/partnerlens:/);
    // The customers and audit pages hold one bad item each: above the 5 % reject threshold, refused.
    expect(first.code).toBe(1);
    const summary = JSON.parse(first.stdout) as { files: { path: string; status: string; format: string; loaded: number }[]; runs: { job: string; status: string }[] };
    const byName = Object.fromEntries(summary.files.map((f) => [f.path.slice(fixtures.length + 1), f]));
    expect(byName['focus-1.0-sample.csv']).toMatchObject({ status: 'loaded', format: 'focus', loaded: 1000 });
    expect(byName['azure-ea-no-rows.csv']).toMatchObject({ status: 'loaded', loaded: 0 });
    expect(byName['pc-json/customers.json']).toMatchObject({ status: 'refused', format: 'pc-customers' });
    expect(summary.runs.map((r) => r.job)).toEqual(['customers', 'subscriptions', 'licenses', 'workload-usage', 'azure-usage', 'activity-log']);

    const again = runCli(['ingest', fixtures, '--customer', 'tenant-1', '--db', db]);
    const lines = again.stdout.split('\n').filter((l) => l.includes(fixtures));
    // The refused pages (one bad item each, above the 5 % threshold) were never marked processed: still refused.
    expect(lines.filter((l) => !l.startsWith('skipped')).every((l) => l.startsWith('refused'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('skipped'))).toHaveLength(summary.files.filter((f) => f.status === 'loaded' || f.status === 'partial').length);
    expect(again.stdout).toMatch(/skipped +\S+focus-1\.0-sample\.csv \(focus → azure-usage\): already loaded/);
  });

  it('a path that does not exist is a usage error (exit 2), distinct from a file that cannot be read (exit 1)', () => {
    const db = join(dir.dir, 'missing.duckdb');
    const missing = runCli(['ingest', join(dir.dir, 'nope.csv'), '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not found: .*nope\.csv \(no such file or folder\)/);

    const broken = join(dir.dir, 'broken.csv');
    writeFileSync(broken, 'Who,What\nx,y\n');
    const refused = runCli(['ingest', broken, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^refused +\S+broken\.csv: line 1: unknown file format: the header \(Who, What\) matches no known export/m);
  });

  it('a file with a few bad rows loads as "partial" (exit 0), showing the first rejected lines', () => {
    const db = join(dir.dir, 'partial.duckdb');
    const file = join(dir.dir, 'partial.csv');
    const head = 'BillingAccountId,SubscriptionId,Date,MeterCategory,Cost,BillingCurrency';
    const good = Array.from({ length: 40 }, (_, i) => `acct,s1,09/${String((i % 28) + 1).padStart(2, '0')}/2023,Storage,${i}.5,USD`);
    writeFileSync(file, [head, ...good.slice(0, 20), 'acct,s1,09/31/2023,Storage,1.0,USD', ...good.slice(20)].join('\n') + '\n');
    const result = runCli(['ingest', file, '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^partial +\S+partial\.csv \(cost-export → azure-usage\): read 41, loaded 40, rejected 1, duplicates 0$/m);
    expect(result.stdout).toMatch(/line 22, Date: "09\/31\/2023" is not a date in this file's style MM\/DD\/YYYY/);
    expect(result.stdout).toMatch(/run \d+ azure-usage: partial/);
    const runs = JSON.parse(runCli(['runs', '--db', db, '--json']).stdout) as { job: string; status: string; rowsRejected: number }[];
    expect(runs[0]).toMatchObject({ job: 'azure-usage', status: 'partial', rowsRejected: 1 });
  });

  it('--format forces a format: a recon file forced as FOCUS is refused naming the missing columns', () => {
    const result = runCli(['ingest', fixture('recon-daily-rated-usage-synthetic.csv'), '--format', 'focus', '--db', join(dir.dir, 'forced.duckdb')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/refused .*missing required columns BilledCost, .*FOCUS/);
  });
});

describe('partnerlens run <job> --source files', () => {
  it('reads the configured inbox: the azure-usage run takes the cost files, the other files wait for their jobs', () => {
    const inbox = join(dir.dir, 'inbox');
    mkdirSync(inbox, { recursive: true });
    copyFileSync(fixture('recon-daily-rated-usage-synthetic.csv'), join(inbox, 'recon.csv'));
    copyFileSync(fixture('m365-active-user-detail-synthetic.csv'), join(inbox, 'users.csv'));
    const config = join(dir.dir, 'partnerlens.config.json');
    writeFileSync(config, JSON.stringify({ files: { inbox } }));
    const db = join(dir.dir, 'inbox.duckdb');
    const result = runCli(['run', 'azure-usage', '--source', 'files', '--db', db, '--json'], { env: { PARTNERLENS_CONFIG: config } });
    expect(result.code).toBe(0);
    const [outcome] = JSON.parse(result.stdout) as { status: string; counts: { read: number; loaded: number }; batches: { label: string }[] }[];
    expect(outcome).toMatchObject({ status: 'succeeded', counts: { read: 48, loaded: 48 } });
    expect(outcome!.batches.map((b) => b.label)).toEqual([join(inbox, 'recon.csv')]);
  });
});
