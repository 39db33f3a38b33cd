import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { reconColumns } from '../src/sources/files/formats/reconColumns.js';
import { literal } from '../src/warehouse/database.js';
import type { Bench } from './benches.js';
import { measure, type Measured } from './measure.js';

// Ingest speed: a generated daily-rated usage reconciliation CSV (10 M rows; 1 M with --quick) read three
// ways, each in a process of its own: a bare DuckDB `CREATE TABLE … AS SELECT * FROM read_csv(…)` with
// auto-detection, `partnerlens ingest` into a fresh warehouse (first load), and `partnerlens ingest` of the
// same file touched (new modification time and hash: every (customer, day) slice is replaced).

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

const bareScript = `
import { DuckDBInstance } from '@duckdb/node-api';
const [file, db] = process.argv.slice(-2);
const instance = await DuckDBInstance.create(db);
const connection = await instance.connect();
await connection.run(\`CREATE TABLE t AS SELECT * FROM read_csv('\${file.replaceAll("'", "''")}')\`);
connection.closeSync();
instance.closeSync();
`;

export const ingestBench: Bench = {
  name: 'ingest',
  async run({ quick }) {
    const rows = quick ? 1_000_000 : 10_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'partnerlens-bench-ingest-'));
    try {
      const file = join(dir, 'recon.csv');
      const started = Date.now();
      await generateRecon(file, rows);
      const size = statSync(file).size;
      process.stdout.write(`generated ${rows.toLocaleString('en-US')} rows, ${(size / 1e9).toFixed(2)} GB, in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

      const env = { ...process.env, PARTNERLENS_LOG_LEVEL: 'warn' };
      const bare = await measure(process.execPath, ['--input-type=module', '-e', bareScript, file, join(dir, 'bare.duckdb')], { cwd: repo, env });
      rmSync(join(dir, 'bare.duckdb'), { force: true });
      const warehouse = join(dir, 'warehouse.duckdb');
      const first = await measure(process.execPath, [cli, 'ingest', file, '--db', warehouse, '--json'], { cwd: repo, env });
      // Touched: one more line end changes the bytes (a new hash) and the modification time, not the data.
      appendFileSync(file, '\n');
      const reload = await measure(process.execPath, [cli, 'ingest', file, '--db', warehouse, '--json'], { cwd: repo, env });

      const loaded = (m: Measured) => {
        const summary = JSON.parse(m.stdout) as { files: { status: string; loaded: number }[] };
        return summary.files.map((f) => `${f.status} ${f.loaded.toLocaleString('en-US')}`).join(', ');
      };
      const line = (name: string, m: Measured, note = '') =>
        `${name.padEnd(44)} ${m.seconds.toFixed(1).padStart(7)} s ${m.peakMb.toFixed(0).padStart(7)} MB ${(m.seconds / bare.seconds).toFixed(2).padStart(7)}  ${note}\n`;
      process.stdout.write(`${'step'.padEnd(44)} ${'time'.padStart(9)} ${'peak RSS'.padStart(10)} ${'ratio'.padStart(7)}\n`);
      process.stdout.write(line('bare CREATE TABLE AS SELECT * FROM read_csv', bare));
      process.stdout.write(line('partnerlens ingest (first load)', first, loaded(first)));
      process.stdout.write(line('partnerlens ingest (touched file: reload)', reload, loaded(reload)));
      process.stdout.write(`target: ratio ≤ 1.00 and peak ≤ 1024 MB for both loads (warehouse memory_limit ${'1GB'})\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
