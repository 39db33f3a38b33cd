import { checkAlerts } from '../../alerts/checkAlerts.js';
import { oneLine } from '../../errors.js';
import { log } from '../../util/log.js';
import type { Warehouse } from '../../warehouse/openWarehouse.js';
import type { CommandContext } from '../context.js';

/** What follows every load from the CLI (`run`, `demo`): the alerts are checked. Never fails the load. */
export async function afterLoad(context: CommandContext, warehouse: Warehouse): Promise<void> {
  if (!context.config.alerts.length) return;
  try {
    const outcomes = await checkAlerts({ warehouse, config: context.config, secrets: context.secrets, now: new Date(), outboxDir: context.resolvePath(context.config.delivery.outbox), env: context.env });
    for (const o of outcomes.filter((x) => x.event !== 'quiet')) log.info('alert', { alert: o.alert, event: o.event, subject: o.subject, failures: o.failures });
  } catch (error) {
    log.warn('alerts.failed', { cause: oneLine(error) });
  }
}
