import { z } from 'zod';
import { deliverDue } from '../../delivery/deliverDue.js';
import { parseLocale } from '../../locale/parseLocale.js';
import type { CommandAction } from '../action.js';
import { parseOptions } from '../options.js';

const schema = z.object({ dryRun: z.boolean().optional(), outbox: z.string().min(1).optional(), locale: z.string().optional() });

/** `deliver <id|all> [--dry-run] [--outbox DIR] [--locale L]`: exit 1 when a send failed. */
export const deliver: CommandAction = async (context, [id], raw) => {
  const o = parseOptions(schema, raw);
  const outboxDir = context.resolvePath(o.outbox ?? context.config.delivery.outbox);
  const locale = o.locale === undefined ? undefined : parseLocale(o.locale);
  const results = await context.withWarehouse({ purpose: `deliver ${String(id)}` }, (warehouse) =>
    deliverDue({ warehouse, config: context.config, secrets: context.secrets, now: new Date(), deliveryId: String(id), dryRun: Boolean(o.dryRun), outboxDir, faultAt: context.env.FAULT_AT, ...(locale ? { locale } : {}) }),
  );
  const lines: string[] = [];
  for (const r of results) {
    lines.push(r.period ? `${r.delivery} (period ${r.period}, ${r.channel}, ${r.locale})${r.stale ? ` — ${r.stale}` : ''}:` : `${r.delivery}: not due yet (no firing before now)`);
    for (const p of r.recipients) lines.push(`  ${p.outcome.padEnd(12)} ${p.upn}${p.reason ? ` — ${p.reason}` : ''}`);
    if (r.period && !r.recipients.length) lines.push('  no recipients');
  }
  context.print(lines.join('\n') || 'no deliveries', results);
  return results.some((r) => r.recipients.some((p) => p.outcome === 'failed')) ? 'failed' : 'ok';
};
