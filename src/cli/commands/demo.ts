import type { Command } from 'commander';
import { loadSecrets } from '../../config/config.js';
import { UsageError } from '../../errors.js';
import { jobs } from '../../../jobs/index.js';
import { reports as reportDefinitions } from '../../../reports/index.js';
import { packFormats } from '../../render/packFormats.js';
import { runJob, type RunOutcome } from '../../jobs/runJob.js';
import { createSource } from '../../sources/index.js';
import { demoWindow, parseDemoSettings, type DemoSettings } from '../../sources/demo/demoSettings.js';
import { fromDay } from '../../sources/demo/days.js';
import { writeDemoExports } from '../../sources/demo/exports/writeDemoExports.js';
import { writeDemoBudgets } from '../../sources/demo/sql/writeBudgets.js';
import { lastCompleteDay, parseDay } from '../../util/dates.js';
import { ident } from '../../warehouse/database.js';
import { commandContext, withWarehouse, type GlobalOptions } from '../context.js';

interface DemoOptions extends GlobalOptions {
  out: string;
  customers?: string;
  months?: string;
  seed?: string;
  asOf?: string;
  exports?: string;
  eachCustomer?: boolean;
}

interface JobSummary {
  job: string;
  runId: number;
  status: RunOutcome['status'];
  period: string;
  seconds: number;
  rowsLoaded: number;
  tables: Record<string, number>;
  cause: string | null;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('generate a synthetic CSP partner (deterministic from --seed) and load it through every job into the warehouse')
    .option('--out <dir>', 'where reports are written', './out')
    .option('--customers <n>', 'number of customers (default from configuration: 60)')
    .option('--months <m>', 'months of history, ending on --as-of (default 13)')
    .option('--seed <s>', 'the seed: the same seed gives the same partner (default 1)')
    .option('--as-of <date>', 'last day of data, YYYY-MM-DD (default yesterday)')
    .option('--each-customer', 'also write one customer-pack per customer')
    .option('--exports <dir>', 'also write the data as export files: reconciliation CSV, Graph CSVs, Partner Center JSON pages')
    .option('--db <path>', 'warehouse file')
    .option('--json', 'machine-readable summary on stdout')
    .action(async (options: DemoOptions) => {
      const context = commandContext(options);
      const settings = demoSettings(options, context.config.demo);
      context.config.demo = { seed: settings.seed, customers: settings.customers, months: settings.months };
      const window = demoWindow(settings);
      const period = { from: fromDay(window.start), to: settings.asOf };

      const { runs, budgets, written } = await withWarehouse(context, { purpose: `demo --seed ${settings.seed} --customers ${settings.customers}` }, async (warehouse) => {
        const source = createSource('demo', { config: context.config, secrets: loadSecrets() });
        const runs: JobSummary[] = [];
        for (const job of jobs) {
          const started = Date.now();
          const outcome = await runJob({ warehouse, config: context.config, job, source, period });
          const tables: Record<string, number> = {};
          for (const { table } of job.tables) {
            tables[table] = await warehouse.db.value<number>(`SELECT count(*) FROM main.${ident(table)} WHERE run_id = ?`, [outcome.runId]);
          }
          runs.push({ job: job.name, runId: outcome.runId, status: outcome.status, period: outcome.period, seconds: (Date.now() - started) / 1000, rowsLoaded: outcome.counts.loaded, tables, cause: outcome.cause });
        }
        const budgets = runs.some((r) => r.job === 'azure-usage' && r.status === 'succeeded') ? await writeDemoBudgets(warehouse.db) : 0;
        if (runs.some((r) => r.status === 'failed')) return { runs, budgets, written: [] };
        // Loaded here: the renderer pulls in jsdom, Plot and resvg.
        const { renderReports } = await import('../../reports/renderReports.js');
        const written = await renderReports({
          warehouse,
          config: context.config,
          reports: reportDefinitions,
          formats: packFormats,
          outDir: options.out,
          eachCustomer: Boolean(options.eachCustomer),
        });
        return { runs, budgets, written };
      });

      const exported = options.exports ? await writeDemoExports({ dir: options.exports, ...settings }) : null;
      const reports = { out: options.out, files: written.flatMap((r) => r.files) };

      const summary = { ...settings, from: period.from, warehouse: context.config.warehouse.path, runs, budgets, exports: exported, reports };
      context.print(describe(summary), summary);
      if (runs.some((r) => r.status === 'failed')) process.exitCode = 1;
    });
}

function demoSettings(options: DemoOptions, defaults: { seed: number; customers: number; months: number }): DemoSettings {
  const whole = (text: string | undefined, flag: string, fallback: number, min: number, max: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
    }
    return n;
  };
  let asOf: string;
  try {
    asOf = options.asOf ? parseDay(options.asOf, '--as-of') : lastCompleteDay();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return parseDemoSettings({
    seed: whole(options.seed, '--seed', defaults.seed, 0, 2 ** 31 - 1),
    customers: whole(options.customers, '--customers', defaults.customers, 1, 100_000),
    months: whole(options.months, '--months', defaults.months, 1, 60),
    asOf,
  });
}

function describe(s: { seed: number; customers: number; months: number; asOf: string; from: string; warehouse: string; runs: JobSummary[]; budgets: number; exports: { dir: string; files: string[] } | null; reports: { out: string; files: string[] } }): string {
  const lines = [`demo partner: seed ${s.seed}, ${s.customers} customer${s.customers === 1 ? '' : 's'}, ${s.months} month${s.months === 1 ? '' : 's'} (${s.from} to ${s.asOf}) → ${s.warehouse}`];
  for (const r of s.runs) {
    const tables = Object.entries(r.tables).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ');
    lines.push(`  ${r.job.padEnd(15)} run ${String(r.runId).padEnd(5)} ${r.status.padEnd(10)} ${tables}  (${r.seconds.toFixed(1)}s)${r.cause ? ` — ${r.cause}` : ''}`);
  }
  lines.push(`  budgets: ${s.budgets} customer spending budgets (source demo)`);
  if (s.exports) lines.push(`  exports: ${s.exports.files.length} files in ${s.exports.dir}`);
  lines.push(s.reports.files.length ? `  reports: ${s.reports.files.length} files in ${s.reports.out}` : `  reports: none written (a job failed)`);
  return lines.join('\n');
}
