import { createHash } from 'node:crypto';
import { ADMIN } from '../access/roles.js';
import type { AlertDefinition, Config } from '../config/config.js';
import type { Mailer } from '../delivery/emailChannel.js';
import { headerSafe } from '../delivery/mailBody.js';
import { writeOutbox } from '../delivery/outboxChannel.js';
import { escapeHtml } from '../render/escape.js';
import type { Database } from '../warehouse/database.js';
import { postWebhook, webhookPayload } from './postWebhook.js';

export interface AlertNotice {
  alert: AlertDefinition;
  event: 'fired' | 'reminder' | 'cleared';
  subject: string;
  message: string;
  /** Identifies this notice (alert, subject, breach start, event): its Message-ID and file names derive from it. */
  key: string;
}

/** Sends one notice on every channel of the alert, to the admins holding the role now. Answers the failures. */
export async function notifyAdmins(
  db: Database,
  config: Config,
  notice: AlertNotice,
  { mailer, outboxDir, webhookUrl }: { mailer: Mailer | null; outboxDir: string; webhookUrl: string | null },
): Promise<string[]> {
  const admins = await db.all<{ upn: string; display_name: string | null }>(
    'SELECT u.upn, u.display_name FROM users u JOIN user_roles r USING (upn) WHERE r.role = ? AND NOT u.disabled ORDER BY u.upn', [ADMIN],
  );
  const title = headerSafe(`PartnerLens alert ${notice.alert.id} ${notice.event}: ${notice.subject}`);
  const text = notice.event === 'cleared' ? `Cleared: ${notice.subject} is no longer in breach of ${notice.alert.id}.` : notice.message;
  const html = `<p style="font-family:Arial,sans-serif">${escapeHtml(text)}</p>${notice.alert.description ? `<p style="font-family:Arial,sans-serif;color:#6b7280">${escapeHtml(notice.alert.description)}</p>` : ''}`;
  const hash = createHash('sha256').update(notice.key).digest('hex').slice(0, 40);
  const failures: string[] = [];
  for (const channel of notice.alert.channels) {
    try {
      if (channel === 'email') {
        if (!mailer) throw new Error('no smtp configuration');
        for (const a of admins) {
          await mailer.send({ to: { address: a.upn, name: a.display_name }, subject: title, text, html, messageId: `<alert.${hash}.${createHash('sha256').update(a.upn).digest('hex').slice(0, 12)}@${mailer.from.split('@')[1] ?? 'partnerlens.invalid'}>`, attachments: [] });
        }
      } else if (channel === 'outbox') {
        for (const a of admins) await writeOutbox(outboxDir, { recipient: a.upn, prefix: `alert-${notice.alert.id}-${notice.event}-${hash.slice(0, 12)}`, files: [], body: { html, text } });
      } else {
        if (!webhookUrl) throw new Error('no webhook URL');
        await postWebhook(webhookUrl, webhookPayload(notice.alert.webhook?.format ?? 'teams', title, text), { allowPrivateHosts: config.webhooks.allowPrivateHosts });
      }
    } catch (error) {
      failures.push(`${channel}: ${(error as Error).message}`);
    }
  }
  return failures;
}
