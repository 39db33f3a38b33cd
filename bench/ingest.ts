import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { reconColumns } from '../src/sources/files/formats/reconColumns.js';
import { literal } from '../src/warehouse/database.js';
import type { Bench } from './benches.js';
import { generateFocus } from './focusFromPeer.js';
import { measure, type Measured } from './measure.js';

// Ingest speed: generated files — a daily-rated usage reconciliation CSV (2 M and 10 M rows; 1 M with
// --quick) and a FOCUS 1.0 CSV of the Observable Framework peer's 1 M rows — each read three ways, each in a
// process of its own: a bare DuckDB `CREATE TABLE … AS SELECT * FROM read_csv(…)` with auto-detection,
// `partnerlens ingest` into a fresh warehouse (first load), and `partnerlens ingest` of the same file touched
// (new modification time and hash: every (customer, day) slice is replaced). Rounds are interleaved (bare,
// first, reload; again), and medians printed: the machine's load varies more than the work does.

const repo = resolve(import.meta.dirname, '..', '..');
const cli = join(repo, 'bin', 'partnerlens.js');

/** Values for each of the 55 columns, as SQL over the row number `i` (500 customers × 30 days, ~850 bytes a row). */
function columnSql(name: string): string {
  const customer = `printf('%08x-1111-4000-8000-%012x', (i % 500)::INT, (i % 500)::INT)`;
  const entitlement = `printf('%08x-2222-4000-8000-%012x', (i % 500)::INT, (i % 3)::INT)`;
  const special: Record<string, string> = {
    PartnerId: `'0e195b37-4574-4539-bc42-0e539b9684c0'`,
    PartnerName: `'Northwind Traders CSP'`,
    CustomerId: customer,
    CustomerName: `'Customer ' || (i % 500)`,
    CustomerDomainName: `'customer' || (i % 500) || '.onmicrosoft.com'`,
    CustomerCountry: `CASE WHEN i % 500 < 400 THEN 'US' ELSE 'DE' END`,
    MpnId: `'1234567'`,
    InvoiceNumber: `'G00' || (1000000 + i % 7)`,
    ProductId: `'DZH318Z0BNZ5'`,
    SkuId: `'006G'`,
    AvailabilityId: `'DZH318Z08B80'`,
    SkuName: `'Azure plan'`,
    ProductName: `'Azure plan'`,
    PublisherName: `'Microsoft'`,
    SubscriptionDescription: `'Azure plan'`,
    SubscriptionId: `printf('%08x-3333-4000-8000-%012x', (i % 500)::INT, 0)`,
    ChargeStartDate: `'2026-09-01'`,
    ChargeEndDate: `'2026-09-30'`,
    UsageDate: `strftime(DATE '2026-09-01' + ((i // 500) % 30)::INT, '%Y-%m-%d')`,
    MeterType: `'1 Compute Hour'`,
    MeterCategory: `['Virtual Machines', 'Storage', 'Bandwidth', 'SQL Database', 'Azure App Service'][1 + (i % 5)::INT]`,
    MeterId: `printf('%08x-4444-4000-8000-000000000000', (i % 997)::INT)`,
    MeterSubCategory: `'D2 v3/D2s v3'`,
    MeterName: `'D2 v3/D2s v3 Low Priority'`,
    MeterRegion: `'US East'`,
    Unit: `'1 Hour'`,
    ResourceLocation: `'eastus'`,
    ConsumedService: `'Microsoft.Compute'`,
    ResourceGroup: `'rg-' || (i % 17)`,
    ResourceURI: `'/subscriptions/' || ${entitlement} || '/resourceGroups/rg-' || (i % 17) || '/providers/Microsoft.Compute/virtualMachines/vm-' || i`,
    ChargeType: `'New'`,
    UnitPrice: `'0.096'`,
    Quantity: `((i % 240) / 10.0)::DECIMAL(18,6)::VARCHAR`,
    UnitType: `'1 Hour'`,
    BillingPreTaxTotal: `(((i % 240) / 10.0) * 0.0816)::DECIMAL(18,6)::VARCHAR`,
    BillingCurrency: `CASE WHEN i % 500 < 400 THEN 'USD' ELSE 'EUR' END`,
    PricingPreTaxTotal: `(((i % 240) / 10.0) * 0.096)::DECIMAL(18,6)::VARCHAR`,
    PricingCurrency: `'USD'`,
    Tags: `'{"env":"prod","owner":"team' || (i % 9) || '"}'`,
    AdditionalInfo: `'{"UsageType":"ComputeHR","ImageType":"Canonical","ServiceType":"Standard_D2_v3","VMName":"vm-' || i || '"}'`,
    EffectiveUnitPrice: `'0.0816'`,
    PCToBCExchangeRate: `CASE WHEN i % 500 < 400 THEN '1' ELSE '0.92' END`,
    PCToBCExchangeRateDate: `'2026-09-01'`,
    EntitlementId: entitlement,
    EntitlementDescription: `'Production ' || (i % 3)`,
    PartnerEarnedCreditPercentage: `'15'`,
    CreditPercentage: `'0'`,
    CreditType: `'Credit Not Applied'`,
  };
  return `${special[name] ?? "''"} AS "${name}"`;
}

