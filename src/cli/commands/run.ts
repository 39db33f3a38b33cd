import { z } from 'zod';
import { jobs } from '../../../jobs/index.js';
import { UsageError } from '../../errors.js';
import { jobNames } from '../../jobs/defineJob.js';
import type { RunOutcome } from '../../jobs/runJob.js';
import { runJobs } from '../../jobs/runJobs.js';
import { backfill } from '../../jobs/backfill.js';
import { createSource } from '../../sources/index.js';
import { sourceNames } from '../../sources/source.js';
import { addDays, lastCompleteDay } from '../../util/dates.js';
import type { CommandAction } from '../action.js';
import { day, parseOptions } from '../options.js';
import { afterLoad } from './afterLoad.js';

const schema = z.object({ source: z.enum(sourceNames), from: day.optional(), to: day.optional(), force: z.boolean().optional() });

export const run: CommandAction = async (context, [jobArg], raw) => {
  const options = parseOptions(schema, raw);
  const selected = jobArg === 'all' ? jobs : jobs.filter((j) => j.name === jobArg);
  if (!selected.length) throw new UsageError(`unknown job "${String(jobArg)}": expected one of ${jobNames.join(', ')} or all`);
  const to = options.to ?? lastCompleteDay();
  const periods = new Map(selected.map((job) => [job.name, { from: options.from ?? addDays(to, -job.trailingDays), to }]));
  for (const { from } of periods.values()) if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (options.from && options.from < to) return runBackfill(context, selected, { ...options, from: options.from, to });
  const outcomes: RunOutcome[] = await context.withWarehouse({ purpose: `run ${String(jobArg)} --source ${options.source}` }, async (warehouse) => {
    const source = createSource(options.source, { config: context.config, secrets: context.secrets });
    const runs = await runJobs({ warehouse, config: context.config, jobs: selected, source, periodOf: (job) => periods.get(job.name)!, progress: context.progress, signal: context.signal });
    await afterLoad(context, warehouse);
    return runs.map((r) => r.outcome);
  });
  context.print(outcomes.map(describeOutcome).join('\n'), outcomes);
  return outcomes.some((o) => o.status === 'failed') ? 'failed' : 'ok';
};

export function describeOutcome(o: RunOutcome): string {
  const { read, loaded, rejected, duplicate } = o.counts;
  return `run ${o.runId} ${o.job} (${o.source}, ${o.period}): ${o.status} — read ${read}, loaded ${loaded}, rejected ${rejected}, duplicates ${duplicate}${o.cause ? ` — ${o.cause}` : ''}`;
}

/** `--from` before `--to`: each logical date in order, resumable (see src/jobs/backfill.ts). */
async function runBackfill(context: Parameters<CommandAction>[0], selected: readonly (typeof jobs)[number][], options: { source: z.output<typeof schema>['source']; from: string; to: string; force?: boolean | undefined }) {
  const result = await context.withWarehouse({ purpose: `run --from ${options.from} --to ${options.to} --source ${options.source}` }, async (warehouse) => {
    const source = createSource(options.source, { config: context.config, secrets: context.secrets });
    const done = await backfill({ warehouse, config: context.config, jobs: selected, source, from: options.from, to: options.to, force: options.force, progress: context.progress, signal: context.signal });
    await afterLoad(context, warehouse);
    return done;
  });
  const lines = result.outcomes.map(describeOutcome);
  if (result.skipped.length) lines.push(`skipped ${result.skipped.length} period(s) already loaded (--force runs them again)`);
  if (result.stoppedAt) lines.push(`stopped at ${result.stoppedAt.job} ${result.stoppedAt.period}: run the same command again to resume there`);
  context.print(lines.join('\n') || 'nothing to do', result.outcomes);
  return result.stoppedAt ? 'failed' : 'ok';
}
