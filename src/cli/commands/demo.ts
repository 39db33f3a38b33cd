import { z } from 'zod';
import { jobs } from '../../../jobs/index.js';
import { reports as reportDefinitions } from '../../../reports/index.js';
import type { Config } from '../../config/config.js';
import { deepFreeze } from '../../config/deepFreeze.js';
import type { RunOutcome } from '../../jobs/runJob.js';
import { runJobs } from '../../jobs/runJobs.js';
import { packFormats } from '../../render/packFormats.js';
import { createSource } from '../../sources/index.js';
import { demoWindow, parseDemoSettings } from '../../sources/demo/demoSettings.js';
import { fromDay } from '../../sources/demo/days.js';
import { writeDemoExports } from '../../sources/demo/exports/writeDemoExports.js';
import { writeDemoBudgets } from '../../sources/demo/sql/writeBudgets.js';
import { lastCompleteDay } from '../../util/dates.js';
import type { CommandAction } from '../action.js';
import { day, parseOptions, wholeNumber } from '../options.js';
import { afterLoad } from './afterLoad.js';

const schema = z.object({
  out: z.string().min(1),
  customers: wholeNumber(1, 100_000).optional(),
  months: wholeNumber(1, 60).optional(),
  seed: wholeNumber(0, 2 ** 31 - 1).optional(),
  asOf: day.optional(),
  exports: z.string().min(1).optional(),
  eachCustomer: z.boolean().optional(),
});

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

export const demo: CommandAction = async (context, _args, raw) => {
  const options = parseOptions(schema, raw);
  const defaults = context.config.demo;
  const settings = parseDemoSettings({
    seed: options.seed ?? defaults.seed,
    customers: options.customers ?? defaults.customers,
    months: options.months ?? defaults.months,
    asOf: options.asOf ?? lastCompleteDay(),
  });
  // The demo source reads its settings from the configuration: a new, frozen one, never the shared one changed.
  const config: Config = deepFreeze({ ...context.config, demo: { seed: settings.seed, customers: settings.customers, months: settings.months } });
  const window = demoWindow(settings);
  const period = { from: fromDay(window.start), to: settings.asOf };
  const outDir = context.resolvePath(options.out);

  const { runs, budgets, written } = await context.withWarehouse({ purpose: `demo --seed ${settings.seed} --customers ${settings.customers}` }, async (warehouse) => {
    const source = createSource('demo', { config, secrets: context.secrets });
    const done = await runJobs({ warehouse, config, jobs, source, periodOf: () => period, progress: context.progress, signal: context.signal });
    const runs: JobSummary[] = done.map(({ outcome, seconds, tables }) => ({
      job: outcome.job, runId: outcome.runId, status: outcome.status, period: outcome.period, seconds, rowsLoaded: outcome.counts.loaded, tables, cause: outcome.cause,
    }));
    const budgets = runs.some((r) => r.job === 'azure-usage' && r.status === 'succeeded') ? await writeDemoBudgets(warehouse.db) : 0;
    if (runs.some((r) => r.status === 'failed')) return { runs, budgets, written: [] };
    await afterLoad(context, warehouse);
    // Loaded here: the renderer pulls in Plot, d3 and resvg.
    const { renderReports } = await import('../../reports/renderReports.js');
    const written = await renderReports({ warehouse, config, reports: reportDefinitions, formats: packFormats, outDir, eachCustomer: Boolean(options.eachCustomer) });
    return { runs, budgets, written };
  });

  const exported = options.exports ? await writeDemoExports({ dir: context.resolvePath(options.exports), ...settings }) : null;
  const reports = { out: outDir, files: written.flatMap((r) => r.files) };
  const summary = { ...settings, from: period.from, warehouse: config.warehouse.path, runs, budgets, exports: exported, reports };
  context.print(describe(summary), summary);
  return runs.some((r) => r.status === 'failed') ? 'failed' : 'ok';
};

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
