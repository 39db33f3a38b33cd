import { reconColumns } from '../../files/formats/reconColumns.js';
import type { DemoPartner } from '../model/types.js';
import { literal, type Database } from '../../../warehouse/database.js';
import { azureLinesSql } from '../sql/azureLines.js';
import { dateOf } from '../sql/rand.js';

/**
 * Each reconciliation column as SQL over the Azure lines (`x`) and the partner (`p`). Days of the
 * report date's month are unbilled (no invoice number yet); earlier months carry one invoice per month
 * and billing currency. Prices: UnitPrice in the pricing currency (USD), EffectiveUnitPrice in the
 * billing currency.
 */
const reconSql: Readonly<Record<string, string>> = {
  PartnerId: 'p.id',
  PartnerName: 'p.name',
  CustomerId: 'x.customer_id',
  CustomerName: 'x.customer_name',
  CustomerDomainName: 'x.customer_domain',
  CustomerCountry: 'x.customer_country',
  MpnId: 'p.mpn_id',
  Tier2MpnId: 'NULL',
  InvoiceNumber: `CASE WHEN date_trunc('month', x.usage_date) < date_trunc('month', p.as_of)
    THEN 'G0' || strftime(x.usage_date, '%y%m') || CASE x.currency WHEN 'USD' THEN '101' WHEN 'EUR' THEN '202' ELSE '303' END END`,
  ProductId: 'x.product_id',
  SkuId: 'x.sku_id',
  AvailabilityId: `'DZH318Z0' || upper(substr(md5(x.product_id || x.sku_id), 1, 4))`,
  SkuName: 'x.meter',
  ProductName: `x.category || ' ' || x.subcategory`,
  PublisherName: `'Microsoft'`,
  PublisherId: 'NULL',
  SubscriptionDescription: `'Azure plan'`,
  SubscriptionId: 'x.plan_subscription_id',
  ChargeStartDate: `date_trunc('month', x.usage_date)::DATE`,
  ChargeEndDate: 'last_day(x.usage_date)',
  UsageDate: 'x.usage_date',
  MeterType: 'x.unit',
  MeterCategory: 'x.category',
  MeterId: 'x.meter_id',
  MeterSubCategory: 'x.subcategory',
  MeterName: 'x.meter',
  MeterRegion: 'x.meter_region',
  Unit: 'x.unit',
  ResourceLocation: 'x.location',
  ConsumedService: 'x.consumed_service',
  ResourceGroup: 'x.resource_group',
  ResourceURI: 'x.resource_id',
  ChargeType: `'new'`,
  UnitPrice: 'x.price_usd',
  Quantity: 'x.quantity',
  UnitType: 'x.unit',
  BillingPreTaxTotal: 'x.cost',
  BillingCurrency: 'x.currency',
  PricingPreTaxTotal: 'x.pricing_cost',
  PricingCurrency: `'USD'`,
  ServiceInfo1: 'NULL',
  ServiceInfo2: 'NULL',
  Tags: 'x.tags',
  AdditionalInfo: 'NULL',
  EffectiveUnitPrice: 'x.price',
  PCToBCExchangeRate: 'x.exchange_rate',
  PCToBCExchangeRateDate: `date_trunc('month', x.usage_date)::DATE`,
  EntitlementId: 'x.entitlement_id',
  EntitlementDescription: 'x.entitlement_name',
  PartnerEarnedCreditPercentage: '0',
  CreditPercentage: '0',
  CreditType: `'Credit Not Applied'`,
  BenefitOrderID: 'NULL',
  BenefitID: 'NULL',
  BenefitType: 'NULL',
};

/** Writes the daily-rated usage reconciliation CSV (the files source's 55-column header) with DuckDB COPY. */
export async function writeReconCsv(db: Database, partner: DemoPartner, file: string): Promise<void> {
  const columns = reconColumns.map((name) => {
    const sql = reconSql[name];
    if (sql === undefined) throw new Error(`invalid recon column: no demo mapping for ${name}`);
    return `${sql} AS "${name}"`;
  });
  await db.run(
    `COPY (
       SELECT ${columns.join(',\n  ')}
       FROM (${azureLinesSql}) x
       CROSS JOIN (SELECT ?::VARCHAR AS id, ?::VARCHAR AS name, ?::VARCHAR AS mpn_id, ${dateOf('?')} AS as_of) p
       ORDER BY x.usage_date, x.customer_id, x.resource_id, x.meter_id
     ) TO ${literal(file)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"')`,
    [partner.window.start, partner.window.end, partner.partner.id, partner.partner.name, partner.partner.mpnId, partner.window.end],
  );
}
