import { defineModel } from '../src/models/defineModel.js';

export default defineModel({
  name: 'azure',
  label: 'Azure consumption',
  description: 'Azure costs per customer, subscription, meter and region, against spending budgets',
  facts: {
    usage: { relation: 'azureUsage', description: 'Daily-rated usage lines' },
    budgets: { relation: 'azureBudgets', description: 'Spend per customer and currency against the monthly budget' },
  },
  dimensions: {
    date: { type: 'time', label: 'Date' },
    customer: { type: 'customer', label: 'Customer' },
    customerId: { column: 'customer_id', label: 'Customer ID', description: 'The customer\'s Azure AD tenant id (or billing account)' },
    subscription: { column: 'subscription_name', key: 'subscription_id', label: 'Subscription' },
    meterCategory: { column: 'meter_category', label: 'Meter category' },
    meterSubcategory: { column: 'meter_subcategory', label: 'Meter subcategory' },
    meter: { column: 'meter', label: 'Meter' },
    serviceCategory: { column: 'service_category', label: 'Service category', description: 'FOCUS service category (from the file, else the Azure services lookup)' },
    region: { column: 'region', label: 'Region' },
    resourceGroup: { column: 'resource_group', label: 'Resource group' },
    chargeType: { column: 'charge_type', label: 'Charge type' },
    provider: { column: 'provider', label: 'Provider' },
    currency: { column: 'currency', label: 'Currency' },
  },
  measures: {
    cost: { kind: 'sum', fact: 'usage', column: 'cost', format: 'currency', label: 'Cost', description: 'Billed pre-tax cost in the billing currency' },
    effectiveCost: { kind: 'sum', fact: 'usage', column: 'effective_cost', format: 'currency', label: 'Effective cost', description: 'Amortised cost (reservations spread over their term); the cost where the file has none' },
    quantity: { kind: 'sum', fact: 'usage', column: 'quantity', format: 'number', label: 'Quantity', description: 'Units consumed, in each meter\'s unit: compare within a meter' },
    costGrowth: { kind: 'change', of: 'cost', label: 'Cost growth', description: 'Cost against the previous period of equal length (or the previous bucket), as a fraction' },
    costMonthToDate: { kind: 'monthToDate', of: 'cost', label: 'Cost month to date', description: 'Cost from the first of the month to the period\'s last day' },
    costLast30Days: { kind: 'trailing', of: 'cost', days: 30, label: 'Cost (30 days)', description: 'Cost in the 30 days to the period\'s last day' },
    forecastMonthEnd: {
      kind: 'monthEndForecast', of: 'cost', label: 'Month-end forecast',
      description: 'Month-to-date cost ÷ days elapsed × days in the month, as of the period\'s last day',
    },
    spendAgainstBudget: {
      kind: 'sum', fact: 'budgets', column: 'spend', format: 'currency', label: 'Spend against budget',
      description: 'Cost of the customers that have a budget in the currency',
    },
    budgetAmount: {
      kind: 'sum', fact: 'budgets', column: 'budget', format: 'currency', label: 'Budget',
      description: 'Monthly spending budget × calendar months the period touches',
    },
    budgetUsed: { kind: 'ratio', numerator: 'spendAgainstBudget', denominator: 'budgetAmount', label: 'Budget used', description: 'Spend ÷ budget' },
    customersOverBudget: {
      kind: 'countDistinct', fact: 'budgets', column: 'customer_id', filter: [{ column: 'over_budget', op: 'eq', value: true }],
      label: 'Customers over budget', description: 'Customers whose spend in the period exceeds their budget (in any currency)',
    },
  },
});
