import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database } from '../../../warehouse/database.js';
import { fromDay } from '../days.js';
import type { DemoPartner } from '../model/types.js';

/** A Partner Center collection page (SPEC §2.1): `next` carries the continuation token of the next page. */
function collection(items: unknown[], totalCount: number, self: string, next?: { uri: string; token: string }) {
  return {
    totalCount,
    items,
    links: {
      self: { uri: self, method: 'GET', headers: [] },
      ...(next ? { next: { uri: next.uri, method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: next.token }] } } : {}),
    },
    attributes: { objectType: 'Collection' },
  };
}

const token = (resource: string, page: number) => Buffer.from(`${resource}:page:${page}`).toString('base64');
const iso = (day: string | null) => (day === null ? null : `${day}T00:00:00Z`);

function writeJson(file: string, value: unknown, files: string[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  files.push(file);
}

/**
 * Saved Partner Center API pages, from tables the demo generators filled in `db` (customers,
 * subscriptions, license_snapshots and license_deployment for the report date, workload_usage for the
 * report date, activity): customers in pages of `pageSize`, subscriptions and subscribed SKUs per
 * customer, the two license analytics datasets, and audit records of the last 90 days (all the API keeps).
 */
export async function writePartnerCenterPages(db: Database, partner: DemoPartner, dir: string, pageSize: number): Promise<string[]> {
  const files: string[] = [];
  const customers = await db.all<{ customer_id: string; name: string; domain: string; country: string; relationship: string }>(
    'SELECT customer_id, name, domain, country, relationship FROM customers ORDER BY customer_id',
  );
  for (let page = 0; page * pageSize < customers.length || page === 0; page++) {
    const items = customers.slice(page * pageSize, (page + 1) * pageSize).map((c) => ({
      id: c.customer_id,
      companyProfile: { tenantId: c.customer_id, domain: c.domain, companyName: c.name, attributes: { objectType: 'CustomerCompanyProfile' } },
      billingProfile: { defaultAddress: { country: c.country }, attributes: { objectType: 'CustomerBillingProfile' } },
      relationshipToPartner: c.relationship,
      allowDelegatedAccess: true,
      attributes: { objectType: 'Customer' },
    }));
    const more = (page + 1) * pageSize < customers.length;
    writeJson(join(dir, `customers.page-${page + 1}.json`), collection(items, customers.length, `/customers?size=${pageSize}`,
      more ? { uri: `/customers?size=${pageSize}&seekOperation=Next`, token: token('customers', page + 2) } : undefined), files);
  }

  const subscriptions = await db.all<Record<string, string | number | boolean | null>>(
    `SELECT subscription_id, customer_id, offer_id, offer_name, friendly_name, quantity, unit_type, status, auto_renew, billing_type, billing_cycle,
       term_duration, is_trial, strftime(creation_date, '%Y-%m-%dT%H:%M:%SZ') AS creation, effective_start_date::VARCHAR AS effective_start,
       commitment_end_date::VARCHAR AS commitment_end, entitlement_id
     FROM subscriptions ORDER BY customer_id, creation_date, subscription_id`,
  );
  const skus = await db.all<Record<string, string | number | null>>(
    `SELECT customer_id, sku_id, sku_name, sku_part_number, total_units, consumed_units, active_units, suspended_units, warning_units, capability_status
     FROM license_snapshots ORDER BY customer_id, sku_id`,
  );
  const subscriptionsOf = groupBy(subscriptions, (s) => String(s.customer_id));
  const skusOf = groupBy(skus, (k) => String(k.customer_id));
  for (const { customer_id: customer } of customers) {
    const mine = (subscriptionsOf.get(customer) ?? []).map((s) => ({
      id: s.subscription_id,
      offerId: s.offer_id,
      offerName: s.offer_name,
      friendlyName: s.friendly_name,
      quantity: s.quantity,
      unitType: s.unit_type,
      hasPurchasableAddons: false,
      creationDate: s.creation,
      effectiveStartDate: iso(s.effective_start as string | null),
      commitmentEndDate: iso(s.commitment_end as string | null),
      status: s.status,
      autoRenewEnabled: s.auto_renew,
      isTrial: s.is_trial,
      billingType: s.billing_type,
      billingCycle: s.billing_cycle,
      termDuration: s.term_duration,
      contractType: 'subscription',
      entitlementId: s.entitlement_id,
      links: { offer: { uri: `/offers/${s.offer_id}`, method: 'GET', headers: [] }, self: { uri: `/customers/${customer}/subscriptions/${s.subscription_id}`, method: 'GET', headers: [] } },
      attributes: { objectType: 'Subscription' },
    }));
    // A customer without any (a leaver has no SKUs left) gets no page: an empty page names no resource.
    if (mine.length) writeJson(join(dir, 'customers', customer, 'subscriptions.json'), collection(mine, mine.length, `/customers/${customer}/subscriptions`), files);
    const held = (skusOf.get(customer) ?? []).map((k) => ({
      productSku: { id: k.sku_id, name: k.sku_name, skuPartNumber: k.sku_part_number, targetType: 'User', licenseGroupId: 'group1' },
      servicePlans: [],
      totalUnits: k.total_units,
      consumedUnits: k.consumed_units,
      activeUnits: k.active_units,
      suspendedUnits: k.suspended_units,
      warningUnits: k.warning_units,
      capabilityStatus: k.capability_status,
      links: { self: { uri: `/customers/${customer}/subscribedskus/${k.sku_id}?licenseGroupId=group1`, method: 'GET', headers: [] } },
      attributes: { objectType: 'SubscribedSku' },
    }));
    if (held.length) writeJson(join(dir, 'customers', customer, 'subscribedskus.json'), collection(held, held.length, `/customers/${customer}/subscribedskus`), files);
  }

  const processed = `${partner.settings.asOf}T00:00:00`;
  const usage = await db.all(
    `SELECT customer_id AS "customerTenantId", customer_name AS "customerName", workload_code AS "workloadCode", workload_name AS "workloadName",
       service_code AS "serviceCode", product_id AS "productId", product_name AS "productName", licenses_active AS "licensesActive",
       licenses_qualified AS "licensesQualified", ? AS "processedDateTime"
     FROM workload_usage ORDER BY customer_id, workload_code, product_id`,
    [processed],
  );
  writeJson(join(dir, 'analytics', 'license-usage.json'), { Value: usage, '@nextLink': null, TotalCount: usage.length }, files);
  const deployment = await db.all(
    `SELECT customer_id AS "customerTenantId", customer_name AS "customerName", product_id AS "productId", product_name AS "productName",
       service_code AS "serviceCode", licenses_deployed AS "licensesDeployed", licenses_sold AS "licensesSold", ? AS "processedDateTime"
     FROM license_deployment ORDER BY customer_id, product_id`,
    [processed],
  );
  writeJson(join(dir, 'analytics', 'license-deployment.json'), { Value: deployment, '@nextLink': null, TotalCount: deployment.length }, files);

  // Audit records: the API keeps 90 days, so that is what a saved set of pages holds.
  const since = fromDay(partner.window.end - 89);
  const auditTotal = await db.value<number>('SELECT count(*) FROM activity WHERE operation_date >= ?::DATE', [since]);
  const auditPage = 500;
  for (let page = 0; page * auditPage < auditTotal || page === 0; page++) {
    const rows = await db.all<Record<string, string | null>>(
      `SELECT record_id, strftime(operation_date, '%Y-%m-%dT%H:%M:%SZ') AS operation_date, customer_id, customer_name, user_principal_name,
         application_id, resource_type, operation_type, operation_status, resource_old_value, resource_new_value, customized_data
       FROM activity WHERE operation_date >= ?::DATE ORDER BY activity.operation_date, record_id LIMIT ? OFFSET ?`,
      [since, auditPage, page * auditPage],
    );
    const items = rows.map((a) => ({
      id: a.record_id,
      partnerId: partner.partner.id,
      customerId: a.customer_id,
      customerName: a.customer_name,
      userPrincipalName: a.user_principal_name,
      applicationId: a.application_id,
      resourceType: a.resource_type,
      resourceOldValue: a.resource_old_value,
      resourceNewValue: a.resource_new_value,
      operationType: a.operation_type,
      operationDate: a.operation_date,
      operationStatus: a.operation_status,
      customizedData: Object.entries(JSON.parse(a.customized_data ?? '{}') as Record<string, unknown>).map(([key, value]) => ({ key, value: String(value) })),
      attributes: { objectType: 'AuditRecord' },
    }));
    const more = (page + 1) * auditPage < auditTotal;
    const query = `/auditrecords?startDate=${since}&endDate=${partner.settings.asOf}&size=${auditPage}`;
    writeJson(join(dir, `auditrecords.page-${page + 1}.json`), collection(items, auditTotal, query,
      more ? { uri: `${query}&seekOperation=Next`, token: token('auditrecords', page + 2) } : undefined), files);
  }
  return files;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
