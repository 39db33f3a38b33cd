import { z } from 'zod';
import { formatFamilies } from '../../sources/files/defineFormat.js';
import { keepWithinBudget, planIngest, runIngest, type FileReport, type IngestResult } from '../../jobs/planIngest.js';
import type { RunOutcome } from '../../jobs/runJob.js';
import type { CommandAction } from '../action.js';
import { parseOptions } from '../options.js';

// Kept for code written against the old location.
export { planIngest, runIngest, type FileReport, type IngestPlan, type IngestResult } from '../../jobs/planIngest.js';

const schema = z.object({ format: z.enum(['auto', ...formatFamilies]), customer: z.string().min(1).optional() });

export const ingest: CommandAction = async (context, [paths], raw) => {
  const options = parseOptions(schema, raw);
  const given = (paths as string[]).map(context.resolvePath);
  const plan = await planIngest(given, options.format);
  let result: IngestResult = { files: plan.files.map((f) => plan.reports.get(f)!), runs: [] };
  if (plan.planned.length) {
    result = await context.withWarehouse({ purpose: `ingest ${given.join(' ')}`.slice(0, 200) }, async (warehouse) => {
      await keepWithinBudget(warehouse, context.config.warehouse.memoryLimit);
      return runIngest(warehouse, context.config, plan, { format: options.format, customer: options.customer, secrets: context.secrets, progress: context.progress, signal: context.signal });
    });
  }
  context.print(describe(result.files, result.runs), {
    files: result.files,
    runs: result.runs.map((o) => ({ id: o.runId, job: o.job, status: o.status, rowsRead: o.counts.read, rowsLoaded: o.counts.loaded, rowsRejected: o.counts.rejected, cause: o.cause })),
  });
  const failed = result.files.some((r) => r.status === 'refused' || r.status === 'failed') || result.runs.some((o) => o.status === 'failed');
  return failed ? 'failed' : 'ok';
};

function describe(reports: FileReport[], outcomes: RunOutcome[]): string {
  if (!reports.length) return 'no data files found: nothing to ingest';
  const lines: string[] = [];
  for (const r of reports) {
    const what = r.format ? ` (${r.format} → ${r.job})` : '';
    const counts = `read ${r.read}, loaded ${r.loaded}, rejected ${r.rejected}, duplicates ${r.duplicates}` + (r.superseded ? `, superseded by newer data ${r.superseded}` : '');
    if (r.status === 'skipped') lines.push(`skipped   ${r.path}${what}: ${r.cause}`);
    else if (r.status === 'refused' || r.status === 'failed') lines.push(`${r.status.padEnd(9)} ${r.path}${what}: ${r.cause}${r.read ? ` — ${counts}` : ''}`);
    else lines.push(`${r.status.padEnd(9)} ${r.path}${what}: ${counts}`);
    if (r.status !== 'refused' || r.rejected) {
      for (const e of r.examples) lines.push(`          ${e.line !== null ? `line ${e.line}` : 'row'}${e.field ? `, ${e.field}` : ''}: ${e.reason}`);
      if (r.rejected > r.examples.length && r.examples.length) lines.push(`          … ${r.rejected - r.examples.length} more: see \`partnerlens runs\` and the rejected_rows table`);
    }
  }
  for (const o of outcomes) lines.push(`run ${o.runId} ${o.job}: ${o.status}`);
  return lines.join('\n');
}
