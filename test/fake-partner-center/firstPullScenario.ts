import type { FakePartnerCenter } from './fakePartnerCenter.js';
import type { Json } from './fakeData.js';

// A partner as a first pull finds it (issue 11): Partner Center tells only today's state, so everything
// before the pull must come from the subscriptions' own dates. Pages seen on `day` (2026-11-20):
//
//  customer  subscription                                  status     effective   created     commitment end  term  auto-renew
//  A Alder   A1 Business Basic                             expired    2025-11-09  2025-11-08  2026-11-09 (D−11) P1Y  no
//  B Birch   B1 Business Premium                           active     2024-03-01  2024-02-28  2027-02-28      P1Y  yes
//            B2 Azure plan (usage)                         active     2025-06-10  2025-06-10  —               —    —
//  C Cedar   C1 Microsoft 365 E3                           suspended  —           2025-04-15  2027-04-14      P1Y  yes
//  D Dogwood D1 Business Premium Trial (trial)             expired    2025-08-01  2025-08-01  2025-08-31      P1M  no
//            D2 Business Premium (paid)                    active     2025-08-25  2025-08-25  2026-12-10      P1M  yes
//  E Elm     E1 Business Basic                             active     2025-12-01  2025-12-01  2026-11-30      P1Y  no
//  F Fir     F1 Business Basic                             deleted    2025-09-01  2025-09-01  —               P1Y  no
//            F2 Azure plan (usage)                         active     2026-02-14  2026-02-14  —               —    —
//  G Ginkgo  G1 Business Basic                             active     2026-11-03  2026-11-02  2027-11-02      P1Y  yes
//
// Subscribed SKUs on `day`: B Premium 25 sold / 20 assigned, C E3 40/30, D Premium 25/22, E Basic 5/3,
// G Basic 8/2 (A and F hold no licensed SKU any more).

export const firstPullDay = '2026-11-20';

export const tenant = {
  A: 'a0000000-0000-4000-8000-00000000000a',
  B: 'b0000000-0000-4000-8000-00000000000b',
  C: 'c0000000-0000-4000-8000-00000000000c',
  D: 'd0000000-0000-4000-8000-00000000000d',
  E: 'e0000000-0000-4000-8000-00000000000e',
  F: 'f0000000-0000-4000-8000-00000000000f',
  G: '90000000-0000-4000-8000-000000000009',
} as const;
export type CustomerKey = keyof typeof tenant;

const names: Record<CustomerKey, string> = { A: 'Alder Ltd', B: 'Birch plc', C: 'Cedar GmbH', D: 'Dogwood Inc', E: 'Elm SARL', F: 'Fir BV', G: 'Ginkgo KK' };

const basic = { offerId: 'CFQ7TTC0LH18:0001', offerName: 'Microsoft 365 Business Basic', billingType: 'license' };
const premium = { offerId: 'CFQ7TTC0LF8Q:0001', offerName: 'Microsoft 365 Business Premium', billingType: 'license' };
const premiumTrial = { offerId: 'CFQ7TTC0LF8Q:0002', offerName: 'Microsoft 365 Business Premium Trial', billingType: 'license' };
const e3 = { offerId: 'CFQ7TTC0LFLX:0001', offerName: 'Microsoft 365 E3', billingType: 'license' };
const azure = { offerId: 'DZH318Z0BPS6:0001', offerName: 'Azure plan', billingType: 'usage' };

interface Sub {
  key: string;
  customer: CustomerKey;
  offer: { offerId: string; offerName: string; billingType: string };
  status: string;
  quantity: number;
  effective: string | null;
  created: string;
  commitmentEnd: string | null;
  term: string | null;
  autoRenew: boolean | null;
  trial?: boolean;
}

const subs: Sub[] = [
  { key: 'A1', customer: 'A', offer: basic, status: 'expired', quantity: 10, effective: '2025-11-09', created: '2025-11-08', commitmentEnd: '2026-11-09', term: 'P1Y', autoRenew: false },
  { key: 'B1', customer: 'B', offer: premium, status: 'active', quantity: 25, effective: '2024-03-01', created: '2024-02-28', commitmentEnd: '2027-02-28', term: 'P1Y', autoRenew: true },
  { key: 'B2', customer: 'B', offer: azure, status: 'active', quantity: 1, effective: '2025-06-10', created: '2025-06-10', commitmentEnd: null, term: null, autoRenew: null },
  { key: 'C1', customer: 'C', offer: e3, status: 'suspended', quantity: 40, effective: null, created: '2025-04-15', commitmentEnd: '2027-04-14', term: 'P1Y', autoRenew: true },
  { key: 'D1', customer: 'D', offer: premiumTrial, status: 'expired', quantity: 25, effective: '2025-08-01', created: '2025-08-01', commitmentEnd: '2025-08-31', term: 'P1M', autoRenew: false, trial: true },
  { key: 'D2', customer: 'D', offer: premium, status: 'active', quantity: 25, effective: '2025-08-25', created: '2025-08-25', commitmentEnd: '2026-12-10', term: 'P1M', autoRenew: true },
  { key: 'E1', customer: 'E', offer: basic, status: 'active', quantity: 5, effective: '2025-12-01', created: '2025-12-01', commitmentEnd: '2026-11-30', term: 'P1Y', autoRenew: false },
  { key: 'F1', customer: 'F', offer: basic, status: 'deleted', quantity: 3, effective: '2025-09-01', created: '2025-09-01', commitmentEnd: null, term: 'P1Y', autoRenew: false },
  { key: 'F2', customer: 'F', offer: azure, status: 'active', quantity: 1, effective: '2026-02-14', created: '2026-02-14', commitmentEnd: null, term: null, autoRenew: null },
  { key: 'G1', customer: 'G', offer: basic, status: 'active', quantity: 8, effective: '2026-11-03', created: '2026-11-02', commitmentEnd: '2027-11-02', term: 'P1Y', autoRenew: true },
];

