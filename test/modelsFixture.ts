import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/warehouse/database.js';
import { openWarehouse, type Warehouse } from '../src/warehouse/openWarehouse.js';
import { addDays } from '../src/util/dates.js';
import { refreshAggregates } from '../src/models/aggregates.js';

// The hand-made partner of fixtures/models/partner.json, as rows (license series expanded to one row per
// day) and in a real temp warehouse. Tests compute what every measure should be from these rows.

export type FixtureRow = Record<string, string | number | boolean | null>;

export interface Fixture {
  customers: FixtureRow[];
  subscriptions: FixtureRow[];
  subscription_history: FixtureRow[];
  license_snapshots: FixtureRow[];
  workload_usage: FixtureRow[];
  user_activity: FixtureRow[];
  azure_usage: FixtureRow[];
  budgets: FixtureRow[];
  activity: FixtureRow[];
  config_budgets: { customer: string; currency: string; monthly: number }[];
}

interface Series {
  customer_id: string; sku_id: string; sku_name: string; sku_part_number: string; product: string;
  from: string; to: string; total: Record<string, number>; consumed: Record<string, number>;
}

export function loadFixture(): Fixture {
  const raw = JSON.parse(readFileSync(new URL('../fixtures/models/partner.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const series = raw.license_series as Series[];
  const license_snapshots: FixtureRow[] = [];
  for (const s of series) {
    for (let day = s.from; day <= s.to; day = addDays(day, 1)) {
      license_snapshots.push({
        date: day, customer_id: s.customer_id, sku_id: s.sku_id, sku_name: s.sku_name, sku_part_number: s.sku_part_number,
        product: s.product, total_units: stepValue(s.total, day), consumed_units: stepValue(s.consumed, day),
      });
    }
  }
  const rows = (name: string) => raw[name] as FixtureRow[];
  return {
    customers: rows('customers'),
    subscriptions: rows('subscriptions'),
    subscription_history: rows('subscription_history'),
    license_snapshots,
    workload_usage: rows('workload_usage'),
    user_activity: rows('user_activity'),
    azure_usage: rows('azure_usage'),
    budgets: rows('budgets'),
    activity: rows('activity'),
    config_budgets: raw.config_budgets as Fixture['config_budgets'],
  };
}

function stepValue(steps: Record<string, number>, day: string): number {
  let value = 0;
  for (const [from, v] of Object.entries(steps).sort(([a], [b]) => a.localeCompare(b))) if (from <= day) value = v;
  return value;
}

/** Columns every row of a table needs that the fixture leaves to the loader. */
const defaults: Record<string, FixtureRow> = {
  customers: { source: 'fixture' },
  subscriptions: { source: 'fixture' },
  azure_usage: { source_format: 'fixture' },
};

/** Inserts rows through the Appender into a text staging table, then casts into the table by name. */
export async function insertRows(db: Database, table: string, rows: readonly FixtureRow[]): Promise<void> {
  if (!rows.length) return;
  const filled: FixtureRow[] = rows.map((r) => ({ ...(table === 'budgets' ? {} : { run_id: 0 }), ...defaults[table], ...r }));
  const columns = [...new Set(filled.flatMap((r) => Object.keys(r)))];
  const stage = `fixture_${table}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${stage} (${columns.map((c) => `"${c}" VARCHAR`).join(', ')})`);
  await db.appendText(stage, columns, filled.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? null : String(r[c])))));
  await db.run(`INSERT INTO main.${table} BY NAME SELECT * FROM ${stage}`);
  await db.run(`DROP TABLE ${stage}`);
}

export async function fillWarehouse(db: Database, fixture: Fixture): Promise<void> {
  for (const table of ['customers', 'subscriptions', 'subscription_history', 'license_snapshots', 'workload_usage', 'user_activity', 'azure_usage', 'budgets', 'activity'] as const) {
    await insertRows(db, table, fixture[table]);
  }
}

export interface FixtureWarehouse {
  dir: string;
  path: string;
  warehouse: Warehouse;
  fixture: Fixture;
  close(): Promise<void>;
}

export async function fixtureWarehouse({ fill = true }: { fill?: boolean } = {}): Promise<FixtureWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'partnerlens-models-'));
  const path = join(dir, 'warehouse.duckdb');
  const warehouse = await openWarehouse({ path, memoryLimit: '256MB', threads: 1 });
  const fixture = loadFixture();
  if (fill) {
    await fillWarehouse(warehouse.db, fixture);
    // As the writer does after each run: queries then read the pre-aggregations, as reports do.
    await refreshAggregates(warehouse.db);
  }
  return {
    dir, path, warehouse, fixture,
    async close() {
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
