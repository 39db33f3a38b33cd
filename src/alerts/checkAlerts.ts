import type { Config, Secrets } from '../config/config.js';
import { appendAudit } from '../audit/audit.js';
import { createMailer, type Mailer } from '../delivery/emailChannel.js';
import { readFreshness } from '../reports/warehouseFacts.js';
import { log, registerSecret } from '../util/log.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import { evaluateAlert } from './evaluateAlert.js';
import { notifyAdmins } from './notifyAdmins.js';

export interface AlertOutcome {
  alert: string;
  subject: string;
  event: 'fired' | 'reminder' | 'cleared' | 'quiet';
  message: string;
  /** Channels that failed (the state is kept unchanged so the next check tries again). */
  failures: string[];
}

/**
 * Checks every configured alert: a new breach fires once per subject, again only after the snooze, and one
 * notice goes out when it clears. State lives in `alert_state`; fired and cleared are audited. Cheap when
 * no alerts are configured (what runs after every load).
 */
export async function checkAlerts({ warehouse, config, secrets, now, dryRun = false, outboxDir, env = process.env, mailer: given }: {
  warehouse: Warehouse; config: Config; secrets: Secrets; now: Date; dryRun?: boolean; outboxDir?: string; env?: NodeJS.ProcessEnv; mailer?: Mailer;
}): Promise<AlertOutcome[]> {
  if (!config.alerts.length) return [];
  const db = warehouse.db;
  const newestDay = (await readFreshness(db)).asOfDay;
  const needsMail = config.alerts.some((a) => a.channels.includes('email'));
  let mailer: Mailer | null = given ?? null;
  if (!mailer && needsMail && !dryRun) {
    try {
      mailer = createMailer(config, secrets);
    } catch (error) {
      log.warn('alerts.no_mail', { cause: (error as Error).message });
    }
  }
  const outcomes: AlertOutcome[] = [];
  const stamp = now.toISOString();
  try {
    for (const alert of config.alerts) {
      const webhookUrl = alert.webhook ? (alert.webhook.urlEnv ? env[alert.webhook.urlEnv] : alert.webhook.url) ?? null : null;
      registerSecret(webhookUrl ?? undefined);
      const { breaches } = await evaluateAlert(db, config, alert, newestDay, now);
      const state = new Map((await db.all<{ subject: string; breached_since: string; last_notified: string }>('SELECT subject, breached_since, last_notified FROM alert_state WHERE alert = ?', [alert.id])).map((s) => [s.subject, s]));
      const send = async (event: 'fired' | 'reminder' | 'cleared', subject: string, message: string, since: string) => {
        if (dryRun) return [];
        return notifyAdmins(db, config, { alert, event, subject, message, key: `${alert.id}|${subject}|${since}|${event}|${event === 'reminder' ? stamp : ''}` }, { mailer, outboxDir: outboxDir ?? config.delivery.outbox, webhookUrl });
      };
      for (const b of breaches) {
        const known = state.get(b.subject);
        state.delete(b.subject);
        if (!known) {
          const failures = await send('fired', b.subject, b.message, stamp);
          outcomes.push({ alert: alert.id, subject: b.subject, event: 'fired', message: b.message, failures });
          if (dryRun || failures.length === alert.channels.length) continue;
          await db.run('INSERT INTO alert_state (alert, subject, breached_since, last_notified, value) VALUES (?, ?, ?::TIMESTAMP, ?::TIMESTAMP, ?)', [alert.id, b.subject, stamp.slice(0, 23), stamp.slice(0, 23), b.value]);
          await appendAudit(db, { actor: 'system', action: 'alert-fire', subject: `${alert.id}: ${b.subject}`, outcome: failures.length ? 'failed' : 'ok', detail: [b.message, ...failures].join(' | ') });
        } else if (now.getTime() - Date.parse(known.last_notified) >= alert.snoozeHours * 3_600_000) {
          const failures = await send('reminder', b.subject, b.message, known.breached_since);
          outcomes.push({ alert: alert.id, subject: b.subject, event: 'reminder', message: b.message, failures });
          if (dryRun || failures.length === alert.channels.length) continue;
          await db.run('UPDATE alert_state SET last_notified = ?::TIMESTAMP, value = ? WHERE alert = ? AND subject = ?', [stamp.slice(0, 23), b.value, alert.id, b.subject]);
          await appendAudit(db, { actor: 'system', action: 'alert-fire', subject: `${alert.id}: ${b.subject}`, outcome: failures.length ? 'failed' : 'ok', detail: `still in breach (after snooze): ${b.message}` });
        } else {
          outcomes.push({ alert: alert.id, subject: b.subject, event: 'quiet', message: b.message, failures: [] });
        }
      }
      // Whatever is left in the state is no longer in breach.
      for (const [subject, known] of state) {
        const message = `${subject} is no longer in breach`;
        const failures = await send('cleared', subject, message, known.breached_since);
        outcomes.push({ alert: alert.id, subject, event: 'cleared', message, failures });
        if (dryRun || failures.length === alert.channels.length) continue;
        await db.run('DELETE FROM alert_state WHERE alert = ? AND subject = ?', [alert.id, subject]);
        await appendAudit(db, { actor: 'system', action: 'alert-clear', subject: `${alert.id}: ${subject}`, outcome: failures.length ? 'failed' : 'ok', detail: failures.join(' | ') || null });
      }
    }
  } finally {
    if (!given) mailer?.close();
  }
  return outcomes;
}
