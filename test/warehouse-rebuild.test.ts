// RELIABILITY 4 (corrupt-wal), second half: after the damaged log is moved aside, `rebuild` restores what it
// held from the raw inputs, converging to what a clean load gives.
import { closeSync, copyFileSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { root, runCli } from './helpers/children.js';
import { tempDir } from './helpers/tempWarehouse.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

async function totals(path: string) {
  const w = await openWarehouse({ path });
  try {
    return await w.db.all(`SELECT currency, count(*) AS rows, sum(cost)::VARCHAR AS cost FROM azure_usage GROUP BY ALL ORDER BY ALL`);
  } finally {
    await w.close();
  }
}

it('rebuild after a damaged log reloads the files the log held and matches a clean load', async () => {
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox);
  copyFileSync(join(root, 'fixtures/files/azure-ea-actual-cost-small.csv'), join(inbox, 'ea.csv'));
  copyFileSync(join(root, 'fixtures/files/focus-1.0-sample.csv'), join(inbox, 'focus.csv'));
  writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({ files: { inbox } }));
  const db = join(dir, 'w.duckdb');

  expect(runCli(['ingest', join(inbox, 'ea.csv'), '--db', db], { cwd: dir }).code).toBe(0);
  // The FOCUS load commits, then the process dies before any checkpoint: its rows live only in the log.
  expect(runCli(['ingest', join(inbox, 'focus.csv'), '--db', db], { cwd: dir, env: { FAULT_AT: 'after-commit' } }).signal).toBe('SIGKILL');
  const wal = `${db}.wal`;
  const size = statSync(wal).size;
  const fd = openSync(wal, 'r+');
  writeSync(fd, Buffer.alloc(256, 0x5a), 0, 256, Math.max(0, size - 256));
  closeSync(fd);

  const rebuilt = runCli(['rebuild', '--db', db, '--json'], { cwd: dir });
  expect(rebuilt.code).toBe(0);
  expect(rebuilt.stderr).toMatch(/was damaged and was moved to/);
  const summary = JSON.parse(rebuilt.stdout);
  expect(summary.reloaded.map((f: { path: string }) => f.path)).toEqual([join(inbox, 'focus.csv')]);
  expect(summary.skipped).toEqual([join(inbox, 'ea.csv')]);

  const clean = join(dir, 'clean.duckdb');
  expect(runCli(['ingest', inbox, '--db', clean], { cwd: dir }).code).toBe(0);
  expect(await totals(db)).toEqual(await totals(clean));
});
