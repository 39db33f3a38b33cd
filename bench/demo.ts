import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './benches.js';
import { measure } from './measure.js';

// The demo generator at scale: 5,000 customers × 13 months (tens of millions of rows) into a fresh
// warehouse, through `partnerlens demo` in a child process of its own (wall time, peak memory).
// `--quick`: 500 customers. Printed, not asserted.

interface JobSummary { job: string; status: string; seconds: number; tables: Record<string, number> }

export const demoBench: Bench = {
  name: 'demo',
  async run({ quick }) {
    const customers = quick ? 500 : 5000;
    const dir = mkdtempSync(join(tmpdir(), 'pl-bench-demo-'));
    const db = join(dir, 'demo.duckdb');
    const cli = fileURLToPath(new URL('../../bin/partnerlens.js', import.meta.url));
    try {
      const run = await measure(process.execPath, [cli, 'demo', '--customers', String(customers), '--months', '13', '--seed', '1',
        '--as-of', '2026-10-31', '--db', db, '--out', join(dir, 'out'), '--json'], { env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'warn' }, cwd: dir });
      const summary = JSON.parse(run.stdout) as { runs: JobSummary[] };
      const total = summary.runs.reduce((s, r) => s + Object.values(r.tables).reduce((a, b) => a + b, 0), 0);
      process.stdout.write(`demo partner: ${customers} customers × 13 months, seed 1 → fresh warehouse\n`);
      process.stdout.write('| job | table | rows | job seconds | rows/s |\n|---|---|---:|---:|---:|\n');
      for (const r of summary.runs) {
        const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
        for (const [table, n] of Object.entries(r.tables)) {
          process.stdout.write(`| ${r.job} | ${table} | ${n.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${Math.round(rows / Math.max(r.seconds, 0.001)).toLocaleString('en-US')} |\n`);
        }
      }
      process.stdout.write(`total: ${total.toLocaleString('en-US')} rows in ${run.seconds.toFixed(1)} s wall (${Math.round(total / run.seconds).toLocaleString('en-US')} rows/s), ` +
        `peak RSS ${run.peakMb.toFixed(0)} MB, warehouse file ${(statSync(db).size / 1024 ** 3).toFixed(2)} GB\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