/** Writes the recon file with DuckDB's COPY: the product's reader has no part in making its own input. */
export async function generateRecon(path: string, rows: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: '1GB' });
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT ${reconColumns.map(columnSql).join(', ')} FROM range(${Math.trunc(rows)}) t(i))
     TO ${literal(path)} (HEADER, DELIMITER ',')`,
  );
  connection.closeSync();
  instance.closeSync();
}

/** The reference read: DuckDB's own `read_csv` with auto-detection into a table, in a process of its own (`file db` as arguments). */
export const bareScript = `
import { DuckDBInstance } from '@duckdb/node-api';
const [file, db] = process.argv.slice(-2);
const instance = await DuckDBInstance.create(db);
const connection = await instance.connect();
await connection.run(\`CREATE TABLE t AS SELECT * FROM read_csv('\${file.replaceAll("'", "''")}')\`);
connection.closeSync();
instance.closeSync();
`;

interface Case {
  label: string;
  rows: number;
  rounds: number;
  make(path: string, rows: number): Promise<void>;
}

interface Round {
  bare: Measured;
  first: Measured;
  reload: Measured;
}

export const ingestBench: Bench = {
  name: 'ingest',
  async run({ quick }) {
    const cases: Case[] = quick
      ? [
          { label: 'recon CSV (55 columns)', rows: 1_000_000, rounds: 1, make: generateRecon },
          { label: 'FOCUS 1.0 CSV (the Observable Framework peer\'s rows)', rows: 1_000_000, rounds: 1, make: generateFocus },
        ]
      : [
          { label: 'recon CSV (55 columns)', rows: 2_000_000, rounds: 3, make: generateRecon },
          { label: 'FOCUS 1.0 CSV (the Observable Framework peer\'s rows)', rows: 1_000_000, rounds: 3, make: generateFocus },
          { label: 'recon CSV (55 columns)', rows: 10_000_000, rounds: 1, make: generateRecon },
        ];
    process.stdout.write(`${'file'.padEnd(64)} ${'time'.padStart(9)} ${'peak RSS'.padStart(10)} ${'ratio'.padStart(7)}\n`);
    for (const c of cases) await runCase(c);
    process.stdout.write(`target: ratio ≤ 1.00 and peak ≤ 1024 MB for both loads (warehouse memory_limit 1GB); times are medians of interleaved rounds\n`);
  },
};

async function runCase(c: Case): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'partnerlens-bench-ingest-'));
  try {
    const file = join(dir, 'input.csv');
    const started = Date.now();
    await c.make(file, c.rows);
    const size = statSync(file).size;
    const name = `${c.rows.toLocaleString('en-US')} rows ${c.label}, ${(size / 1e9).toFixed(2)} GB`;
    process.stdout.write(`${name} (generated in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);

    const env = { ...process.env, PARTNERLENS_LOG_LEVEL: 'warn' };
    const rounds: Round[] = [];
    for (let i = 0; i < c.rounds; i++) {
      const bare = await measure(process.execPath, ['--input-type=module', '-e', bareScript, file, join(dir, 'bare.duckdb')], { cwd: repo, env });
      rmSync(join(dir, 'bare.duckdb'), { force: true });
      const warehouse = join(dir, 'warehouse.duckdb');
      const first = await measure(process.execPath, [cli, 'ingest', file, '--db', warehouse, '--json'], { cwd: repo, env });
      // Touched: one more line end changes the bytes (a new hash) and the modification time, not the data.
      appendFileSync(file, '\n');
      const reload = await measure(process.execPath, [cli, 'ingest', file, '--db', warehouse, '--json'], { cwd: repo, env });
      rmSync(warehouse, { force: true });
      rmSync(`${warehouse}.wal`, { force: true });
      rounds.push({ bare, first, reload });
    }

    const median = (f: (r: Round) => number) => {
      const sorted = rounds.map(f).sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    const bare = median((r) => r.bare.seconds);
    const loaded = (m: Measured) => {
      const summary = JSON.parse(m.stdout) as { files: { status: string; loaded: number }[] };
      return summary.files.map((f) => `${f.status} ${f.loaded.toLocaleString('en-US')}`).join(', ');
    };
    const line = (step: string, pick: (r: Round) => Measured, note = '') => {
      const seconds = median((r) => pick(r).seconds);
      const peak = median((r) => pick(r).peakMb);
      return `  ${step.padEnd(62)} ${seconds.toFixed(1).padStart(7)} s ${peak.toFixed(0).padStart(7)} MB ${(seconds / bare).toFixed(2).padStart(7)}  ${note}\n`;
    };
    process.stdout.write(line('bare CREATE TABLE AS SELECT * FROM read_csv', (r) => r.bare));
    process.stdout.write(line('partnerlens ingest (first load)', (r) => r.first, loaded(rounds[0]!.first)));
    process.stdout.write(line('partnerlens ingest (touched file: reload)', (r) => r.reload, loaded(rounds[0]!.reload)));
    if (rounds.length > 1) {
      const each = rounds.map((r) => `${r.bare.seconds.toFixed(1)}/${r.first.seconds.toFixed(1)}/${r.reload.seconds.toFixed(1)}`).join(', ');
      process.stdout.write(`  each round, bare/first/reload s: ${each}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
