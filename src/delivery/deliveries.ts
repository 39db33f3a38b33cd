import { appendAudit } from '../audit/audit.js';
import { ADMIN, normaliseUpn, requireRole } from '../access/roles.js';
import { requireActor } from '../access/users.js';
import { UsageError } from '../errors.js';
import { isLocale, type Locale } from '../locale/locales.js';
import type { PackFormat } from '../render/packFormats.js';
import type { Database } from '../warehouse/database.js';
import { validateSchedule } from './schedule.js';

export const channels = ['email', 'outbox'] as const;
export type Channel = (typeof channels)[number];

export interface Delivery {
  id: string;
  report: string;
  customer: string | null;
  formats: PackFormat[];
  schedule: string;
  timeZone: string;
  recipients: string[];
  channel: Channel;
  maxAgeMinutes: number | null;
  holdWhenStale: boolean;
  /** The pack's and the mail's language and formats; null: the configuration's `locale` at each send. */
  locale: Locale | null;
  createdBy: string;
}

interface DeliveryRow {
  id: string; report: string; customer: string | null; formats: string; schedule: string; time_zone: string;
  recipients: string; channel: string; max_age_minutes: number | null; hold_when_stale: boolean; locale: string | null; created_by: string;
}

const fromRow = (r: DeliveryRow): Delivery => ({
  id: r.id,
  report: r.report,
  customer: r.customer,
  formats: r.formats.split(',') as PackFormat[],
  schedule: r.schedule,
  timeZone: r.time_zone,
  recipients: r.recipients.split(','),
  channel: r.channel as Channel,
  maxAgeMinutes: r.max_age_minutes === null ? null : Number(r.max_age_minutes),
  holdWhenStale: r.hold_when_stale,
  locale: isLocale(r.locale) ? r.locale : null,
  createdBy: r.created_by,
});

export async function listDeliveries(db: Database, id?: string): Promise<Delivery[]> {
  const rows = await db.all<DeliveryRow & Record<string, unknown>>(`SELECT * FROM deliveries ${id ? 'WHERE id = ?' : ''} ORDER BY id`, id ? [id] : []);
  return rows.map(fromRow);
}

/** Admins only (SPEC §6). Recipients are checked again at every send: a non-admin is accepted here, never sent to. */
export async function addDelivery(db: Database, actor: string | undefined, input: Omit<Delivery, 'createdBy' | 'locale'> & { locale?: Locale | null }): Promise<Delivery> {
  const d = { ...input, locale: input.locale ?? null };
  const who = requireActor(actor);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(d.id)) throw new UsageError(`delivery id "${d.id}": use letters, digits, ".", "_" and "-" (at most 64)`);
  validateSchedule(d.schedule, d.timeZone);
  const recipients = [...new Set(d.recipients.map(normaliseUpn))];
  if (!recipients.length) throw new UsageError('--to needs at least one recipient');
  await requireRole(db, { actor: who, role: ADMIN, action: 'manage deliveries', subject: d.id });
  if (await db.one('SELECT 1 AS taken FROM deliveries WHERE id = ?', [d.id])) throw new UsageError(`delivery "${d.id}" exists already: remove it first or pick another id`);
  await db.transaction(async () => {
    await db.run(
      `INSERT INTO deliveries (id, report, customer, formats, schedule, time_zone, recipients, channel, max_age_minutes, hold_when_stale, locale, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP, ?)`,
      [d.id, d.report, d.customer, d.formats.join(','), d.schedule, d.timeZone, recipients.join(','), d.channel, d.maxAgeMinutes, d.holdWhenStale, d.locale, who],
    );
    await appendAudit(db, { actor: who, action: 'delivery-add', subject: d.id, outcome: 'ok', detail: `${d.report} to ${recipients.join(', ')} by ${d.channel}, "${d.schedule}" ${d.timeZone}${d.locale ? `, ${d.locale}` : ''}` });
  });
  return { ...d, recipients, createdBy: who };
}

export async function removeDelivery(db: Database, actor: string | undefined, id: string): Promise<void> {
  const who = requireActor(actor);
  await requireRole(db, { actor: who, role: ADMIN, action: 'manage deliveries', subject: id });
  if (!(await db.one('SELECT 1 AS known FROM deliveries WHERE id = ?', [id]))) throw new UsageError(`unknown delivery "${id}": see \`partnerlens deliveries list\``);
  await db.transaction(async () => {
    await db.run('DELETE FROM deliveries WHERE id = ?', [id]);
    await appendAudit(db, { actor: who, action: 'delivery-remove', subject: id, outcome: 'ok' });
  });
}
