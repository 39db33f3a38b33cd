import { addDays } from '../../src/util/dates.js';
import { companies, countries, meters, offers, statuses, terms, usageWorkloads } from './catalog.js';
import { guid, int, pick, seeded } from './random.js';

// The fake partner's data, in Partner Center's JSON shapes, generated deterministically from a seed.
// Tests read (and may edit) these objects to compute what the warehouse must hold, independently of the
// client's code.

export type Json = Record<string, unknown>;

export interface FakeDataOptions {
  customers: number;
  seed?: number;
  /** The fake's today (UTC, YYYY-MM-DD): analytics are processed "yesterday", audit records go back 120 days. */
  today: string;
}

export interface FakeData {
  readonly today: string;
  customers: Json[];
  /** By customer id. */
  subscriptions: Record<string, Json[]>;
  subscribedSkus: Record<string, Json[]>;
  licenseUsage: Json[];
  licenseDeployment: Json[];
  /** Ascending by operationDate. */
  auditRecords: Json[];
  /** Daily-rated usage not yet invoiced, by billing period. */
  lineItems: { current: Json[]; previous: Json[] };
}

export function generateFakeData({ customers: count, seed = 7, today }: FakeDataOptions): FakeData {
  const customers: Json[] = [];
  const subscriptions: Record<string, Json[]> = {};
  for (let k = 0; k < count; k++) {
    const random = seeded(seed, `customer-${k}`);
    const id = guid(random);
    const name = `${companies[k % companies.length]} ${k + 1}`;
    customers.push({
      id,
      companyProfile: { tenantId: id, domain: `tenant${k + 1}.onmicrosoft.com`, companyName: name },
      billingProfile: { defaultAddress: { country: pick(random, countries) } },
      relationshipToPartner: 'reseller',
      attributes: { objectType: 'Customer' },
    });
    const subs: Json[] = [];
    const n = 1 + (k % 4);
    for (let s = 0; s < n; s++) {
      const offer = offers[(k + s) % offers.length]!;
      const status = offer.billingType === 'usage' ? 'active' : statuses[(k * 3 + s) % statuses.length]!;
      const start = addDays(today, -int(random, 30, 700));
      const term = offer.billingType === 'usage' ? null : terms[(k + s) % terms.length]!;
      subs.push({
        id: guid(random),
        offerId: offer.offerId,
        offerName: offer.offerName,
        friendlyName: `${offer.offerName} (${name})`,
        quantity: offer.billingType === 'usage' ? 1 : int(random, 1, 250),
        unitType: offer.billingType === 'usage' ? 'Usage-based' : 'Licenses',
        status,
        autoRenewEnabled: (k + s) % 3 !== 0,
        billingType: offer.billingType,
        billingCycle: term === 'P1M' ? 'monthly' : 'annual',
        termDuration: term,
        isTrial: (k + s) % 7 === 3,
        creationDate: `${start}T10:15:30.123Z`,
        effectiveStartDate: `${start}T00:00:00Z`,
        commitmentEndDate: `${addDays(start, term === 'P3Y' ? 1095 : term === 'P1Y' ? 365 : 30)}T00:00:00Z`,
        entitlementId: offer.billingType === 'usage' ? guid(random) : null,
        attributes: { objectType: 'Subscription' },
      });
    }
    subscriptions[id] = subs;
  }
  let skus: Record<string, Json[]> | undefined;
  let usage: Json[] | undefined;
  let deployment: Json[] | undefined;
  let audit: Json[] | undefined;
  let lines: FakeData['lineItems'] | undefined;
  // The large datasets are built on first use: a bench over subscriptions never pays for them.
  return {
    today,
    customers,
    subscriptions,
    get subscribedSkus() {
      return (skus ??= buildSkus(customers, subscriptions, seed));
    },
    set subscribedSkus(value) {
      skus = value;
    },
    get licenseUsage() {
      return (usage ??= buildUsage(customers, this.subscribedSkus, seed, today));
    },
    set licenseUsage(value) {
      usage = value;
    },
    get licenseDeployment() {
      return (deployment ??= buildDeployment(customers, this.subscribedSkus, today));
    },
    set licenseDeployment(value) {
      deployment = value;
    },
    get auditRecords() {
      return (audit ??= buildAudit(customers, seed, today));
    },
    set auditRecords(value) {
      audit = value;
    },
    get lineItems() {
      return (lines ??= buildLineItems(customers, subscriptions, seed, today));
    },
    set lineItems(value) {
      lines = value;
    },
  };
}

