import { appendAudit } from '../audit/audit.js';
import { oneLine } from '../errors.js';
import { log } from '../util/log.js';
import type { Database } from '../warehouse/database.js';

/** What operators are told about a scheduled period. */
export interface OperatorNotice {
  kind: 'failure' | 'recovery' | 'gave-up' | 'skipped';
  job: string;
  logicalDate: string;
  runId: number | null;
  attempt: number;
  cause: string | null;
  /** failure: when the next attempt starts. */
  retryAt?: string;
}

/** The delivery channels' hook (e-mail, outbox…): filled by whoever wires them; the audit log always hears. */
export type NotifyOperators = (notice: OperatorNotice) => Promise<void>;

/** Records the notice in the audit log and the JSON log, then hands it to the channels' hook, whose failure never stops the scheduler. */
export async function tellOperators(db: Database, notice: OperatorNotice, hook?: NotifyOperators): Promise<void> {
  const bad = notice.kind !== 'recovery';
  log[bad ? 'error' : 'info'](`schedule.${notice.kind}`, { ...notice });
  const detail = [
    notice.runId !== null ? `run ${notice.runId}` : null,
    `attempt ${notice.attempt}`,
    notice.retryAt ? `retry at ${notice.retryAt}` : null,
    notice.cause,
  ].filter(Boolean).join('; ');
  await appendAudit(db, {
    actor: 'system',
    action: `schedule-${notice.kind}`,
    subject: `${notice.job} ${notice.logicalDate}`,
    outcome: notice.kind === 'recovery' ? 'ok' : notice.kind === 'skipped' ? 'skipped' : 'failed',
    detail,
  }).catch((error: unknown) => log.error('schedule.audit_failed', { cause: oneLine(error) }));
  if (hook) await hook(notice).catch((error: unknown) => log.error('schedule.notify_failed', { cause: oneLine(error) }));
}
