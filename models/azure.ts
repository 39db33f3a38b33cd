import { defineModel } from '../src/models/defineModel.js';

export default defineModel({
  name: 'azure',
  facts: {
    usage: { relation: 'azureUsage', description: 'Daily-rated usage lines' },
    budgets: { relation: 'azureBudgets', description: 'Spend per customer and currency against the monthly budget' },
  },
  dimensions: {
    date: { type: 'time' },
    customer: { type: 'customer' },
    customerId: { column: 'customer_id' },
    subscription: { column: 'subscription_name', key: 'subscription_id' },
    meterCategory: { column: 'meter_category' },
    meterSubcategory: { column: 'meter_subcategory' },
    meter: { column: 'meter' },
    serviceCategory: { column: 'service_category' },
    region: { column: 'region' },
    resourceGroup: { column: 'resource_group' },
    chargeType: { column: 'charge_type' },
    provider: { column: 'provider' },
    currency: { column: 'currency' },
  },
  measures: {
    cost: { kind: 'sum', fact: 'usage', column: 'cost', format: 'currency' },
    effectiveCost: { kind: 'sum', fact: 'usage', column: 'effective_cost', format: 'currency' },
    quantity: { kind: 'sum', fact: 'usage', column: 'quantity', format: 'number' },
    costGrowth: { kind: 'change', of: 'cost' },
    costMonthToDate: { kind: 'monthToDate', of: 'cost' },
    costLast30Days: { kind: 'trailing', of: 'cost', days: 30 },
    forecastMonthEnd: {
      kind: 'monthEndForecast', of: 'cost',
    },
    spendAgainstBudget: {
      kind: 'sum', fact: 'budgets', column: 'spend', format: 'currency',
    },
    budgetAmount: {
      kind: 'sum', fact: 'budgets', column: 'budget', format: 'currency',
    },
    budgetUsed: { kind: 'ratio', numerator: 'spendAgainstBudget', denominator: 'budgetAmount' },
    customersOverBudget: {
      kind: 'countDistinct', fact: 'budgets', column: 'customer_id', filter: [{ column: 'over_budget', op: 'eq', value: true }],
    },
  },
});