function buildSkus(customers: Json[], subscriptions: Record<string, Json[]>, seed: number): Record<string, Json[]> {
  const out: Record<string, Json[]> = {};
  for (const customer of customers) {
    const id = customer.id as string;
    const random = seeded(seed, `skus-${id}`);
    const byOffer = new Map<string, number>();
    for (const s of subscriptions[id] ?? []) {
      if (s.billingType !== 'license' || !['active', 'suspended'].includes(s.status as string)) continue;
      byOffer.set(s.offerName as string, (byOffer.get(s.offerName as string) ?? 0) + (s.quantity as number));
    }
    out[id] = [...byOffer].map(([offerName, total], i) => {
      const offer = offers.find((o) => o.offerName === offerName)!;
      const consumed = i % 3 === 0 ? total : int(random, 0, total);
      return {
        productSku: { id: offer.skuId, name: offer.offerName, skuPartNumber: offer.sku, targetType: 'User' },
        totalUnits: total,
        consumedUnits: consumed,
        activeUnits: total,
        suspendedUnits: 0,
        warningUnits: 0,
        capabilityStatus: 'Enabled',
        attributes: { objectType: 'SubscribedSku' },
      };
    });
  }
  return out;
}

function buildUsage(customers: Json[], skus: Record<string, Json[]>, seed: number, today: string): Json[] {
  const out: Json[] = [];
  customers.forEach((customer, k) => {
    const id = customer.id as string;
    const random = seeded(seed, `usage-${id}`);
    for (const sku of skus[id] ?? []) {
      const product = sku.productSku as { id: string; name: string };
      for (const w of usageWorkloads) {
        if (w.workloadCode === 'CRM' && k % 2) continue;
        const qualified = sku.consumedUnits as number;
        const active = int(random, 0, qualified + (k % 5 === 0 ? 3 : 0));
        const row: Json = {
          customerTenantId: id,
          customerName: (customer.companyProfile as { companyName: string }).companyName,
          productId: product.id,
          productName: product.name,
          serviceCode: w.workloadCode === 'CRM' ? 'CRM' : 'O365',
          serviceName: w.workloadCode === 'CRM' ? 'Dynamics' : 'Office 365',
          channel: 'Reseller',
          workloadCode: w.workloadCode,
          workloadName: w.workloadName,
          licensesQualified: qualified,
          processedDateTime: `${addDays(today, -1)}T00:00:00`,
        };
        // Microsoft's own samples spell it `licenseActive`: the fake uses both spellings.
        row[out.length % 2 ? 'licenseActive' : 'licensesActive'] = active;
        out.push(row);
      }
    }
  });
  return out;
}

function buildDeployment(customers: Json[], skus: Record<string, Json[]>, today: string): Json[] {
  return customers.flatMap((customer) =>
    (skus[customer.id as string] ?? []).map((sku) => ({
      customerTenantId: customer.id,
      customerName: (customer.companyProfile as { companyName: string }).companyName,
      productId: (sku.productSku as { id: string }).id,
      productName: (sku.productSku as { name: string }).name,
      serviceCode: 'O365',
      serviceName: 'Office 365',
      channel: 'Reseller',
      licensesDeployed: sku.consumedUnits,
      licensesSold: sku.totalUnits,
      processedDateTime: `${addDays(today, -1)}T00:00:00`,
    })),
  );
}

