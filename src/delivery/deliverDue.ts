import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config, Secrets } from '../config/config.js';
import { appendAudit } from '../audit/audit.js';
import { oneLine, UsageError } from '../errors.js';
import { localizerFor } from '../locale/catalogue.js';
import type { Locale } from '../locale/locales.js';
import { pathInside, safeFileName } from '../render/safeFileName.js';
import { readFreshness } from '../reports/warehouseFacts.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import { listDeliveries, type Delivery } from './deliveries.js';
import { createMailer, type Mailer } from './emailChannel.js';
import { messageIdFor, recordSent, wasSent, type LedgerKey } from './ledger.js';
import { mailBody } from './mailBody.js';
import { notifyOperators } from './operatorNotice.js';
import { writeOutbox } from './outboxChannel.js';
import { checkRecipients } from './recipients.js';
import { renderPack } from './renderPack.js';
import { latestFiring } from './schedule.js';
import { staleness } from './staleness.js';

export interface DeliverOptions {
  warehouse: Warehouse;
  config: Config;
  secrets: Secrets;
  now: Date;
  deliveryId: string | 'all';
  dryRun?: boolean;
  /** Absolute; where outbox packs go (and the kept copy of every pack). Default: config.delivery.outbox. */
  outboxDir?: string;
  /** Test hook (RELIABILITY 9): `delivery.after-send` kills the process after SMTP accepted, before the ledger write. */
  faultAt?: string;
  /** A mailer to use instead of one built from the configuration. */
  mailer?: Mailer;
  /** `deliver --locale`: this run's packs and mails in this locale, whatever each delivery says. */
  locale?: Locale;
}

export type RecipientOutcome = 'sent' | 'already-sent' | 'refused' | 'failed' | 'would-send' | 'held';

export interface DeliveryResult {
  delivery: string;
  period: string | null;
  channel: string;
  locale: Locale;
  stale: string | null;
  recipients: { upn: string; outcome: RecipientOutcome; reason: string | null; messageId: string | null }[];
  files: string[];
}

const running = new Map<string, Promise<unknown>>();

/**
 * Sends each delivery's latest period (its last firing at or before `now`) to every recipient who holds the
 * admin role now and has not had it: what `deliver` runs and what the service's scheduler calls.
 */
export async function deliverDue(options: DeliverOptions): Promise<DeliveryResult[]> {
  const { warehouse, deliveryId } = options;
  const deliveries = await listDeliveries(warehouse.db, deliveryId === 'all' ? undefined : deliveryId);
  if (deliveryId !== 'all' && !deliveries.length) throw new UsageError(`unknown delivery "${deliveryId}": see \`partnerlens deliveries list\``);
  const results: DeliveryResult[] = [];
  for (const delivery of deliveries) {
    // Two fires of one delivery in one process wait for each other; the ledger does the rest.
    const before = running.get(delivery.id) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => deliverOne(delivery, options));
    running.set(delivery.id, mine);
    try {
      results.push(await mine);
    } finally {
      if (running.get(delivery.id) === mine) running.delete(delivery.id);
    }
  }
  return results;
}

