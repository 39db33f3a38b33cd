import type { Command } from 'commander';
import { Option } from 'commander';
import { loadSecrets } from '../../config/config.js';
import { UsageError } from '../../errors.js';
import { jobs } from '../../../jobs/index.js';
import { jobNames, type JobName } from '../../jobs/defineJob.js';
import { runJob, type RunOutcome } from '../../jobs/runJob.js';
import { listRuns } from '../../runs/runHistory.js';
import { createSource } from '../../sources/index.js';
import { sourceNames, type SourceName } from '../../sources/source.js';
import { addDays, lastCompleteDay, parseDay } from '../../util/dates.js';
import { commandContext, withWarehouse, type GlobalOptions } from '../context.js';

export function registerRunCommands(program: Command): void {
  program
    .command('run')
    .description(`run one job or all of them (${jobNames.join(', ')})`)
    .argument('<job>', 'a job name or "all"')
    .addOption(new Option('--source <source>', 'where the data comes from').choices(sourceNames).default('partner-center'))
    .option('--from <date>', 'first day of the logical period (YYYY-MM-DD)')
    .option('--to <date>', 'last day of the logical period (YYYY-MM-DD, default yesterday)')
    .option('--db <path>', 'warehouse file')
    .option('--json', 'machine-readable summary on stdout')
    .action(async (jobArg: string, options: GlobalOptions & { source: SourceName; from?: string; to?: string }) => {
      const selected = jobArg === 'all' ? jobs : jobs.filter((j) => j.name === jobArg);
      if (!selected.length) throw new UsageError(`unknown job "${jobArg}": expected one of ${jobNames.join(', ')} or all`);
      const context = commandContext(options);
      const to = options.to ? usageDate(options.to, '--to') : lastCompleteDay();
      const outcomes: RunOutcome[] = await withWarehouse(context, { purpose: `run ${jobArg} --source ${options.source}` }, async (warehouse) => {
        const source = createSource(options.source, { config: context.config, secrets: loadSecrets() });
        const results: RunOutcome[] = [];
        for (const job of selected) {
          const from = options.from ? usageDate(options.from, '--from') : addDays(to, -job.trailingDays);
          if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
          results.push(await runJob({ warehouse, config: context.config, job, source, period: { from, to } }));
        }
        return results;
      });
      context.print(outcomes.map(describeOutcome).join('\n'), outcomes);
      if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
    });

  program
    .command('runs')
    .description('run history: job, period, status, counts, cause')
    .addOption(new Option('--job <job>', 'only this job').choices([...jobNames]))
    .option('--limit <n>', 'how many runs, newest first', '20')
    .option('--db <path>', 'warehouse file')
    .option('--json', 'machine-readable output on stdout')
    .action(async (options: GlobalOptions & { job?: JobName; limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, got "${options.limit}"`);
      const context = commandContext(options);
      const runs = await withWarehouse(context, { readOnly: true }, (w) => listRuns(w.db, { job: options.job, limit }));
      const json = runs.map((r) => ({
        id: r.id, job: r.job, period: r.period, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt,
        rowsRead: r.rowsRead, rowsLoaded: r.rowsLoaded, rowsRejected: r.rowsRejected, cause: r.cause,
      }));
      const lines = runs.map((r) =>
        [String(r.id).padStart(5), r.job.padEnd(15), r.source.padEnd(14), r.period.padEnd(22), r.status.padEnd(11),
          `read ${r.rowsRead}`, `loaded ${r.rowsLoaded}`, `rejected ${r.rowsRejected}`, r.cause ? `— ${r.cause}` : ''].join('  ').trimEnd());
      context.print(lines.length ? ['   id  job              source          period                  status', ...lines].join('\n') : 'no runs yet', json);
    });
}

function usageDate(text: string, flag: string): string {
  try {
    return parseDay(text, flag);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function describeOutcome(o: RunOutcome): string {
  const { read, loaded, rejected, duplicate } = o.counts;
  return `run ${o.runId} ${o.job} (${o.source}, ${o.period}): ${o.status} — read ${read}, loaded ${loaded}, rejected ${rejected}, duplicates ${duplicate}${o.cause ? ` — ${o.cause}` : ''}`;
}
