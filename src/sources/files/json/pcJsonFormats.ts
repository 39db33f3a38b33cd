import { stat, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../../../errors.js';
import type { JobName } from '../../../jobs/defineJob.js';
import { analyticsEnvelope, collectionEnvelope } from '../../partner-center/envelopes.js';
import { subscriptionsPull } from '../../partner-center/pulls/subscriptionsPull.js';
import { workloadUsagePull } from '../../partner-center/pulls/workloadUsagePull.js';
import { auditRecordItem } from '../../partner-center/resources/auditRecords.js';
import { customerItem } from '../../partner-center/resources/customers.js';
import { licenseDeploymentItem } from '../../partner-center/resources/licenseDeployment.js';
import { licenseUsageItem } from '../../partner-center/resources/licenseUsage.js';
import { subscribedSkuItem } from '../../partner-center/resources/subscribedSkus.js';
import { subscriptionItem } from '../../partner-center/resources/subscriptions.js';
import { unbilledLineItem } from '../../partner-center/resources/unbilledLineItems.js';
import type { TextRow } from '../../partner-center/textSink.js';
import type { PullContext } from '../../partner-center/pulls/pull.js';

/** What a saved page's items need beyond themselves: the customer they belong to, the day they describe. */
export interface ItemContext {
  /** `--customer`, else the customer named in the item's own links. */
  customerOf(item: unknown): string | null;
  /** The day a point-in-time page describes: the day the file was saved. */
  day: string;
}

/**
 * Partner Center API pages saved to disk (SPEC §2.1 shapes), one definition per resource. Items are
 * parsed with the partner-center source's own schemas, so a page loads exactly as the API pull would.
 */
export interface PcJsonFormat {
  name: string;
  family: 'pc-json';
  description: string;
  job: JobName;
  table: string;
  /** Recognises an item of this resource. */
  matches(item: Record<string, unknown>): boolean;
  schema(context: ItemContext): z.ZodType<TextRow | null>;
  /** Work on the filled stage, as the API pull does it (subscription history, combined SharePoint rows). */
  afterStage?(context: Pick<PullContext, 'stage' | 'period'>): Promise<void>;
  /** Items need a customer id they do not carry. */
  needsCustomer: boolean;
}

const has = (item: Record<string, unknown>, ...keys: string[]) => keys.some((k) => k in item);

export const pcJsonFormats: readonly PcJsonFormat[] = [
  {
    name: 'pc-customers', family: 'pc-json', description: 'Partner Center customers page (GET /v1/customers)',
    job: 'customers', table: 'customers', needsCustomer: false,
    matches: (i) => has(i, 'companyProfile'),
    schema: () => customerItem as unknown as z.ZodType<TextRow>,
  },
  {
    name: 'pc-subscriptions', family: 'pc-json', description: 'Partner Center subscriptions page (GET /v1/customers/{id}/subscriptions)',
    job: 'subscriptions', table: 'subscriptions', needsCustomer: true,
    matches: (i) => has(i, 'offerId') && has(i, 'status'),
    schema: (c) => perItemCustomer(c, (customer) => subscriptionItem(customer)),
    afterStage: (context) => subscriptionsPull.afterStage!(context as PullContext),
  },
  {
    name: 'pc-subscribed-skus', family: 'pc-json', description: 'Partner Center subscribed SKUs page (GET /v1/customers/{id}/subscribedskus)',
    job: 'licenses', table: 'license_snapshots', needsCustomer: true,
    matches: (i) => has(i, 'productSku'),
    schema: (c) => perItemCustomer(c, (customer) => subscribedSkuItem(customer, c.day)),
  },
  {
    name: 'pc-license-usage', family: 'pc-json', description: 'Partner Center license usage analytics page (…/analytics/commercial/usage/license)',
    job: 'workload-usage', table: 'workload_usage', needsCustomer: false,
    matches: (i) => has(i, 'licensesActive', 'licenseActive', 'workloadCode'),
    // Workloads the usage model does not know (Dynamics, …) are left out, as the API pull does.
    schema: () => licenseUsageItem.transform((row) => (row.workload ? row : null)) as unknown as z.ZodType<TextRow | null>,
    afterStage: (context) => workloadUsagePull.afterStage!(context as PullContext),
  },
  {
    name: 'pc-license-deployment', family: 'pc-json', description: 'Partner Center license deployment analytics page (…/analytics/commercial/deployment/license)',
    job: 'licenses', table: 'license_deployment', needsCustomer: false,
    matches: (i) => has(i, 'licensesDeployed', 'licensesSold'),
    schema: () => licenseDeploymentItem as unknown as z.ZodType<TextRow>,
  },
  {
    name: 'pc-audit-records', family: 'pc-json', description: 'Partner Center audit records page (GET /v1/auditrecords)',
    job: 'activity-log', table: 'activity', needsCustomer: false,
    matches: (i) => has(i, 'operationType') && has(i, 'operationDate'),
    schema: () => auditRecordItem as unknown as z.ZodType<TextRow>,
  },
  {
    name: 'pc-unbilled-usage', family: 'pc-json', description: 'Partner Center daily-rated usage line items page (GET /v1/invoices/unbilled/lineitems)',
    job: 'azure-usage', table: 'azure_usage', needsCustomer: false,
    matches: (i) => has(i, 'usageDate', 'UsageDate') && has(i, 'billingPreTaxTotal', 'BillingPreTaxTotal'),
    schema: () => unbilledLineItem as unknown as z.ZodType<TextRow>,
  },
];

/**
 * A schema for items that carry no customer id (subscriptions, subscribed SKUs): the customer comes from
 * --customer or the item's own `links.self.uri` (`…/customers/{id}/…`); an item with neither is rejected.
 */
function perItemCustomer(context: ItemContext, make: (customer: string) => z.ZodType<TextRow | null>): z.ZodType<TextRow | null> {
  const byCustomer = new Map<string, z.ZodType<TextRow | null>>();
  return z.unknown().transform((item, ctx) => {
    const customer = context.customerOf(item);
    if (!customer) {
      ctx.addIssue({ code: 'custom', message: 'the item names no customer: pass --customer <tenant id>' });
      return z.NEVER;
    }
    let schema = byCustomer.get(customer);
    if (!schema) byCustomer.set(customer, (schema = make(customer)));
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return parsed.data;
  });
}

/** The largest page read whole into memory; Partner Center pages are far smaller. */
const maxBytes = 256 * 1024 * 1024;

export interface PcPage {
  items: unknown[];
}

/** Reads a saved page: a collection (`items`), an analytics page (`value`/`Value`) or a bare array of items. */
export async function readPcPage(file: string): Promise<PcPage> {
  const { size } = await stat(file);
  if (size > maxBytes) throw new InputError(`the JSON file is ${Math.round(size / 1048576)} MB, above the 256 MB a saved page may be: save the pages separately`, { file });
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(`not valid JSON (truncated, or still being written?): ${(error as Error).message}`, { file, cause: error });
  }
  if (Array.isArray(parsed)) return { items: parsed };
  const collection = collectionEnvelope.safeParse(parsed);
  if (collection.success) return { items: collection.data.items };
  const analytics = analyticsEnvelope.safeParse(parsed);
  if (analytics.success) return { items: analytics.data.items };
  throw new InputError('not a saved Partner Center page: expected an object with "items" (a collection) or "value" (an analytics page), or an array of items', { file });
}

/** Which resource a saved page holds, from its first item's fields. */
export async function detectPcJson(file: string): Promise<PcJsonFormat> {
  const { items } = await readPcPage(file);
  const first = items.find((i): i is Record<string, unknown> => typeof i === 'object' && i !== null && !Array.isArray(i));
  if (!first) throw new InputError('the page holds no items: there is nothing to load, and no way to tell which resource it is', { file });
  const format = pcJsonFormats.find((f) => f.matches(first));
  if (!format) {
    const keys = Object.keys(first).slice(0, 8).join(', ');
    throw new InputError(
      `unknown Partner Center page: its items (${keys}) match none of — ${pcJsonFormats.map((f) => f.description).join('; ')}`,
      { file },
    );
  }
  return format;
}
