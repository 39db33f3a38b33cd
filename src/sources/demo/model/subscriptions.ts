import { addonKeys, azurePlan, licenseSkus, secondSuiteWeights, skuByKey, suiteWeights } from '../catalog/licenseSkus.js';
import { azureSubscriptionNames } from '../catalog/azureMeters.js';
import { addMonths } from '../days.js';
import type { DemoSettings, DemoWindow } from '../demoSettings.js';
import { createRandom, type Random } from '../random.js';
import { simulate, type SubscriptionPlan } from './subscriptionTimeline.js';
import type { DemoCustomer, DemoEntitlement, DemoSubscription, Term } from './types.js';

interface PlannedSubscription extends SubscriptionPlan {
  skuKey: string | null;
  isTrial?: boolean;
  deployment: number;
  convertedFrom?: string;
}

/**
 * Every customer's subscriptions: a main suite, sometimes a second suite and add-ons, trials, an Azure
 * plan for Azure customers. A customer holds at most one subscription of a SKU at a time (a trial and
 * the paid subscription it converts to follow each other), so a SKU's daily snapshot is exactly the
 * quantity of the one subscription live that day. On top of the random mix, a fixed list of scenarios
 * is spread over the customers so that every status, term, trial path and renewal case is present.
 */
export function generateSubscriptions(settings: DemoSettings, window: DemoWindow, customers: readonly DemoCustomer[]) {
  const subscriptions: DemoSubscription[] = [];
  const entitlements: DemoEntitlement[] = [];
  const held = new Map<number, Set<string>>();
  const asOf = window.end;

  const add = (customer: DemoCustomer, r: Random, planned: PlannedSubscription): DemoSubscription | null => {
    if (planned.created > asOf || planned.created < customer.since) return null;
    if (customer.churnedOn !== null) {
      if (planned.created >= customer.churnedOn) return null;
      if (planned.endOn === undefined || planned.endOn > customer.churnedOn) {
        planned.endOn = customer.churnedOn;
        planned.endStatus = planned.skuKey === null ? 'deleted' : 'expired';
      }
    }
    if (planned.skuKey) (held.get(customer.index) ?? held.set(customer.index, new Set()).get(customer.index)!).add(planned.skuKey);
    const timeline = simulate(planned, asOf, r);
    const sku = planned.skuKey ? skuByKey(planned.skuKey) : null;
    const term = planned.term;
    const subscription: DemoSubscription = {
      id: r.guid(),
      customerId: customer.id,
      customerIndex: customer.index,
      offerId: sku?.offerId ?? azurePlan.offerId,
      offerName: sku?.name ?? azurePlan.name,
      friendlyName: sku ? (planned.isTrial ? `${sku.name} Trial` : sku.name) : azurePlan.name,
      skuKey: planned.skuKey,
      billingType: sku ? 'license' : 'usage',
      billingCycle: planned.isTrial ? 'none' : !sku || term === 'P1M' ? 'monthly' : term === 'P3Y' ? 'triennial' : r.chance(0.45) ? 'monthly' : 'annual',
      term: sku ? term : null,
      isTrial: planned.isTrial ?? false,
      created: planned.created,
      effectiveStart: timeline.effectiveStart,
      commitmentEnd: sku ? timeline.commitmentEnd : null,
      endedOn: timeline.endedOn,
      status: timeline.status,
      quantity: timeline.quantity,
      autoRenew: timeline.autoRenew,
      entitlementId: r.guid(),
      deployment: planned.deployment,
      salt: r.salt(),
      stretches: timeline.stretches,
      changes: planned.convertedFrom
        ? [{ day: planned.created, kind: 'converted', before: planned.convertedFrom, after: planned.quantity }, ...timeline.changes.slice(1)]
        : timeline.changes,
      convertedFrom: planned.convertedFrom ?? null,
    };
    subscriptions.push(subscription);
    return subscription;
  };
  const holds = (customer: DemoCustomer, key: string) => held.get(customer.index)?.has(key) ?? false;

  for (const customer of customers) {
    const r = createRandom(settings.seed, 'subscriptions', customer.index);
    const start = customer.since;
    const staff = customer.staff;

    // The main suite, renewed as a new subscription when it expires while the customer stays.
    const mainKey = r.weighted(suiteWeights);
    const mainCreated = start + r.int(0, 7);
    let main = add(customer, r, {
      skuKey: mainKey, created: mainCreated, term: pickTerm(r), quantity: Math.max(1, Math.round(staff * (0.8 + 0.2 * r.next()))),
      autoRenew: r.chance(0.85), growth: 0.4 + 0.6 * r.next(), mayReduce: true, deployment: deploymentRatio(r),
      ...(r.chance(0.06) ? { autoRenewOffOn: start + r.int(30, Math.max(31, asOf - start)) } : {}),
      ...(r.chance(0.02) ? suspension(r, Math.max(mainCreated, window.start), asOf) : {}),
    });
    for (let successor = 0; main && main.status === 'expired' && main.endedOn !== null && successor < 3; successor++) {
      main = add(customer, r, {
        skuKey: mainKey, created: main.endedOn ?? asOf, term: r.chance(0.5) ? 'P1Y' : 'P1M', quantity: Math.max(1, main.quantity + r.int(-2, 3)),
        autoRenew: true, growth: 0.5, mayReduce: true, deployment: deploymentRatio(r),
      });
    }

    if (staff > 20 && r.chance(0.3)) {
      const key = r.weighted(secondSuiteWeights);
      if (!holds(customer, key)) {
        add(customer, r, {
          skuKey: key, created: start + r.int(0, Math.max(0, asOf - start)), term: pickTerm(r), quantity: Math.max(2, Math.round(staff * (0.1 + 0.3 * r.next()))),
          autoRenew: r.chance(0.85), growth: 0.5, mayReduce: true, deployment: deploymentRatio(r),
        });
      }
    }

    for (const key of addonKeys) {
      const sku = skuByKey(key);
      if (!r.chance(sku.reach + 0.05) || holds(customer, key)) continue;
      const created = start + r.int(0, Math.max(0, asOf - start));
      const fate = r.next();
      add(customer, r, {
        skuKey: key, created, term: pickTerm(r), quantity: Math.max(1, Math.round(staff * sku.reach * (0.5 + r.next()))),
        autoRenew: fate > 0.1, growth: 0.3, mayReduce: true, deployment: 0.4 + 0.6 * r.next(),
        ...(fate > 0.96 ? { cancelOn: created + r.int(1, 6) } : {}),
        ...(fate > 0.9 && fate <= 0.96 ? suspension(r, created, asOf) : {}),
      });
    }

    if (r.chance(0.08)) {
      const key = ['m365-e5', 'business-premium', 'power-bi-pro', 'visio-p2'].find((k) => !holds(customer, k));
      const created = r.int(Math.max(start, asOf - 300), asOf);
      if (key && created <= asOf) trial(customer, r, key, created, r.chance(0.6));
    }

    if (customer.azure) {
      const created = Math.min(asOf, start + r.int(0, 120));
      const plan = add(customer, r, { skuKey: null, created, term: 'P1M', quantity: 1, autoRenew: true, growth: 0, mayReduce: false, deployment: 0 });
      if (plan) {
        const count = staff > 250 ? 3 : staff > 60 ? r.int(1, 3) : r.int(1, 2);
        for (let k = 0; k < count; k++) {
          entitlements.push({ id: k === 0 ? plan.entitlementId : r.guid(), customerId: customer.id, planSubscriptionId: plan.id, name: azureSubscriptionNames[k] ?? `Subscription ${k + 1}` });
        }
      }
    }
  }

  function trial(customer: DemoCustomer, r: Random, key: string, created: number, converts: boolean) {
    const sku = skuByKey(key);
    const endOn = created + 30;
    const trialSub = add(customer, r, {
      skuKey: key, isTrial: true, created, term: 'P1M', quantity: 25, autoRenew: converts, growth: 0, mayReduce: false,
      deployment: 0.3 + 0.5 * r.next(), endOn, endStatus: 'expired',
    });
    if (trialSub && converts && endOn <= asOf && trialSub.endedOn === endOn) {
      add(customer, r, {
        skuKey: key, created: endOn, term: 'P1Y', quantity: Math.max(5, Math.round(customer.staff * sku.reach * (0.3 + 0.5 * r.next()))),
        autoRenew: true, growth: 0.5, mayReduce: true, deployment: deploymentRatio(r), convertedFrom: trialSub.id,
      });
    }
  }

  // Scenarios: each on a different established customer (round robin), so small partners have them all.
  const established = customers.filter((c) => c.churnedOn === null && c.since <= window.start - 45);
  const scenarios: ((c: DemoCustomer, r: Random) => void)[] = [
    (c, r) => scenario(c, r, { created: asOf - 200, term: 'P1Y', ...{ suspendOn: asOf - 20 } }),
    (c, r) => scenario(c, r, { created: asOf - 100, term: 'P1M', autoRenew: false }),
    (c, r) => scenario(c, r, { created: asOf - 40, term: 'P1Y', cancelOn: asOf - 37 }),
    (c, r) => scenarioTrial(c, r, asOf - 100, true),
    (c, r) => scenarioTrial(c, r, asOf - 10, true),
    (c, r) => scenarioTrial(c, r, asOf - 95, false),
    (c, r) => {
      const yearly = addMonths(asOf + 21, -12);
      scenario(c, r, yearly >= c.since ? { created: yearly, term: 'P1Y', autoRenew: false } : { created: addMonths(asOf + 21, -1), term: 'P1M', autoRenew: false });
    },
    (c, r) => scenario(c, r, { created: Math.max(c.since, asOf - 400), term: 'P3Y' }),
    (c, r) => scenario(c, r, { created: Math.max(c.since, asOf - 75), term: 'P1M', deployment: 0.7 }),
    (c, r) => scenario(c, r, { created: asOf, term: 'P1Y', initial: 'pending' }),
    (c, r) => scenario(c, r, { created: Math.max(c.since, asOf - 300), term: 'P1Y', deployment: 1 }),
  ];
  if (established.length) {
    scenarios.forEach((play, j) => {
      const customer = established[j % established.length]!;
      play(customer, createRandom(settings.seed, 'scenario', j));
    });
  }

  function scenario(customer: DemoCustomer, r: Random, plan: Partial<PlannedSubscription> & { created: number; term: Term }) {
    const key = preferredFree(customer, ['power-bi-pro', 'visio-p2', 'project-p3', 'teams-exploratory', 'm365-e5', 'exchange-p1', 'apps-for-business', 'o365-e1', 'business-premium']);
    if (!key) return;
    const sku = skuByKey(key);
    add(customer, r, {
      skuKey: key, quantity: Math.max(3, Math.round(customer.staff * Math.max(0.2, sku.reach * 0.5))), autoRenew: true, growth: 0.3, mayReduce: false,
      deployment: 0.6 + 0.3 * r.next(), ...plan, created: Math.max(customer.since, plan.created),
    });
  }

  function scenarioTrial(customer: DemoCustomer, r: Random, created: number, converts: boolean) {
    const key = preferredFree(customer, ['m365-e5', 'business-premium', 'power-bi-pro', 'visio-p2', 'project-p3', 'o365-e3', 'm365-e3']);
    if (key) trial(customer, r, key, Math.max(customer.since, created), converts);
  }

  function preferredFree(customer: DemoCustomer, keys: readonly string[]): string | undefined {
    return [...keys, ...licenseSkus.map((s) => s.key)].find((k) => !holds(customer, k));
  }

  return { subscriptions, entitlements };
}

function pickTerm(r: Random): Term {
  return r.weighted([['P1M', 35], ['P1Y', 55], ['P3Y', 10]] as const);
}

/** Most customers leave some licences unassigned; about one in eight runs at capacity. */
function deploymentRatio(r: Random): number {
  return r.chance(0.12) ? 1 : 0.55 + 0.43 * r.next();
}

function suspension(r: Random, created: number, asOf: number): Pick<SubscriptionPlan, 'suspendOn' | 'resumeOn'> {
  const suspendOn = r.int(created + 10, Math.max(created + 10, asOf));
  return r.chance(0.4) ? { suspendOn, resumeOn: suspendOn + r.int(5, 40) } : { suspendOn };
}
