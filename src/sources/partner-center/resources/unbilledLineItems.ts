import { z } from 'zod';
import { day, decimal, optionalDecimal, requiredText, text } from './fields.js';

/**
 * GET /v1/invoices/unbilled/lineitems (daily-rated usage) → `azure_usage` rows. The items carry the
 * reconciliation file's columns in camelCase; PascalCase (as in the file) is read too.
 */
const lineItem = z.object({
  customerId: requiredText,
  customerName: text,
  usageDate: day,
  entitlementId: text,
  entitlementDescription: text,
  subscriptionId: text,
  meterId: text,
  meterCategory: text,
  meterSubCategory: text,
  meterName: text,
  meterRegion: text,
  resourceLocation: text,
  resourceGroup: text,
  resourceUri: text,
  resourceURI: text,
  chargeType: text,
  publisherName: text,
  consumedService: text,
  billingCurrency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'expected a 3-letter currency code').transform((c) => c.toUpperCase()),
  billingPreTaxTotal: decimal,
  pricingPreTaxTotal: optionalDecimal,
  pricingCurrency: text,
  quantity: optionalDecimal,
  unit: text,
  unitType: text,
  tags: z.unknown().optional(),
});

export const unbilledLineItem = z
  .preprocess(camelKeys, lineItem)
  .transform((u) => ({
    date: u.usageDate,
    customer_id: u.customerId,
    customer_name: u.customerName,
    // The Azure subscription is the entitlement; `subscriptionId` is the Azure plan's CSP subscription.
    subscription_id: u.entitlementId ?? u.subscriptionId,
    subscription_name: u.entitlementDescription,
    meter_id: u.meterId,
    meter_category: u.meterCategory,
    meter_subcategory: u.meterSubCategory,
    meter: u.meterName,
    service_name: u.meterCategory,
    service_category: null,
    region: u.meterRegion ?? u.resourceLocation,
    resource_group: u.resourceGroup,
    resource_id: u.resourceUri ?? u.resourceURI,
    charge_type: u.chargeType,
    provider: u.publisherName,
    currency: u.billingCurrency,
    cost: u.billingPreTaxTotal,
    effective_cost: u.billingPreTaxTotal,
    // List cost only when it is in the billing currency: amounts in two currencies never mix in one row.
    list_cost: u.pricingCurrency?.toUpperCase() === u.billingCurrency ? u.pricingPreTaxTotal : null,
    quantity: u.quantity,
    unit: u.unit ?? u.unitType,
    tags: tagsText(u.tags),
    source_format: 'pc-api',
  }));

function camelKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
}

function tagsText(tags: unknown): string | null {
  if (tags === undefined || tags === null || tags === '') return null;
  return typeof tags === 'string' ? tags : JSON.stringify(tags);
}
