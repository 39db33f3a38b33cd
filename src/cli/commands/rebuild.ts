import { existsSync } from 'node:fs';
import { planIngest, runIngest } from '../../jobs/planIngest.js';
import type { CommandAction } from '../action.js';

/**
 * `partnerlens rebuild`: after a damaged log was moved aside (or any loss since the last checkpoint),
 * reload every raw input the warehouse knows of — the files it recorded as loaded and the inbox folder.
 * Files whose content is still loaded are skipped by hash, so only what went missing is read again.
 */
export const rebuild: CommandAction = async (context) => {
  const summary = await context.withWarehouse({ purpose: 'rebuild' }, async (warehouse) => {
    const recorded = await warehouse.db.all<{ path: string }>('SELECT DISTINCT path FROM loaded_files ORDER BY path');
    const candidates = [...recorded.map((r) => r.path), context.resolvePath(context.config.files.inbox)];
    const present = candidates.filter((p) => existsSync(p));
    const gone = recorded.map((r) => r.path).filter((p) => !existsSync(p));
    if (!present.length) return { files: [], runs: [], gone };
    const plan = await planIngest([...new Set(present)]);
    return { ...(await runIngest(warehouse, context.config, plan, { secrets: context.secrets, progress: context.progress, signal: context.signal })), gone };
  });
  const loaded = summary.files.filter((f) => f.status === 'loaded' || f.status === 'partial');
  const skipped = summary.files.filter((f) => f.status === 'skipped');
  const lines = [
    `rebuild: ${loaded.length} file(s) reloaded, ${skipped.length} already complete`,
    ...loaded.map((f) => `  reloaded ${f.path}: ${f.loaded} row(s)`),
    ...summary.gone.map((p) => `  missing  ${p}: recorded as loaded but no longer on disk`),
    'Partner Center data is restored by the next `partnerlens run all --source partner-center`.',
  ];
  context.print(lines.join('\n'), {
    reloaded: loaded.map((f) => ({ path: f.path, rowsLoaded: f.loaded })),
    skipped: skipped.map((f) => f.path),
    missing: summary.gone,
    runs: summary.runs.map((o) => ({ id: o.runId, job: o.job, status: o.status })),
  });
  return summary.files.some((f) => f.status === 'refused' || f.status === 'failed') ? 'failed' : 'ok';
};
