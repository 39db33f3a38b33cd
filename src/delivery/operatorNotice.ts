import { appendAudit } from '../audit/audit.js';
import type { Database } from '../warehouse/database.js';
import { log } from '../util/log.js';
import type { Mailer } from './emailChannel.js';
import { headerSafe } from './mailBody.js';

/**
 * Tells operators something needs a person (a permanent SMTP failure, a held or oversized pack): a warning
 * in the log, an audit entry, and a mail to each active operator when mail is configured. Never throws:
 * a notice must not turn a delivery that worked into one that failed.
 */
export async function notifyOperators(db: Database, mailer: Mailer | null, { subject, text, about }: { subject: string; text: string; about: string }): Promise<void> {
  log.warn('operators.notice', { about, subject, text });
  await appendAudit(db, { actor: 'system', action: 'operator-notice', subject: about, outcome: 'ok', detail: `${subject}: ${text}` });
  if (!mailer) return;
  const operators = await db.all<{ upn: string; display_name: string | null }>(
    `SELECT u.upn, u.display_name FROM users u JOIN user_roles r USING (upn) WHERE r.role = 'operator' AND NOT u.disabled ORDER BY u.upn`,
  );
  for (const op of operators) {
    await mailer
      .send({ to: { address: op.upn, name: op.display_name }, subject: headerSafe(`PartnerLens: ${subject}`), text, html: `<p>${text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`, messageId: `<notice.${Date.now()}.${Math.random().toString(36).slice(2)}@${mailer.from.split('@')[1] ?? 'partnerlens.invalid'}>`, attachments: [] })
      .catch((error: unknown) => log.warn('operators.notice_failed', { to: op.upn, cause: (error as Error).message }));
  }
}
