import { z } from 'zod';
import { checkAlerts } from '../../alerts/checkAlerts.js';
import { describeAlert } from '../../alerts/describeAlert.js';
import type { CommandAction } from '../action.js';
import { parseOptions } from '../options.js';

const schema = z.object({ dryRun: z.boolean().optional() });

/** `alerts list | check [--dry-run]`: exit 1 when a notice could not be sent on some channel. */
export const alerts: CommandAction = async (context, _args, raw, { name: verb }) => {
  const o = parseOptions(schema, raw);
  if (verb === 'list') {
    const breached = await context.withWarehouse({ readOnly: true }, (w) => w.db.all<{ alert: string; subject: string; breached_since: string }>('SELECT alert, subject, breached_since FROM alert_state ORDER BY alert, subject'));
    const list = context.config.alerts.map((a) => ({ id: a.id, model: a.model ?? null, measure: a.measure ?? null, maxAge: a.maxAge ?? null, datasets: a.datasets ?? null, watches: describeAlert(a), by: a.by, against: a.against ?? null, above: a.above ?? null, below: a.below ?? null, dropBy: a.dropBy ?? null, channels: a.channels, snoozeHours: a.snoozeHours, inBreach: breached.filter((b) => b.alert === a.id).map((b) => ({ subject: b.subject, since: b.breached_since })) }));
    const lines = list.map((a) => `${a.id}: ${a.watches} → ${a.channels.join(', ')}; in breach: ${a.inBreach.length}`);
    context.print(lines.length ? lines.join('\n') : 'no alerts configured (see "alerts" in the README)', list);
    return;
  }
  const outboxDir = context.resolvePath(context.config.delivery.outbox);
  const outcomes = await context.withWarehouse({ readOnly: Boolean(o.dryRun), purpose: 'alerts check' }, (warehouse) =>
    checkAlerts({ warehouse, config: context.config, secrets: context.secrets, now: new Date(), dryRun: Boolean(o.dryRun), outboxDir, env: context.env }),
  );
  const lines = outcomes.map((x) => `${x.event.padEnd(8)} ${x.alert}: ${x.event === 'cleared' ? x.subject : x.message}${x.failures.length ? ` — not sent: ${x.failures.join('; ')}` : ''}`);
  context.print(lines.length ? lines.join('\n') : 'no alerts configured', outcomes);
  return outcomes.some((x) => x.failures.length) ? 'failed' : 'ok';
};
