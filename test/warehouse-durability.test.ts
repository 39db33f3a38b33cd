// RELIABILITY A: durability and atomicity of the warehouse, with real child processes killed at named points.
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import customers from '../jobs/customers.js';
import { BusyError } from '../src/errors.js';
import { runJob } from '../src/jobs/runJob.js';
import { listRuns } from '../src/runs/runHistory.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { helper, runCli, runNode, startChild } from './helpers/children.js';
import { sqlSource } from './helpers/sqlSource.js';
import { tempDir, testConfig } from './helpers/tempWarehouse.js';

const load = (path: string, tag: string, env: Record<string, string> = {}, count = 2000) => runNode(helper('loadChild.mjs'), [path, tag, String(count)], env);
const loadAzure = (path: string, cost: number, env: Record<string, string> = {}) => runNode(helper('loadChild.mjs'), [path, String(cost), '3000'], { LOAD_JOB: 'azure-usage', ...env });

async function snapshot(path: string) {
  const w = await openWarehouse({ path });
  try {
    const names = await w.db.all<{ name: string; n: number }>(`SELECT split_part(name, ' ', 1) AS name, count(*) AS n FROM customers GROUP BY 1 ORDER BY 1`);
    const tables = await w.db.all<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1`);
    const runs = await listRuns(w.db, { limit: 100 });
    const checksum = await w.db.value<number>(`SELECT sum(hash(customer_id, name)) % 1000000007 FROM customers`);
    const azure = await w.db.one<{ n: number; costs: number; cost: number | null }>(
      'SELECT count(*) AS n, count(DISTINCT cost) AS costs, min(cost)::DOUBLE AS cost FROM azure_usage');
    return { names, tables: tables.map((t) => t.table_name), runs, checksum, azure };
  } finally {
    await w.close();
  }
}

/**
 * Reads in a loop on their own connection while the refreshes run one after another (and until at least
 * 1,000 reads are done). A read answers what it saw: the tag of one whole load, or a description of what
 * was wrong. `bracketed` counts the refreshes inside which a read saw the old load and a later read the new
 * one: the swap happened between two reads that both ran while that refresh was going on.
 */
async function readThroughRefreshes(
  read: () => Promise<string>,
  refreshes: { before: string; after: string; run: () => Promise<unknown> }[],
): Promise<{ reads: number; errors: string[]; bracketed: number }> {
  const reads: { start: number; end: number; saw: string }[] = [];
  const tags = new Set(refreshes.flatMap((r) => [r.before, r.after]));
  let done = false;
  const reading = (async () => {
    while (!done || reads.length < 1000) {
      const start = performance.now();
      const saw = await read().catch((error: unknown) => `failed: ${String(error)}`);
      reads.push({ start, end: performance.now(), saw });
    }
  })();
  const windows: { start: number; end: number; before: string; after: string }[] = [];
  try {
    for (const refresh of refreshes) {
      const start = performance.now();
      await refresh.run();
      windows.push({ start, end: performance.now(), before: refresh.before, after: refresh.after });
    }
  } finally {
    done = true;
    await reading;
  }
  const bracketed = windows.filter((w) => {
    const inside = reads.filter((r) => r.start >= w.start && r.end <= w.end);
    const firstNew = inside.findIndex((r) => r.saw === w.after);
    return firstNew > 0 && inside.slice(0, firstNew).some((r) => r.saw === w.before);
  }).length;
  return { reads: reads.length, errors: reads.filter((r) => !tags.has(r.saw)).map((r) => r.saw), bracketed };
}

// Child processes on a loaded 2-core machine: generous timeouts; nothing here asserts on elapsed time.
describe('durability', { timeout: 180_000 }, () => {
  let dir: string;
  let cleanup: () => void;
  let path: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    path = join(dir, 'w.duckdb');
  });
  afterEach(() => cleanup());

  it('crash-before-commit: killed while staging → previous data served, run interrupted, re-run equals a clean run', async () => {
    expect(load(path, 'good').code).toBe(0);
    const before = await snapshot(path);
    const killed = load(path, 'next', { FAULT_AT: 'after-stage' });
    expect(killed.signal).toBe('SIGKILL');
    // What the crash left on disk: the dead writer's owner file, its open run (seen read-only, as found).
    expect(existsSync(`${path}.owner`)).toBe(true);
    const found = await openWarehouse({ path, readOnly: true });
    expect((await listRuns(found.db, { limit: 1 }))[0]).toMatchObject({ status: 'running' });
    await found.close();
    const after = await snapshot(path);
    expect(after.names).toEqual([{ name: 'good', n: 2000 }]);
    expect(after.runs[0]).toMatchObject({ status: 'interrupted' });
    expect(after.runs[0]?.cause).toMatch(/ended before the run finished/);
    expect(after.runs.filter((r) => r.status === 'running')).toEqual([]);
    // The same tables as before the crash: a staged batch left in the file would show here.
    expect(after.tables).toEqual(before.tables);
    expect(existsSync(`${path}.owner`)).toBe(false);

    expect(load(path, 'next').code).toBe(0);
    const clean = join(dir, 'clean.duckdb');
    expect(load(clean, 'next').code).toBe(0);
    expect((await snapshot(path)).checksum).toBe((await snapshot(clean)).checksum);
  });

  it.each(['after-publish-customers', 'before-commit', 'after-commit'])('crash-mid-merge at %s → the old or the new rows, never neither', async (point) => {
    expect(load(path, 'old').code).toBe(0);
    const before = await snapshot(path);
    expect(load(path, 'new', { FAULT_AT: point }).signal).toBe('SIGKILL');
    const after = await snapshot(path);
    expect(after.names.length).toBe(1);
    expect(after.names[0]!.n).toBe(2000);
    expect(point === 'after-commit' ? 'new' : 'old').toBe(after.names[0]!.name);
    expect(after.tables).toEqual(before.tables);
  });

  describe('crash-mid-swap (RELIABILITY 2): a full re-pull of Azure usage builds azure_usage__rebuilt, drops the table, renames', () => {
    // One clean load of cost 1, copied for each kill point (a closed file: no log to replay).
    let seed: string;
    let seedTables: string[];
    let seedCleanup: () => void = () => undefined;
    beforeAll(async () => {
      const made = tempDir();
      seed = join(made.dir, 'seed.duckdb');
      seedCleanup = made.cleanup;
      expect(loadAzure(seed, 1).code).toBe(0);
      seedTables = (await snapshot(seed)).tables;
      expect(seedTables).toContain('azure_usage');
    }, 180_000);
    afterAll(() => seedCleanup());

    const points = [
      ['before-rebuild-azure_usage', 1],
      ['after-build-azure_usage', 1],
      ['after-drop-azure_usage', 1],
      ['after-rename-azure_usage', 1],
      ['after-publish-azure_usage', 1],
      ['before-commit', 1],
      // Committed, not yet checkpointed: the new table lives in the log until a reopen replays it.
      ['after-commit', 2],
    ] as const;
    it.each(points)('killed at %s → reopened file serves cost %d whole, and no other table', async (point, expected) => {
      copyFileSync(seed, path);
      // A kill point the path never reaches would let the child finish: the swap path must really run.
      expect(loadAzure(path, 2, { FAULT_AT: point }).signal).toBe('SIGKILL');
      if (point === 'after-commit') expect(statSync(`${path}.wal`).size).toBeGreaterThan(0);
      const after = await snapshot(path);
      expect(after.azure).toEqual({ n: 3000, costs: 1, cost: expected });
      expect(after.tables).toEqual(seedTables);
      expect(after.runs[0]).toMatchObject({ job: 'azure-usage', status: 'interrupted' });
      if (point === 'after-drop-azure_usage' || point === 'after-commit') {
        // And the next run over the reopened file swaps cleanly.
        expect(loadAzure(path, 3).code).toBe(0);
        expect((await snapshot(path)).azure).toEqual({ n: 3000, costs: 1, cost: 3 });
      }
    }, 180_000);
  });

  it('crash-loop: 15 random kill points in a row always reopen consistent, and a final run matches a clean one', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 15; i++) {
      const child = await startChild(helper('loadChild.mjs'), [path, `loop${i}`, '3000', '50'], '"loop":0');
      await new Promise((r) => setTimeout(r, Math.floor(random() * 400)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const state = await snapshot(path);
      // One batch's rows, whole: never a mix of two loads, never empty once a load committed.
      expect(state.names.length).toBe(1);
      expect(state.names[0]!.n).toBe(3000);
    }
    expect(load(path, 'final', {}, 3000).code).toBe(0);
    const clean = join(dir, 'clean.duckdb');
    expect(load(clean, 'final', {}, 3000).code).toBe(0);
    expect((await snapshot(path)).checksum).toBe((await snapshot(clean)).checksum);
  }, 400_000);

  it('corrupt-wal: a garbled log is moved aside (never deleted), the file opens, and the error is loud', async () => {
    expect(load(path, 'checkpointed').code).toBe(0);
    // Leave committed work in the WAL only: the child is killed before it can checkpoint on close.
    expect(load(path, 'in-wal', { NO_CLOSE: '1' }).signal).toBe('SIGKILL');
    const wal = `${path}.wal`;
    expect(existsSync(wal)).toBe(true);
    const size = statSync(wal).size;
    const fd = openSync(wal, 'r+');
    writeSync(fd, Buffer.alloc(Math.min(512, size), 0xa5), 0, Math.min(512, size), Math.max(0, size - 512));
    closeSync(fd);
    const garbled = readFileSync(wal);

    const result = runCli(['runs', '--db', path, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/was damaged and was moved to .*\.wal\.corrupt-/);
    const aside = readdirSync(dir).filter((f) => f.includes('.wal.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!)).equals(garbled)).toBe(true);
    const again = runCli(['runs', '--db', path, '--json']);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/damaged/);
  });

  it('second-writer: a run holds the warehouse → CLI exits 4 "busy" naming the holder, no DuckDB lock text', async () => {
    expect(load(path, 'good').code).toBe(0);
    const holder = await startChild(helper('holdChild.mjs'), [path], 'holding');
    try {
      const result = runCli(['run', 'customers', '--source', 'demo', '--db', path]);
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/busy/);
      expect(result.stderr).toContain(`pid ${holder.pid}`);
      expect(result.stderr).toContain('run azure-usage --source partner-center');
      expect(result.stderr).not.toMatch(/Could not set lock|Conflicting lock|IO Error/);
      await expect(openWarehouse({ path })).rejects.toBeInstanceOf(BusyError);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    expect((await snapshot(path)).names).toEqual([{ name: 'good', n: 2000 }]);
  });

  it('reader-during-swap: reads running through refreshes never miss the table and each sees one whole load', async () => {
    const warehouse = await openWarehouse({ path });
    try {
      const reader = await warehouse.connect();
      const config = testConfig();
      const batch = (tag: string) =>
        sqlSource([{ rows: { customers: `SELECT 'tenant-' || i AS customer_id, '${tag} ' || i AS name, 'demo' AS source, i AS _line FROM range(500) t(i)` } }]);
      await runJob({ warehouse, config, job: customers, source: batch('v0'), period: { from: '2026-01-01', to: '2026-01-01' } });
      const observed = await readThroughRefreshes(
        async () => {
          const rows = await reader.all<{ tag: string; n: number }>(`SELECT split_part(name, ' ', 1) AS tag, count(*) AS n FROM customers GROUP BY 1`);
          return rows.length === 1 && rows[0]!.n === 500 ? rows[0]!.tag : `not one whole load: ${JSON.stringify(rows)}`;
        },
        [1, 2, 3, 4, 5].map((v) => ({
          before: `v${v - 1}`,
          after: `v${v}`,
          run: () => runJob({ warehouse, config, job: customers, source: batch(`v${v}`), period: { from: `2026-01-0${v + 1}`, to: `2026-01-0${v + 1}` } }),
        })),
      );
      expect(observed.errors).toEqual([]);
      expect(observed.reads).toBeGreaterThanOrEqual(1000);
      // Proof of overlap: inside one refresh, reads saw the old load and then the new one.
      expect(observed.bracketed).toBeGreaterThanOrEqual(1);
    } finally {
      await warehouse.close();
    }
  });

  it('reader-during-swap on Azure usage: a full re-pull rebuilds and swaps the table, readers never miss it', async () => {
    const { default: azureUsage } = await import('../jobs/azure-usage.js');
    const warehouse = await openWarehouse({ path });
    try {
      const reader = await warehouse.connect();
      const config = testConfig();
      // Every load restates every slice with a newer version: the publisher takes its rebuild-and-swap path.
      const batch = (v: number) =>
        sqlSource([{
          version: `2026-02-0${v + 1}T00:00:00Z`,
          rows: { azure_usage: `SELECT DATE '2026-01-01' + (i % 20)::INTEGER AS date, 'c' || (i % 7) AS customer_id, 'USD' AS currency,
            ${v + 1}::DECIMAL(38,12) AS cost, 'm' || i AS meter_id, 'recon' AS source_format, i AS _line FROM range(3000) t(i)` },
        }]);
      await runJob({ warehouse, config, job: azureUsage, source: batch(0), period: { from: '2026-01-01', to: '2026-01-20' } });
      const observed = await readThroughRefreshes(
        async () => {
          const r = (await reader.all<{ n: number; cost: number; versions: number }>(
            'SELECT count(*) AS n, min(cost)::DOUBLE AS cost, count(DISTINCT cost) AS versions FROM azure_usage'))[0]!;
          return r.n === 3000 && r.versions === 1 ? `cost ${r.cost}` : `not one whole load: ${JSON.stringify(r)}`;
        },
        [1, 2, 3, 4, 5].map((v) => ({
          before: `cost ${v}`,
          after: `cost ${v + 1}`,
          run: async () => {
            const outcome = await runJob({ warehouse, config, job: azureUsage, source: batch(v), period: { from: `2026-01-0${v}`, to: '2026-01-20' } });
            expect(outcome.status).toBe('succeeded');
          },
        })),
      );
      expect(observed.errors).toEqual([]);
      expect(observed.reads).toBeGreaterThanOrEqual(1000);
      expect(observed.bracketed).toBeGreaterThanOrEqual(1);
      expect(await warehouse.db.value('SELECT min(cost) FROM azure_usage')).toBe(6);
      const leftovers = await warehouse.db.all(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%rebuilt%'`);
      expect(leftovers).toEqual([]);
    } finally {
      await warehouse.close();
    }
  });

  it('disk-full: a load under a small file-size limit fails cleanly, old data intact, nothing published', async () => {
    expect(load(path, 'good', {}, 2000).code).toBe(0);
    const before = await snapshot(path);
    // RLIMIT_FSIZE through the shell: writes past 2 MB fail (EFBIG) instead of filling a real disk.
    const { spawnSync } = await import('node:child_process');
    const big = spawnSync('bash', ['-c', `ulimit -f 2048; trap '' XFSZ; exec "${process.execPath}" "${helper('loadChild.mjs')}" "${path}" huge 400000`], {
      encoding: 'utf8', env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'error' }, timeout: 240_000,
    });
    expect(big.status).toBe(1);
    expect(JSON.parse(big.stdout.trim())).toMatchObject({ status: 'failed', cause: expect.stringMatching(/File too large/) });
    const after = await snapshot(path);
    expect(after.runs[0]).toMatchObject({ status: 'failed', cause: expect.stringMatching(/Could not write file .*File too large/) });
    expect(after.names).toEqual(before.names);
    expect(after.checksum).toBe(before.checksum);
  }, 300_000);
});

describe('schema', () => {
  it('opening an older file upgrades it, and opening again changes nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'old.duckdb');
      writeFileSync(path, '');
      truncateSync(path, 0);
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const raw = await DuckDBInstance.create(join(dir, 'v0.duckdb'));
      const c = await raw.connect();
      await c.run('CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)');
      c.closeSync();
      raw.closeSync();
      const w = await openWarehouse({ path: join(dir, 'v0.duckdb') });
      const { latestVersion, migrations } = await import('../src/warehouse/migrations.js');
      expect(await w.db.value('SELECT max(version) FROM schema_version')).toBe(latestVersion);
      expect(await w.db.value('SELECT count(*) FROM customers')).toBe(0);
      await w.close();
      const again = await openWarehouse({ path: join(dir, 'v0.duckdb') });
      expect(await again.db.value('SELECT count(*) FROM schema_version')).toBe(migrations.length);
      await again.close();
    } finally {
      cleanup();
    }
  });
});
