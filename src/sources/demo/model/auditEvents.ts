import { skuByKey } from '../catalog/licenseSkus.js';
import type { DemoSettings, DemoWindow } from '../demoSettings.js';
import { createRandom } from '../random.js';
import type { AuditEvent, DemoCustomer, DemoPartnerInfo, DemoSubscription, SubscriptionChange } from './types.js';

/**
 * The audit records of what the partner's staff did that shows in the data: customers added, orders,
 * seat changes, suspensions, cancellations, auto-renew switched off, trials converted — each on the day
 * the data changes, a few preceded by a failed attempt. Routine user administration (password resets,
 * new users) is generated in SQL on top of these.
 */
export function generateAuditEvents(
  settings: DemoSettings,
  window: DemoWindow,
  partner: DemoPartnerInfo,
  customers: readonly DemoCustomer[],
  subscriptions: readonly DemoSubscription[],
): AuditEvent[] {
  const r = createRandom(settings.seed, 'audit');
  const events: AuditEvent[] = [];
  const inWindow = (day: number) => day >= window.start && day <= window.end;
  const record = (customer: DemoCustomer, day: number, fields: Pick<AuditEvent, 'resourceType' | 'operationType' | 'oldValue' | 'newValue' | 'customized'>) => {
    const staff = r.pick(partner.staff);
    const viaApp = r.chance(0.3);
    const second = 8 * 3600 + r.int(0, 10 * 3600);
    const base = { day, customerId: customer.id, customerName: customer.name, upn: staff.upn, applicationId: viaApp ? partner.applicationId : null, ...fields };
    if (r.chance(0.04)) events.push({ ...base, id: r.guid(), second: Math.max(0, second - r.int(60, 900)), status: 'failed' });
    events.push({ ...base, id: r.guid(), second, status: 'succeeded' });
  };

  for (const customer of customers) {
    if (inWindow(customer.since)) {
      record(customer, customer.since, {
        resourceType: 'customer', operationType: 'addCustomer', oldValue: null,
        newValue: JSON.stringify({ companyName: customer.name, domain: customer.domain, country: customer.country }),
        customized: { CustomerId: customer.id, CustomerName: customer.name },
      });
    }
  }
  const byId = new Map(customers.map((c) => [c.id, c]));
  for (const subscription of subscriptions) {
    const customer = byId.get(subscription.customerId)!;
    const product = subscription.skuKey ? skuByKey(subscription.skuKey).name : subscription.offerName;
    for (const change of subscription.changes) {
      if (!inWindow(change.day)) continue;
      record(customer, change.day, describe(subscription, product, change));
    }
  }
  events.sort((a, b) => a.day - b.day || a.second - b.second || a.id.localeCompare(b.id));
  return events;
}

function describe(subscription: DemoSubscription, product: string, change: SubscriptionChange): Pick<AuditEvent, 'resourceType' | 'operationType' | 'oldValue' | 'newValue' | 'customized'> {
  const customized = { CustomerId: subscription.customerId, SubscriptionId: subscription.id, OfferId: subscription.offerId, OfferName: product };
  const json = (key: string, value: unknown) => (value === undefined ? null : JSON.stringify({ [key]: value }));
  switch (change.kind) {
    case 'created':
      return { resourceType: 'order', operationType: 'createOrder', oldValue: null, newValue: JSON.stringify({ offerId: subscription.offerId, quantity: change.after, isTrial: subscription.isTrial }), customized: { ...customized, Quantity: String(change.after) } };
    case 'converted':
      return { resourceType: 'subscription', operationType: 'convertTrialSubscription', oldValue: JSON.stringify({ trialSubscriptionId: change.before }), newValue: JSON.stringify({ subscriptionId: subscription.id, quantity: change.after }), customized: { ...customized, TrialSubscriptionId: String(change.before) } };
    case 'quantity':
      return { resourceType: 'subscription', operationType: 'updateSubscription', oldValue: json('quantity', change.before), newValue: json('quantity', change.after), customized: { ...customized, Quantity: String(change.after) } };
    case 'auto-renew-off':
      return { resourceType: 'subscription', operationType: 'updateSubscription', oldValue: json('autoRenewEnabled', true), newValue: json('autoRenewEnabled', false), customized };
    default:
      return { resourceType: 'subscription', operationType: 'updateSubscription', oldValue: json('status', change.before), newValue: json('status', change.after), customized };
  }
}