async function deliverOne(delivery: Delivery, options: DeliverOptions): Promise<DeliveryResult> {
  const { warehouse, config, now, dryRun = false } = options;
  const db = warehouse.db;
  const firing = latestFiring(delivery.schedule, delivery.timeZone, now);
  // The run's choice, else the delivery's, else the configuration's at the time of sending.
  const locale = options.locale ?? delivery.locale ?? config.locale;
  const result: DeliveryResult = { delivery: delivery.id, period: firing?.toISOString() ?? null, channel: delivery.channel, locale, stale: null, recipients: [], files: [] };
  if (!firing) return result;
  const period = firing.toISOString();

  const due: { upn: string; name: string | null; key: LedgerKey }[] = [];
  for (const check of await checkRecipients(db, delivery.recipients)) {
    const key = { delivery: delivery.id, period, recipient: check.upn };
    if (check.refused) {
      result.recipients.push({ upn: check.upn, outcome: 'refused', reason: check.refused, messageId: null });
      if (!dryRun) await appendAudit(db, { actor: 'system', action: 'delivery-skip', subject: check.upn, outcome: 'skipped', detail: `${delivery.id} ${period}: ${check.refused}` });
    } else if (await wasSent(db, key)) {
      result.recipients.push({ upn: check.upn, outcome: 'already-sent', reason: null, messageId: null });
    } else due.push({ upn: check.upn, name: check.displayName, key });
  }

  const freshness = await readFreshness(db);
  result.stale = await staleness(db, freshness.entries, delivery.maxAgeMinutes, now, localizerFor(locale));
  if (dryRun || !due.length) {
    for (const r of due) result.recipients.push({ upn: r.upn, outcome: dryRun ? (result.stale && delivery.holdWhenStale ? 'held' : 'would-send') : 'sent', reason: dryRun && result.stale && delivery.holdWhenStale ? result.stale : null, messageId: null });
    return result;
  }

  const mailer = delivery.channel === 'email' ? (options.mailer ?? createMailer(config, options.secrets)) : config.smtp ? safeMailer(config, options) : null;
  try {
    if (result.stale && delivery.holdWhenStale) {
      for (const r of due) result.recipients.push({ upn: r.upn, outcome: 'held', reason: result.stale, messageId: null });
      await appendAudit(db, { actor: 'system', action: 'delivery-hold', subject: delivery.id, outcome: 'skipped', detail: `${period}: ${result.stale}` });
      await notifyOperators(db, mailer, { about: delivery.id, subject: `delivery ${delivery.id} held`, text: `Delivery ${delivery.id} for ${period} was not sent: ${result.stale}. Load fresh data, then run \`partnerlens deliver ${delivery.id}\`.` });
      return result;
    }

    const outbox = options.outboxDir ?? config.delivery.outbox;
    const packDir = pathInside(outbox, safeFileName(`packs-${delivery.id}-${period}`));
    const pack = await renderPack(warehouse, config, { report: delivery.report, customer: delivery.customer, formats: delivery.formats, outDir: packDir, warning: result.stale ?? undefined, locale });
    result.files = pack.files;
    const limit = config.delivery.maxAttachmentMB * 1_000_000;
    const sizes = await Promise.all(pack.files.map(async (f) => ({ file: f, bytes: (await stat(f)).size })));
    const notAttached = sizes.filter((s) => s.bytes > limit).map((s) => ({ file: basename(s.file), where: s.file, megabytes: s.bytes / 1_000_000 }));
    if (delivery.channel === 'email' && notAttached.length) {
      await notifyOperators(db, mailer, { about: delivery.id, subject: `pack too large to attach`, text: `${notAttached.map((n) => `${n.file} (${n.megabytes.toFixed(1)} MB)`).join(', ')} of delivery ${delivery.id} exceeds ${config.delivery.maxAttachmentMB} MB: recipients were told where to find it (${packDir}).` });
    }
    const body = mailBody(pack.report, { period, warning: result.stale, notAttached: delivery.channel === 'email' ? notAttached : [] });

    for (const r of due) {
      const messageId = messageIdFor(r.key, mailer?.from ?? 'partnerlens@partnerlens.invalid');
      try {
        if (delivery.channel === 'email') {
          await mailer!.send({ to: { address: r.upn, name: r.name }, subject: body.subject, html: body.html, text: body.text, messageId, attachments: sizes.filter((s) => s.bytes <= limit).map((s) => ({ path: s.file, filename: basename(s.file) })) });
        } else {
          await writeOutbox(outbox, { recipient: r.upn, prefix: `${delivery.id}-${period}`, files: pack.files, body });
        }
        if (options.faultAt === 'delivery.after-send') process.kill(process.pid, 'SIGKILL');
        await recordSent(db, r.key, { channel: delivery.channel, messageId });
        await appendAudit(db, { actor: 'system', action: 'delivery-send', subject: r.upn, outcome: 'ok', detail: `${delivery.id} ${period} ${delivery.report} by ${delivery.channel}` });
        result.recipients.push({ upn: r.upn, outcome: 'sent', reason: null, messageId });
      } catch (error) {
        const reason = oneLine(error);
        result.recipients.push({ upn: r.upn, outcome: 'failed', reason, messageId });
        await appendAudit(db, { actor: 'system', action: 'delivery-send', subject: r.upn, outcome: 'failed', detail: `${delivery.id} ${period}: ${reason}` });
        await notifyOperators(db, mailer, { about: delivery.id, subject: `delivery ${delivery.id} failed for ${r.upn}`, text: reason });
      }
    }
    return result;
  } finally {
    if (!options.mailer) mailer?.close();
  }
}

/** For operator notices from an outbox delivery: a mail configuration problem must not stop the outbox. */
function safeMailer(config: Config, options: DeliverOptions): Mailer | null {
  try {
    return options.mailer ?? createMailer(config, options.secrets);
  } catch {
    return null;
  }
}
