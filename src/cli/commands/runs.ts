import { z } from 'zod';
import { jobNames } from '../../jobs/defineJob.js';
import { listRuns } from '../../runs/runHistory.js';
import type { CommandAction } from '../action.js';
import { parseOptions, wholeNumber } from '../options.js';

const schema = z.object({ job: z.enum(jobNames).optional(), limit: wholeNumber(1, 1_000_000) });

export const runs: CommandAction = async (context, _args, raw) => {
  const options = parseOptions(schema, raw);
  const found = await context.withWarehouse({ readOnly: true }, (w) => listRuns(w.db, { job: options.job, limit: options.limit }));
  const json = found.map((r) => ({
    id: r.id, job: r.job, period: r.period, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt,
    rowsRead: r.rowsRead, rowsLoaded: r.rowsLoaded, rowsRejected: r.rowsRejected, cause: r.cause,
  }));
  const lines = found.map((r) =>
    [String(r.id).padStart(5), r.job.padEnd(15), r.source.padEnd(14), r.period.padEnd(22), r.status.padEnd(11),
      `read ${r.rowsRead}`, `loaded ${r.rowsLoaded}`, `rejected ${r.rowsRejected}`, r.cause ? `— ${r.cause}` : ''].join('  ').trimEnd());
  context.print(lines.length ? ['   id  job              source          period                  status', ...lines].join('\n') : 'no runs yet', json);
};
