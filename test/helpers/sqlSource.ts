import type { Batch, Source } from '../../src/sources/source.js';
import type { Rejection } from '../../src/runs/runHistory.js';

export interface SqlBatch {
  label?: string;
  version?: string;
  file?: Batch['file'];
  /** Per published table: a SELECT producing its rows (without run_id/_line; they are added). */
  rows: Record<string, string>;
  read?: number;
  rejections?: Rejection[];
  /** Thrown from fill(), after staging, to simulate a source failing mid-pull. */
  failWith?: Error;
}

/**
 * A test source whose batches are written as SQL: lets warehouse tests drive the real runner and publisher
 * with exact, hand-made rows.
 */
export function sqlSource(batches: SqlBatch[], name: 'demo' | 'files' | 'partner-center' = 'demo'): Source {
  return {
    name,
    async *batches() {
      for (const [i, b] of batches.entries()) {
        yield {
          label: b.label ?? `batch ${i + 1}`,
          version: b.version ?? '2026-01-01T00:00:00Z',
          file: b.file,
          async fill(stage) {
            let read = 0;
            for (const [table, select] of Object.entries(b.rows)) {
              const target = stage.stages[table];
              if (!target) throw new Error(`no stage for ${table}`);
              await stage.db.run(`INSERT INTO ${target} BY NAME SELECT *, ${stage.runId} AS run_id FROM (${select})`);
              read += (await stage.db.value<number>(`SELECT count(*) FROM (${select})`)) ?? 0;
            }
            if (b.rejections) await stage.reject(b.rejections);
            if (b.failWith) throw b.failWith;
            return { read: b.read ?? read + (b.rejections?.length ?? 0), rejected: b.rejections?.length ?? 0 };
          },
        };
      }
    },
  };
}
