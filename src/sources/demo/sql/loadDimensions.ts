import { azureMeters, exchangeRates } from '../catalog/azureMeters.js';
import { licenseSkus, skuByKey, workloadInfo } from '../catalog/licenseSkus.js';
import { asciiSlug, firstNames, lastNames } from '../catalog/peopleNames.js';
import type { DemoPartner } from '../model/types.js';
import { ident, type Database } from '../../../warehouse/database.js';
import { createTempTable } from './tempTable.js';

/** How active licensed users of each workload are, before a customer's engagement is applied. */
const workloadRates: Record<string, number> = { exchange: 0.93, sharepoint: 0.72, teams: 0.86, yammer: 0.14, skype: 0.04, 'office-apps': 0.81 };

// Fact generators expand these rows over days (millions of rows), so what a fact row needs from a
// customer, SKU, meter or Azure subscription is copied onto the row expanded here: the daily rows then
// need no join on text keys.
const loaders = {
  _demo_customers: (db: Database, p: DemoPartner) => createTempTable(db, '_demo_customers', {
    idx: 'INTEGER', id: 'VARCHAR', name: 'VARCHAR', domain: 'VARCHAR', country: 'VARCHAR', currency: 'VARCHAR', relationship: 'VARCHAR',
    salt: 'BIGINT', since: 'INTEGER', churned_on: 'INTEGER', staff: 'INTEGER', engagement: 'DOUBLE', overuse: 'BOOLEAN', azure: 'BOOLEAN',
  }, p.customers.map((c) => [c.index, c.id, c.name, c.domain, c.country, c.currency, c.relationship, c.salt, c.since, c.churnedOn, c.staff, c.engagement, c.overuse, c.azure])),

  _demo_subscriptions: (db: Database, p: DemoPartner) => createTempTable(db, '_demo_subscriptions', {
    id: 'VARCHAR', customer_id: 'VARCHAR', offer_id: 'VARCHAR', offer_name: 'VARCHAR', friendly_name: 'VARCHAR', sku_key: 'VARCHAR',
    billing_type: 'VARCHAR', billing_cycle: 'VARCHAR', term: 'VARCHAR', is_trial: 'BOOLEAN', created: 'INTEGER', effective_start: 'INTEGER',
    commitment_end: 'INTEGER', ended_on: 'INTEGER', status: 'VARCHAR', quantity: 'INTEGER', auto_renew: 'BOOLEAN', entitlement_id: 'VARCHAR',
    deployment: 'DOUBLE', salt: 'BIGINT', converted_from: 'VARCHAR',
  }, p.subscriptions.map((s) => [s.id, s.customerId, s.offerId, s.offerName, s.friendlyName, s.skuKey, s.billingType, s.billingCycle, s.term,
    s.isTrial, s.created, s.effectiveStart, s.commitmentEnd, s.endedOn, s.status, s.quantity, s.autoRenew, s.entitlementId, s.deployment, s.salt, s.convertedFrom])),

  _demo_stretches: (db: Database, p: DemoPartner) => createTempTable(db, '_demo_stretches', {
    subscription_id: 'VARCHAR', customer_id: 'VARCHAR', valid_from: 'INTEGER', valid_to: 'INTEGER', status: 'VARCHAR', quantity: 'INTEGER', auto_renew: 'BOOLEAN',
  }, p.subscriptions.flatMap((s) => s.stretches.map((t) => [s.id, s.customerId, t.from, t.to, t.status, t.quantity, t.autoRenew]))),

  /** Stretches of licence subscriptions that hold units (active or suspended), with their SKU and customer. */
  _demo_licence_stretches: (db: Database, p: DemoPartner) => {
    const customers = new Map(p.customers.map((c) => [c.id, c]));
    return createTempTable(db, '_demo_licence_stretches', {
      subscription_id: 'VARCHAR', customer_id: 'VARCHAR', customer_name: 'VARCHAR', engagement: 'DOUBLE', overuse: 'BOOLEAN',
      sku_ord: 'INTEGER', sku_id: 'VARCHAR', sku_name: 'VARCHAR', sku_part_number: 'VARCHAR', created: 'INTEGER', deployment: 'DOUBLE', salt: 'BIGINT',
      valid_from: 'INTEGER', valid_to: 'INTEGER', status: 'VARCHAR', quantity: 'INTEGER',
    }, p.subscriptions.filter((s) => s.skuKey !== null).flatMap((s) => {
      const c = customers.get(s.customerId)!;
      const sku = skuByKey(s.skuKey!);
      return s.stretches.filter((t) => t.status === 'active' || t.status === 'suspended').map((t) => [
        s.id, s.customerId, c.name, c.engagement, c.overuse, licenseSkus.indexOf(sku), sku.skuId, sku.name, sku.skuPartNumber, s.created,
        s.deployment, s.salt, t.from, t.to, t.status, t.quantity]);
    }));
  },

  _demo_skus: (db: Database) => createTempTable(db, '_demo_skus', {
    sku_ord: 'INTEGER', sku_key: 'VARCHAR', sku_id: 'VARCHAR', sku_part_number: 'VARCHAR', name: 'VARCHAR', graph_name: 'VARCHAR', offer_id: 'VARCHAR', kind: 'VARCHAR',
    has_exchange: 'BOOLEAN', has_sharepoint: 'BOOLEAN', has_teams: 'BOOLEAN', has_yammer: 'BOOLEAN', has_skype: 'BOOLEAN',
  }, licenseSkus.map((k, i) => [i, k.key, k.skuId, k.skuPartNumber, k.name, k.graphName, k.offerId, k.kind,
    k.workloads.includes('exchange'), k.workloads.includes('sharepoint'), k.workloads.includes('teams'), k.workloads.includes('yammer'), k.workloads.includes('skype')])),

  _demo_sku_workloads: (db: Database) => createTempTable(db, '_demo_sku_workloads', {
    sku_ord: 'INTEGER', workload: 'VARCHAR', code: 'VARCHAR', name: 'VARCHAR', service: 'VARCHAR', base_rate: 'DOUBLE',
  }, licenseSkus.flatMap((k, i) => k.workloads.map((w) => [i, w, workloadInfo[w].code, workloadInfo[w].name, workloadInfo[w].service, workloadRates[w] ?? 0.5]))),

  // Prices in the customer's billing currency are fixed to 8 decimals here, once, so that every export
  // and every table multiplies the same exact numbers.
  _demo_resources: (db: Database, p: DemoPartner) => {
    const customers = new Map(p.customers.map((c) => [c.id, c]));
    const entitlements = new Map(p.entitlements.map((e) => [e.id, e]));
    const meters = new Map(azureMeters.map((m) => [m.key, m]));
    return createTempTable(db, '_demo_resources', {
      customer_id: 'VARCHAR', customer_name: 'VARCHAR', customer_domain: 'VARCHAR', customer_country: 'VARCHAR', currency: 'VARCHAR',
      entitlement_id: 'VARCHAR', entitlement_name: 'VARCHAR', plan_subscription_id: 'VARCHAR', meter_id: 'VARCHAR', category: 'VARCHAR',
      subcategory: 'VARCHAR', meter: 'VARCHAR', unit: 'VARCHAR', service_name: 'VARCHAR', service_category: 'VARCHAR', consumed_service: 'VARCHAR',
      product_id: 'VARCHAR', sku_id: 'VARCHAR', shape: 'VARCHAR', resource_group: 'VARCHAR', resource_id: 'VARCHAR', meter_region: 'VARCHAR',
      location: 'VARCHAR', tags: 'VARCHAR', start_day: 'INTEGER', end_day: 'INTEGER', instances: 'INTEGER', base: 'DOUBLE', growth: 'DOUBLE',
      spike_start: 'INTEGER', spike_end: 'INTEGER', spike_factor: 'DOUBLE', salt: 'BIGINT', exchange_rate: 'DECIMAL(18,8)', price: 'DECIMAL(18,8)',
      price_usd: 'DECIMAL(18,8)',
    }, p.resources.map((r) => {
      const c = customers.get(r.customerId)!;
      const e = entitlements.get(r.entitlementId)!;
      const m = meters.get(r.meterKey)!;
      const rate = exchangeRates[c.currency];
      const resourceId = `/subscriptions/${e.id}/resourceGroups/${r.resourceGroup}/providers/${m.consumedService}/${m.resourceType}/${r.name}`;
      return [c.id, c.name, c.domain, c.country, c.currency, e.id, e.name, e.planSubscriptionId, r.meterId, m.category, m.subcategory, m.meter,
        m.unit, m.serviceName, m.serviceCategory, m.consumedService, m.productId, m.skuId, m.shape, r.resourceGroup, resourceId, r.meterRegion,
        r.location, r.tags, r.start, r.end, r.instances, r.base, r.growth, r.spikeStart, r.spikeEnd, r.spikeFactor, r.salt, rate.toFixed(8),
        (m.priceUsd * rate).toFixed(8), m.priceUsd.toFixed(8)];
    }));
  },

  _demo_events: (db: Database, p: DemoPartner) => createTempTable(db, '_demo_events', {
    id: 'VARCHAR', day: 'INTEGER', second: 'INTEGER', customer_id: 'VARCHAR', customer_name: 'VARCHAR', upn: 'VARCHAR', application_id: 'VARCHAR',
    resource_type: 'VARCHAR', operation_type: 'VARCHAR', status: 'VARCHAR', old_value: 'VARCHAR', new_value: 'VARCHAR', customized: 'VARCHAR',
  }, p.events.map((e) => [e.id, e.day, e.second, e.customerId, e.customerName, e.upn, e.applicationId, e.resourceType, e.operationType, e.status,
    e.oldValue, e.newValue, JSON.stringify(e.customized)])),

  _demo_first_names: (db: Database) => createTempTable(db, '_demo_first_names', { i: 'INTEGER', name: 'VARCHAR', slug: 'VARCHAR' }, firstNames.map((n, i) => [i, n, asciiSlug(n)])),
  _demo_last_names: (db: Database) => createTempTable(db, '_demo_last_names', { i: 'INTEGER', name: 'VARCHAR', slug: 'VARCHAR' }, lastNames.map((n, i) => [i, n, asciiSlug(n)])),
  _demo_staff: (db: Database, p: DemoPartner) => createTempTable(db, '_demo_staff', { i: 'INTEGER', name: 'VARCHAR', upn: 'VARCHAR' }, p.partner.staff.map((s, i) => [i, s.name, s.upn])),
} as const;

export type DimensionTable = keyof typeof loaders;
export const dimensionTables = Object.keys(loaders) as DimensionTable[];

/** Loads the partner's dimension data into TEMP tables (`_demo_*`) that the fact generators read. */
export async function loadDimensions(db: Database, p: DemoPartner, tables: readonly DimensionTable[] = dimensionTables): Promise<void> {
  for (const table of tables) await loaders[table](db, p);
}

export async function dropDimensions(db: Database): Promise<void> {
  for (const table of dimensionTables) await db.run(`DROP TABLE IF EXISTS ${ident(table)}`);
}
