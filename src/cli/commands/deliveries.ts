import { z } from 'zod';
import { reportNames } from '../../../reports/index.js';
import { UsageError } from '../../errors.js';
import { addDelivery, channels, listDeliveries, removeDelivery } from '../../delivery/deliveries.js';
import { describeMinutes, parseMaxAge } from '../../delivery/maxAge.js';
import { validateZone } from '../../delivery/schedule.js';
import { parseLocale } from '../../locale/parseLocale.js';
import { packFormats, type PackFormat } from '../../render/packFormats.js';
import type { CommandAction } from '../action.js';
import { parseOptions } from '../options.js';

const schema = z.object({
  report: z.string().optional(),
  to: z.string().optional(),
  schedule: z.string().optional(),
  tz: z.string().optional(),
  format: z.string().optional(),
  customer: z.string().min(1).optional(),
  channel: z.enum(channels).optional(),
  maxAge: z.string().optional(),
  holdWhenStale: z.boolean().optional(),
  locale: z.string().optional(),
  as: z.string().optional(),
});

/** `deliveries list|add|remove`. */
export const deliveries: CommandAction = async (context, [id], raw, { name: verb }) => {
  const o = parseOptions(schema, raw);
  if (verb === 'list') {
    const all = await context.withWarehouse({ readOnly: true }, (w) => listDeliveries(w.db));
    const lines = all.map((d) => `${d.id}: ${d.report}${d.customer ? ` (customer ${d.customer})` : ''} ${d.formats.join(',')} by ${d.channel} to ${d.recipients.join(', ')} — "${d.schedule}" ${d.timeZone}${d.maxAgeMinutes ? `, max age ${describeMinutes(d.maxAgeMinutes)}${d.holdWhenStale ? ' (held when stale)' : ''}` : ''}${d.locale ? `, in ${d.locale}` : ''}`);
    context.print(lines.length ? lines.join('\n') : 'no deliveries yet', all);
    return;
  }
  if (verb === 'remove') {
    await context.withWarehouse({ purpose: 'deliveries remove' }, (w) => removeDelivery(w.db, o.as, String(id)));
    context.print(`removed delivery ${String(id)}`, { removed: String(id) });
    return;
  }
  if (!o.report || !reportNames.includes(o.report)) throw new UsageError(`--report "${o.report ?? ''}": expected one of ${reportNames.join(', ')}`);
  const formats = (o.format ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (!formats.length || formats.some((f) => !(packFormats as readonly string[]).includes(f))) throw new UsageError(`--format must list ${packFormats.join(' and/or ')}, got "${o.format}"`);
  if (o.holdWhenStale && !o.maxAge) throw new UsageError('--hold-when-stale needs --max-age: say how old is too old');
  const delivery = {
    id: String(id),
    report: o.report,
    customer: o.customer ?? null,
    formats: [...new Set(formats)] as PackFormat[],
    schedule: o.schedule!,
    timeZone: validateZone(o.tz!),
    recipients: (o.to ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    channel: o.channel ?? 'email',
    maxAgeMinutes: o.maxAge ? parseMaxAge(o.maxAge) : null,
    holdWhenStale: Boolean(o.holdWhenStale),
    locale: o.locale === undefined ? null : parseLocale(o.locale),
  };
  const added = await context.withWarehouse({ purpose: 'deliveries add' }, (w) => addDelivery(w.db, o.as, delivery));
  context.print(`added delivery ${added.id}: ${added.report} to ${added.recipients.join(', ')} by ${added.channel}, "${added.schedule}" ${added.timeZone}${added.locale ? `, in ${added.locale}` : ''}`, added);
};