function buildAudit(customers: Json[], seed: number, today: string): Json[] {
  const out: Json[] = [];
  const random = seeded(seed, 'audit');
  for (let back = 120; back >= 0; back--) {
    const day = addDays(today, -back);
    const n = int(random, 0, 3);
    for (let i = 0; i < n; i++) {
      const customer = customers.length ? pick(random, customers) : undefined;
      const hour = String(int(random, 0, 23)).padStart(2, '0');
      out.push({
        id: guid(random),
        partnerId: '3b33e682-00c3-41ee-9dd2-a548adf56438',
        customerId: customer?.id ?? null,
        customerName: (customer?.companyProfile as { companyName?: string } | undefined)?.companyName ?? null,
        userPrincipalName: `admin${int(random, 1, 4)}@partner.onmicrosoft.com`,
        applicationId: null,
        resourceType: pick(random, ['order', 'subscription', 'customer', 'license'] as const),
        resourceOldValue: null,
        resourceNewValue: '{"quantity":5}',
        operationType: pick(random, ['create_order', 'update_subscription', 'add_customer', 'update_customer_user_licenses'] as const),
        operationDate: `${day}T${hour}:${String(int(random, 0, 59)).padStart(2, '0')}:00.000Z`,
        operationStatus: random() < 0.1 ? 'failed' : 'succeeded',
        customizedData: [{ key: 'SubscriptionId', value: guid(random) }],
        attributes: { objectType: 'AuditRecord' },
      });
    }
  }
  return out.sort((a, b) => String(a.operationDate).localeCompare(String(b.operationDate)));
}

function buildLineItems(customers: Json[], subscriptions: Record<string, Json[]>, seed: number, today: string): FakeData['lineItems'] {
  const currentStart = `${today.slice(0, 7)}-01`;
  const previousStart = `${addDays(currentStart, -1).slice(0, 7)}-01`;
  const current: Json[] = [];
  const previous: Json[] = [];
  customers.forEach((customer, k) => {
    const plan = (subscriptions[customer.id as string] ?? []).find((s) => s.billingType === 'usage');
    if (!plan) return;
    const random = seeded(seed, `azure-${customer.id as string}`);
    const currency = k % 2 ? 'EUR' : 'USD';
    for (let day = previousStart; day < today; day = addDays(day, 1)) {
      for (const meter of meters) {
        const quantity = Math.round(random() * 100_000) / 1000;
        const item = {
          partnerId: '3b33e682-00c3-41ee-9dd2-a548adf56438',
          customerId: customer.id,
          customerName: (customer.companyProfile as { companyName: string }).companyName,
          customerDomainName: (customer.companyProfile as { domain: string }).domain,
          subscriptionId: plan.id,
          subscriptionDescription: 'Azure plan',
          productId: 'DZH318Z0BPS6',
          skuId: '0001',
          chargeStartDate: `${day.slice(0, 7)}-01T00:00:00Z`,
          usageDate: `${day}T00:00:00Z`,
          meterType: '1 Compute Hour',
          meterId: guid(random),
          ...meter,
          resourceLocation: meter.meterRegion,
          consumedService: 'Microsoft.Compute',
          resourceGroup: `rg-${k % 3}`,
          resourceUri: `/subscriptions/${plan.entitlementId as string}/resourceGroups/rg-${k % 3}/providers/x/y`,
          chargeType: 'new',
          unitPrice: 0.096,
          quantity,
          unitType: meter.unit,
          billingPreTaxTotal: Math.round(quantity * 96) / 1000,
          billingCurrency: currency,
          pricingPreTaxTotal: Math.round(quantity * 96) / 1000,
          pricingCurrency: currency,
          entitlementId: plan.entitlementId,
          entitlementDescription: `Azure subscription ${k + 1}`,
          publisherName: 'Microsoft',
          tags: k % 4 === 0 ? { env: 'prod' } : null,
          attributes: { objectType: 'DailyRatedUsageLineItem' },
        };
        (day >= currentStart ? current : previous).push(item);
      }
    }
  });
  return { current, previous };
}
