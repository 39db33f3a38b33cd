import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../src/config/config.js';
import { jobs } from '../jobs/index.js';
import { runJob, type RunOutcome } from '../src/jobs/runJob.js';
import { createDemoSource } from '../src/sources/demo/demoSource.js';
import { demoWindow, type DemoSettings } from '../src/sources/demo/demoSettings.js';
import { fromDay } from '../src/sources/demo/days.js';
import { ident, type Database } from '../src/warehouse/database.js';
import { openWarehouse, type Warehouse } from '../src/warehouse/openWarehouse.js';

// Helpers for the demo tests: real warehouses in temp folders, filled through the real job runner.

export const dataTables = [
  'customers', 'subscriptions', 'subscription_history', 'license_snapshots', 'license_deployment', 'workload_usage',
  'user_activity', 'azure_usage', 'activity',
] as const;

export function tempFolder(prefix = 'partnerlens-demo-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs every job with the demo source, as `partnerlens demo` does. */
export async function runDemo(warehouse: Warehouse, settings: DemoSettings): Promise<RunOutcome[]> {
  const config = configSchema.parse({ demo: { seed: settings.seed, customers: settings.customers, months: settings.months } });
  const source = createDemoSource({ config, secrets: { clientSecret: undefined, refreshToken: undefined, embedSecret: undefined, operatorApiKey: undefined, smtpPassword: undefined } });
  const period = { from: fromDay(demoWindow(settings).start), to: settings.asOf };
  const outcomes: RunOutcome[] = [];
  for (const job of jobs) outcomes.push(await runJob({ warehouse, config, job, source, period }));
  return outcomes;
}

/** Opens a fresh warehouse in a temp folder and fills it with the demo partner. */
export async function demoWarehouse(settings: DemoSettings): Promise<{ warehouse: Warehouse; path: string; outcomes: RunOutcome[]; cleanup(): Promise<void> }> {
  const { dir, cleanup } = tempFolder();
  const path = join(dir, 'demo.duckdb');
  const warehouse = await openWarehouse({ path, memoryLimit: '512MB' });
  const outcomes = await runDemo(warehouse, settings);
  return {
    warehouse, path, outcomes,
    async cleanup() {
      await warehouse.close().catch(() => undefined);
      cleanup();
    },
  };
}

/**
 * Row count and an order-independent digest of each table's content (every column but `run_id`): two
 * loads of the same data have equal digests whatever order rows were written in.
 */
export async function checksums(db: Database, tables: readonly string[] = dataTables): Promise<Record<string, { rows: number; digest: string }>> {
  const out: Record<string, { rows: number; digest: string }> = {};
  for (const table of tables) {
    const row = await db.one<{ rows: number; digest: string }>(
      `SELECT count(*) AS rows, md5(coalesce(string_agg(t::VARCHAR, chr(10) ORDER BY t::VARCHAR), '')) AS digest
       FROM (SELECT * EXCLUDE (run_id) FROM main.${ident(table)}) t`,
    );
    out[table] = row!;
  }
  return out;
}

/** A CSV parser for RFC 4180 text (quoted fields, doubled quotes, commas and newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** A decimal string as an exact integer count of 10^-scale units (no floating point anywhere). */
export function exactDecimal(text: string, scale = 12): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > scale) throw new Error(`more than ${scale} decimals: ${text}`);
  const units = BigInt(whole!) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0') || '0');
  return sign === '-' ? -units : units;
}