const skus: { customer: CustomerKey; offer: { offerName: string }; sku: string; skuId: string; total: number; consumed: number }[] = [
  { customer: 'B', offer: premium, sku: 'SPB', skuId: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', total: 25, consumed: 20 },
  { customer: 'C', offer: e3, sku: 'SPE_E3', skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', total: 40, consumed: 30 },
  { customer: 'D', offer: premium, sku: 'SPB', skuId: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', total: 25, consumed: 22 },
  { customer: 'E', offer: basic, sku: 'O365_BUSINESS_ESSENTIALS', skuId: '3b555118-da6a-4418-894f-7df1e2096870', total: 5, consumed: 3 },
  { customer: 'G', offer: basic, sku: 'O365_BUSINESS_ESSENTIALS', skuId: '3b555118-da6a-4418-894f-7df1e2096870', total: 8, consumed: 2 },
];

/** The subscription id of a scenario key ('A1' → a GUID-shaped id that names it). */
export const subscriptionId = (key: string) => `5c000000-0000-4000-8000-0000000000${key.toLowerCase()}`;

export interface ScenarioPages {
  customers: Json[];
  /** By tenant id, in the API's shape (with links.self naming the customer, as real items do). */
  subscriptions: Record<string, Json[]>;
  subscribedSkus: Record<string, Json[]>;
}

/** The scenario's pages, fresh objects each call (tests edit them for a second pull). */
export function firstPullPages(): ScenarioPages {
  const customers = (Object.keys(tenant) as CustomerKey[]).map((k) => ({
    id: tenant[k],
    companyProfile: { tenantId: tenant[k], domain: `${names[k].split(' ')[0]!.toLowerCase()}.onmicrosoft.com`, companyName: names[k] },
    billingProfile: { defaultAddress: { country: 'GB' } },
    relationshipToPartner: 'reseller',
    attributes: { objectType: 'Customer' },
  }));
  const subscriptions: Record<string, Json[]> = Object.fromEntries(Object.values(tenant).map((t) => [t, []]));
  for (const s of subs) {
    const id = subscriptionId(s.key);
    subscriptions[tenant[s.customer]]!.push({
      id,
      offerId: s.offer.offerId,
      offerName: s.offer.offerName,
      friendlyName: `${s.offer.offerName} (${s.key})`,
      quantity: s.quantity,
      unitType: s.offer.billingType === 'usage' ? 'Usage-based' : 'Licenses',
      status: s.status,
      autoRenewEnabled: s.autoRenew,
      billingType: s.offer.billingType,
      billingCycle: s.term === 'P1M' ? 'monthly' : s.term ? 'annual' : 'none',
      termDuration: s.term,
      isTrial: s.trial ?? false,
      creationDate: `${s.created}T16:30:00Z`,
      effectiveStartDate: s.effective ? `${s.effective}T00:00:00Z` : null,
      commitmentEndDate: s.commitmentEnd ? `${s.commitmentEnd}T00:00:00Z` : null,
      entitlementId: null,
      links: { self: { uri: `customers/${tenant[s.customer]}/subscriptions/${id}`, method: 'GET', headers: [] } },
      attributes: { objectType: 'Subscription' },
    });
  }
  const subscribedSkus: Record<string, Json[]> = Object.fromEntries(Object.values(tenant).map((t) => [t, []]));
  for (const k of skus) {
    subscribedSkus[tenant[k.customer]]!.push({
      productSku: { id: k.skuId, name: k.offer.offerName, skuPartNumber: k.sku, targetType: 'User' },
      totalUnits: k.total,
      consumedUnits: k.consumed,
      activeUnits: k.total,
      suspendedUnits: 0,
      warningUnits: 0,
      capabilityStatus: 'Enabled',
      links: { self: { uri: `customers/${tenant[k.customer]}/subscribedskus`, method: 'GET', headers: [] } },
      attributes: { objectType: 'SubscribedSku' },
    });
  }
  return { customers, subscriptions, subscribedSkus };
}

/** Makes the fake Partner Center serve the scenario's pages instead of its generated partner. */
export function serveFirstPullPages(fake: FakePartnerCenter, pages: ScenarioPages = firstPullPages()): ScenarioPages {
  fake.data.customers = pages.customers;
  fake.data.subscriptions = pages.subscriptions;
  fake.data.subscribedSkus = pages.subscribedSkus;
  return pages;
}

/** A subscription item of the pages by scenario key, for editing before a later pull. */
export function item(pages: ScenarioPages, key: string): Json {
  const found = Object.values(pages.subscriptions).flat().find((s) => s.id === subscriptionId(key));
  if (!found) throw new Error(`no subscription ${key} in the scenario`);
  return found;
}
