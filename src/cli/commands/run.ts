import { z } from 'zod';
import { jobs } from '../../../jobs/index.js';
import { UsageError } from '../../errors.js';
import { jobNames } from '../../jobs/defineJob.js';
import type { RunOutcome } from '../../jobs/runJob.js';
import { runJobs } from '../../jobs/runJobs.js';
import { createSource } from '../../sources/index.js';
import { sourceNames } from '../../sources/source.js';
import { addDays, lastCompleteDay } from '../../util/dates.js';
import type { CommandAction } from '../action.js';
import { day, parseOptions } from '../options.js';
import { afterLoad } from './afterLoad.js';

const schema = z.object({ source: z.enum(sourceNames), from: day.optional(), to: day.optional() });

export const run: CommandAction = async (context, [jobArg], raw) => {
  const options = parseOptions(schema, raw);
  const selected = jobArg === 'all' ? jobs : jobs.filter((j) => j.name === jobArg);
  if (!selected.length) throw new UsageError(`unknown job "${String(jobArg)}": expected one of ${jobNames.join(', ')} or all`);
  const to = options.to ?? lastCompleteDay();
  const periods = new Map(selected.map((job) => [job.name, { from: options.from ?? addDays(to, -job.trailingDays), to }]));
  for (const { from } of periods.values()) if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const outcomes: RunOutcome[] = await context.withWarehouse({ purpose: `run ${String(jobArg)} --source ${options.source}` }, async (warehouse) => {
    const source = createSource(options.source, { config: context.config, secrets: context.secrets });
    const runs = await runJobs({ warehouse, config: context.config, jobs: selected, source, periodOf: (job) => periods.get(job.name)!, progress: context.progress });
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
