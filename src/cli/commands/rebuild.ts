import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { commandContext, withWarehouse, type GlobalOptions } from '../context.js';
import { planIngest, runIngest } from './ingest.js';

/**
 * `partnerlens rebuild`: after a damaged log was moved aside (or any loss since the last checkpoint),
 * reload every raw input the warehouse knows of — the files it recorded as loaded and the inbox folder.
 * Files whose content is still loaded are skipped by hash, so only what went missing is read again.
 */
export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description('reload raw inputs (recorded files and the inbox) into the warehouse: what is already there is skipped')
    .option('--db <path>', 'warehouse file')
    .option('--json', 'machine-readable summary on stdout')
    .action(async (options: GlobalOptions) => {
      const context = commandContext(options);
      const summary = await withWarehouse(context, { purpose: 'rebuild' }, async (warehouse) => {
        const recorded = await warehouse.db.all<{ path: string }>('SELECT DISTINCT path FROM loaded_files ORDER BY path');
        const candidates = [...recorded.map((r) => r.path), context.config.files.inbox];
        const present = candidates.filter((p) => existsSync(p));
        const gone = recorded.map((r) => r.path).filter((p) => !existsSync(p));
        if (!present.length) return { files: [], runs: [], gone };
        const plan = await planIngest([...new Set(present)]);
        return { ...(await runIngest(warehouse, context.config, plan)), gone };
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
      if (summary.files.some((f) => f.status === 'refused' || f.status === 'failed')) process.exitCode = 1;
    });
}
