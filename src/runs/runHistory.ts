import type { Database } from '../warehouse/database.js';

export const runStatuses = ['running', 'succeeded', 'partial', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof runStatuses)[number];

export interface RunCounts {
  read: number;
  loaded: number;
  rejected: number;
  duplicate: number;
}

export interface RunRecord {
  id: number;
  job: string;
  source: string;
  period: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsDuplicate: number;
  cause: string | null;
  trigger: string | null;
}

export interface Rejection {
  source: string;
  line: number | null;
  field: string | null;
  reason: string;
  raw: string | null;
}

/** Records the start of a run at once (committed), so a crash leaves a trace that the next start closes. */
export async function startRun(
  db: Database,
  { job, source, period, trigger = 'cli' }: { job: string; source: string; period: string; trigger?: string },
): Promise<number> {
  const id = await db.value<number>(
    `INSERT INTO runs (id, job, source, period, status, started_at, pid, trigger)
     VALUES (nextval('run_ids'), ?, ?, ?, 'running', now()::TIMESTAMP, ?, ?) RETURNING id`,
    [job, source, period, process.pid, trigger],
  );
  return id;
}

export async function finishRun(
  db: Database,
  id: number,
  { status, counts, cause = null }: { status: Exclude<RunStatus, 'running'>; counts: RunCounts; cause?: string | null },
): Promise<void> {
  await db.run(
    `UPDATE runs SET status = ?, finished_at = now()::TIMESTAMP, rows_read = ?, rows_loaded = ?, rows_rejected = ?,
       rows_duplicate = ?, cause = ? WHERE id = ?`,
    [status, counts.read, counts.loaded, counts.rejected, counts.duplicate, cause, id],
  );
}

export async function recordRejections(db: Database, runId: number, rejections: readonly Rejection[]): Promise<void> {
  if (!rejections.length) return;
  await db.run('CREATE TEMP TABLE IF NOT EXISTS rejected_text (source VARCHAR, line VARCHAR, field VARCHAR, reason VARCHAR, raw VARCHAR)');
  await db.run('DELETE FROM rejected_text');
  await db.appendText(
    'rejected_text',
    ['source', 'line', 'field', 'reason', 'raw'],
    rejections.map((r) => [r.source, r.line === null ? null : String(r.line), r.field, r.reason, r.raw]),
  );
  await db.run(
    'INSERT INTO rejected_rows SELECT ?, source, line::BIGINT, field, reason, raw FROM rejected_text',
    [runId],
  );
}

export async function listRuns(db: Database, { job, limit = 20 }: { job?: string; limit?: number } = {}): Promise<RunRecord[]> {
  const rows = await db.all(
    `SELECT id, job, source, period, status, started_at, finished_at, rows_read, rows_loaded, rows_rejected,
            rows_duplicate, cause, trigger
     FROM runs WHERE (? IS NULL OR job = ?) ORDER BY id DESC LIMIT ?`,
    [job ?? null, job ?? null, limit],
  );
  return rows.map((r) => ({
    id: r.id as number,
    job: r.job as string,
    source: r.source as string,
    period: r.period as string,
    status: r.status as RunStatus,
    startedAt: r.started_at as string,
    finishedAt: (r.finished_at as string | null) ?? null,
    rowsRead: r.rows_read as number,
    rowsLoaded: r.rows_loaded as number,
    rowsRejected: r.rows_rejected as number,
    rowsDuplicate: r.rows_duplicate as number,
    cause: (r.cause as string | null) ?? null,
    trigger: (r.trigger as string | null) ?? null,
  }));
}
