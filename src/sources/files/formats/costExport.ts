import { defineFormat } from '../defineFormat.js';
import { customerOption, tagsJson, text } from './snippets.js';

// Azure Cost Management exports (EA and MCA, actual or amortized cost). They carry no customer column:
// rows belong to the customer named with --customer, else to the billing account. EA writes dates as
// MM/DD/YYYY and Tags as JSON without braces; MCA names the cost CostInBillingCurrency.
const eaColumns = [
  'BillingAccountId', 'BillingAccountName', 'BillingPeriodStartDate', 'BillingPeriodEndDate', 'BillingProfileId',
  'BillingProfileName', 'AccountOwnerId', 'AccountName', 'SubscriptionId', 'SubscriptionName', 'Date', 'Product',
  'PartNumber', 'MeterId', 'ServiceFamily', 'MeterCategory', 'MeterSubCategory', 'MeterRegion', 'MeterName',
  'Quantity', 'EffectivePrice', 'Cost', 'UnitPrice', 'BillingCurrency', 'ResourceLocation', 'AvailabilityZone',
  'ConsumedService', 'ResourceId', 'ResourceName', 'ServiceInfo1', 'ServiceInfo2', 'AdditionalInfo', 'Tags',
  'InvoiceSectionId', 'InvoiceSection', 'CostCenter', 'UnitOfMeasure', 'ResourceGroup', 'ReservationId',
  'ReservationName', 'ProductOrderId', 'ProductOrderName', 'OfferId', 'IsAzureCreditEligible', 'Term',
  'PublisherName', 'PlanName', 'ChargeType', 'Frequency', 'PublisherType', 'PayGPrice', 'PricingModel',
  'CostAllocationRuleName', 'benefitId', 'benefitName',
];
const mcaOnlyColumns = [
  'InvoiceId', 'PreviousInvoiceId', 'InvoiceSectionName', 'ResellerName', 'ResellerMpnId', 'ServicePeriodEndDate',
  'ServicePeriodStartDate', 'ProductId', 'ProductName', 'PublisherId', 'ResourceGroupName', 'Location',
  'PricingCurrency', 'CostInBillingCurrency', 'CostInPricingCurrency', 'CostInUsd', 'PaygCostInBillingCurrency',
  'PaygCostInUsd', 'ExchangeRatePricingToBilling', 'ExchangeRateDate', 'Provider', 'CustomerTenantId', 'CustomerName',
];

export default defineFormat({
  name: 'cost-export',
  family: 'cost-export',
  description: 'Azure Cost Management export (EA or MCA, actual or amortized cost)',
  job: 'azure-usage',
  kinds: ['csv'],
  signature: ['BillingAccountId', 'SubscriptionId', 'Date', 'MeterCategory', 'Cost', 'BillingCurrency'],
  columns: {
    BillingAccountId: {},
    BillingAccountName: { optional: true },
    SubscriptionId: {},
    SubscriptionName: { optional: true },
    Date: { type: 'DATE' },
    MeterId: { optional: true },
    MeterCategory: {},
    MeterSubCategory: { optional: true },
    MeterName: { optional: true },
    ConsumedService: { optional: true },
    ResourceLocation: { optional: true },
    ResourceGroup: { optional: true, aliases: ['ResourceGroupName'] },
    ResourceId: { optional: true },
    ChargeType: { optional: true },
    BillingCurrency: { aliases: ['BillingCurrencyCode'] },
    Cost: { type: 'MONEY', aliases: ['CostInBillingCurrency'] },
    PaygCostInBillingCurrency: { type: 'MONEY', optional: true },
    Quantity: { type: 'DOUBLE', optional: true },
    UnitOfMeasure: { optional: true },
    Tags: { optional: true },
  },
  known: [...eaColumns, ...mcaOnlyColumns],
  lineHash: true,
  table: 'azure_usage',
  rows: {
    date: '"Date"',
    customer_id: `coalesce(${customerOption}, ${text('BillingAccountId')})`,
    customer_name: '"BillingAccountName"',
    subscription_id: '"SubscriptionId"',
    subscription_name: '"SubscriptionName"',
    meter_id: '"MeterId"',
    meter_category: '"MeterCategory"',
    meter_subcategory: '"MeterSubCategory"',
    meter: '"MeterName"',
    service_name: '"ConsumedService"',
    service_category: 'NULL',
    region: '"ResourceLocation"',
    resource_group: '"ResourceGroup"',
    resource_id: '"ResourceId"',
    charge_type: '"ChargeType"',
    provider: "'Microsoft'",
    currency: text('BillingCurrency'),
    cost: '"Cost"',
    // An amortized export's Cost is already the effective cost; an actual-cost export has no other figure.
    effective_cost: '"Cost"',
    list_cost: '"PaygCostInBillingCurrency"',
    quantity: '"Quantity"',
    unit: '"UnitOfMeasure"',
    tags: tagsJson('Tags'),
    source_format: "'cost-export'",
  },
});
