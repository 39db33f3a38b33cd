import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './benches.js';
import { measure } from './measure.js';

// Report packs: (1) every report in both formats on the large demo partner, as `partnerlens render all`
// runs it; (2) a 1,000,000-row × 10-column detail sheet written by exceljs's streaming writer, by a
// minimal text-through-zip writer (the floor) and by ours (table, formats, frozen header, picture).
// Target: ours within 2× of the floor in time and memory. Each run is a process of its own (peak RSS).
// Ratios are against the plain yazl floor; the floor with the native checksum our writer uses is shown too.
// PARTNERLENS_BENCH_QUERIES_DB names an existing demo warehouse (shared with the queries bench).

const asOf = '2026-10-31';
const worker = fileURLToPath(new URL('./renderSheetWorker.js', import.meta.url));

export const renderBench: Bench = {
  name: 'render',
  async run({ quick }) {
    const scratch = mkdtempSync(join(tmpdir(), 'partnerlens-bench-render-'));
    try {
      await packs(quick, scratch);
      await bigSheet(quick, scratch);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

async function packs(quick: boolean, scratch: string): Promise<void> {
  const customers = quick ? 500 : 5000;
  const db = process.env.PARTNERLENS_BENCH_QUERIES_DB ?? join(tmpdir(), `partnerlens-bench-queries-${customers}x13-${asOf}.duckdb`);
  if (!existsSync(db)) {
    process.stdout.write(`generating the demo partner (${customers} customers, 13 months) into ${db}…\n`);
    const generated = await measure(process.execPath, ['bin/partnerlens.js', 'demo', '--customers', String(customers), '--months', '13', '--as-of', asOf, '--db', db, '--json']);
    process.stdout.write(`generated in ${generated.seconds.toFixed(1)} s (peak ${generated.peakMb.toFixed(0)} MB)\n`);
  }
  process.stdout.write(`\n### Every report, HTML and XLSX, on the demo partner (${customers} customers × 13 months)\n\n`);
  process.stdout.write('| run | seconds | peak MB | files | total MB |\n|---|---:|---:|---:|---:|\n');
  const runs: [string, string[]][] = [
    ['render all (9 partner reports)', ['render', 'all']],
    ['render customer-pack, one customer', ['render', 'customer-pack', '--customer', await firstCustomer(db)]],
  ];
  for (const [label, args] of runs) {
    const out = join(scratch, label.replace(/\W+/g, '-'));
    const m = await measure(process.execPath, ['bin/partnerlens.js', ...args, '--db', db, '--out', out, '--json'], { env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'warn' } });
    const files = readdirSync(out);
    const bytes = files.reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
    process.stdout.write(`| ${label} | ${m.seconds.toFixed(1)} | ${m.peakMb.toFixed(0)} | ${files.length} | ${(bytes / 1e6).toFixed(1)} |\n`);
  }
}

async function firstCustomer(db: string): Promise<string> {
  const { openWarehouse } = await import('../src/warehouse/openWarehouse.js');
  const warehouse = await openWarehouse({ path: db, readOnly: true });
  try {
    return await warehouse.db.value<string>('SELECT min(customer_id) FROM customers');
  } finally {
    await warehouse.close();
  }
}

async function bigSheet(quick: boolean, scratch: string): Promise<void> {
  const rows = quick ? 100_000 : 1_000_000;
  process.stdout.write(`\n### One detail sheet, ${rows.toLocaleString('en-US')} rows × 10 columns\n\n`);
  process.stdout.write('| writer | table | formats | picture | seconds | peak MB | file MB | time ÷ floor | memory ÷ floor |\n|---|---|---|---|---:|---:|---:|---:|---:|\n');
  const writers: [string, string, string, string][] = [
    ['floor', 'no', 'no', 'no'],
    ['floor-native', 'no', 'no', 'no'],
    ['exceljs', 'no', 'yes', 'no'],
    ['partnerlens', 'yes', 'yes', 'yes'],
    ['partnerlens-shared', 'yes', 'yes', 'yes'],
  ];
  let floor: { seconds: number; peakMb: number } | undefined;
  for (const [writer, table, formats, picture] of writers) {
    const file = join(scratch, `${writer}.xlsx`);
    const m = await measure(process.execPath, [worker, writer, String(rows), file]);
    const { bytes } = JSON.parse(m.stdout) as { bytes: number };
    floor ??= m;
    const labels: Record<string, string> = {
      floor: 'floor: text through yazl',
      'floor-native': 'floor, native CRC-32',
      exceljs: 'exceljs streaming WorkbookWriter',
      partnerlens: 'partnerlens XlsxWriter (inline strings)',
      'partnerlens-shared': 'partnerlens XlsxWriter (shared strings)',
    };
    const label = labels[writer] ?? writer;
    process.stdout.write(
      `| ${label} | ${table} | ${formats} | ${picture} | ${m.seconds.toFixed(1)} | ${m.peakMb.toFixed(0)} | ${(bytes / 1e6).toFixed(1)} | ${(m.seconds / floor.seconds).toFixed(2)} | ${(m.peakMb / floor.peakMb).toFixed(2)} |\n`,
    );
    rmSync(file, { force: true });
  }
}
