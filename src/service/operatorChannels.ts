import type { Config, Secrets } from '../config/config.js';
import { createMailer, type Mailer } from '../delivery/emailChannel.js';
import { notifyOperators } from '../delivery/operatorNotice.js';
import { writeOutbox } from '../delivery/outboxChannel.js';
import { escapeHtml } from '../render/escape.js';
import { oneLine } from '../errors.js';
import { log } from '../util/log.js';
import type { Database } from '../warehouse/database.js';
import type { NotifyOperators, OperatorNotice } from './notifyOperators.js';

export interface OperatorChannels {
  /** The scheduler's hook: failures, give-ups, skipped periods and recoveries of scheduled jobs. */
  notify: NotifyOperators;
  /** Any other notice (a delivery that could not be made). */
  tell(notice: { about: string; subject: string; text: string }): Promise<void>;
}

/**
 * Operators hear through the channel deliveries use: a mail to every active holder of the operator role
 * when SMTP is configured (the delivery code's own `notifyOperators`, which also logs and audits), else a
 * notice in each one's outbox folder. Never throws: a notice must not stop the scheduler.
 */
export function operatorChannels({ books, config, secrets, outboxDir }: { books: Database; config: Config; secrets: Secrets; outboxDir: string }): OperatorChannels {
  const tell: OperatorChannels['tell'] = async ({ about, subject, text }) => {
    let mailer: Mailer | null = null;
    if (config.smtp) {
      try {
        mailer = createMailer(config, secrets);
      } catch (error) {
        log.warn('operators.no_mail', { cause: oneLine(error) });
      }
    }
    try {
      await notifyOperators(books, mailer, { about, subject, text });
      if (mailer) return;
      const operators = await books.all<{ upn: string }>(`SELECT u.upn FROM users u JOIN user_roles r USING (upn) WHERE r.role = 'operator' AND NOT u.disabled ORDER BY u.upn`);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      for (const op of operators) {
        await writeOutbox(outboxDir, { recipient: op.upn, prefix: `notice-${stamp}-${about}`, files: [], body: { html: `<p>${escapeHtml(text)}</p>`, text } });
      }
    } catch (error) {
      log.error('operators.notice_failed', { about, cause: oneLine(error) });
    } finally {
      mailer?.close();
    }
  };
  return {
    tell,
    notify: (notice) => tell({ about: notice.job, subject: subjectOf(notice), text: textOf(notice) }),
  };
}

function subjectOf(n: OperatorNotice): string {
  switch (n.kind) {
    case 'failure': return `job ${n.job} failed for ${n.logicalDate} (attempt ${n.attempt}), will retry`;
    case 'gave-up': return `job ${n.job} gave up on ${n.logicalDate} after ${n.attempt} attempts`;
    case 'recovery': return `job ${n.job} recovered for ${n.logicalDate} (attempt ${n.attempt})`;
    case 'skipped': return `job ${n.job} skipped periods ${n.logicalDate}`;
  }
}

function textOf(n: OperatorNotice): string {
  return [
    `${subjectOf(n)}.`,
    n.runId !== null ? `Run ${n.runId} (see \`partnerlens runs\`).` : null,
    n.retryAt ? `Next attempt at ${n.retryAt}.` : null,
    n.cause ? `Cause: ${n.cause}` : null,
  ].filter(Boolean).join(' ');
}
