import type { Database } from '../warehouse/database.js';

// The schedule ledger (migration 7): one row per job and logical date, whatever happens to the clock or
// the process. All on the service's bookkeeping connection.

export type LedgerState = 'due' | 'running' | 'succeeded' | 'partial' | 'retry' | 'failed';

export interface LedgerEntry {
  job: string;
  logicalDate: string;
  firedAt: Date;
  state: LedgerState;
  attempts: number;
  nextAttemptAt: Date | null;
  runId: number | null;
  cause: string | null;
}

/** A UTC instant as DuckDB's TIMESTAMP text (no zone suffix: the column holds UTC). */
export function timestamp(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}

export async function readCursor(db: Database, job: string): Promise<Date | undefined> {
  const seen = await db.value<string | null>('SELECT seen_until FROM schedule_cursor WHERE job = ?', [job]);
  return seen ? new Date(seen) : undefined;
}

export async function writeCursor(db: Database, job: string, until: Date): Promise<void> {
  await db.run('INSERT OR REPLACE INTO schedule_cursor (job, seen_until) VALUES (?, ?::TIMESTAMP)', [job, timestamp(until)]);
}

export async function knownDates(db: Database, job: string, dates: readonly string[]): Promise<Set<string>> {
  if (!dates.length) return new Set();
  const rows = await db.all<{ d: string }>(
    'SELECT strftime(logical_date, \'%Y-%m-%d\') AS d FROM schedule_ledger WHERE job = ? AND logical_date BETWEEN ?::DATE AND ?::DATE',
    [job, [...dates].sort()[0]!, [...dates].sort().at(-1)!],
  );
  return new Set(rows.map((r) => r.d));
}

export async function enterPeriod(db: Database, job: string, logicalDate: string, firedAt: Date): Promise<void> {
  await db.run(
    `INSERT INTO schedule_ledger (job, logical_date, fired_at, state, attempts, next_attempt_at, updated_at)
     VALUES (?, ?::DATE, ?::TIMESTAMP, 'due', 0, ?::TIMESTAMP, now()::TIMESTAMP) ON CONFLICT DO NOTHING`,
    [job, logicalDate, timestamp(firedAt), timestamp(firedAt)],
  );
}

/** Periods ready to (re)start at `now`, oldest first. */
export async function duePeriods(db: Database, now: Date): Promise<LedgerEntry[]> {
  const rows = await db.all(
    `SELECT job, strftime(logical_date, '%Y-%m-%d') AS logical_date, fired_at, state, attempts, next_attempt_at, run_id, cause
     FROM schedule_ledger WHERE state IN ('due', 'retry') AND next_attempt_at <= ?::TIMESTAMP ORDER BY logical_date, job`,
    [timestamp(now)],
  );
  return rows.map(toEntry);
}

/** When the next waiting period may start (retries), if any. */
export async function nextAttemptAt(db: Database): Promise<Date | undefined> {
  const at = await db.value<string | null>("SELECT min(next_attempt_at) FROM schedule_ledger WHERE state IN ('due', 'retry')");
  return at ? new Date(at) : undefined;
}

export async function updatePeriod(
  db: Database,
  job: string,
  logicalDate: string,
  change: { state: LedgerState; attempts: number; nextAttemptAt?: Date | null; runId?: number | null; cause?: string | null },
): Promise<void> {
  await db.run(
    `UPDATE schedule_ledger SET state = ?, attempts = ?, next_attempt_at = ?::TIMESTAMP, run_id = COALESCE(?, run_id), cause = ?, updated_at = now()::TIMESTAMP
     WHERE job = ? AND logical_date = ?::DATE`,
    [change.state, change.attempts, change.nextAttemptAt ? timestamp(change.nextAttemptAt) : null, change.runId ?? null, change.cause ?? null, job, logicalDate],
  );
}

/** Periods a process left "running" when it died go back to due: the next start runs them again. */
export async function reopenAbandoned(db: Database): Promise<void> {
  await db.run("UPDATE schedule_ledger SET state = 'due', updated_at = now()::TIMESTAMP WHERE state = 'running'");
}

export async function listLedger(db: Database, job?: string): Promise<LedgerEntry[]> {
  const rows = await db.all(
    `SELECT job, strftime(logical_date, '%Y-%m-%d') AS logical_date, fired_at, state, attempts, next_attempt_at, run_id, cause
     FROM schedule_ledger WHERE (? IS NULL OR job = ?) ORDER BY job, logical_date`,
    [job ?? null, job ?? null],
  );
  return rows.map(toEntry);
}

function toEntry(r: Record<string, unknown>): LedgerEntry {
  return {
    job: r.job as string,
    logicalDate: r.logical_date as string,
    firedAt: new Date(r.fired_at as string),
    state: r.state as LedgerState,
    attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at as string) : null,
    runId: (r.run_id as number | null) ?? null,
    cause: (r.cause as string | null) ?? null,
  };
}
