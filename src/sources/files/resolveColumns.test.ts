import { describe, expect, it } from 'vitest';
import costExport from './formats/costExport.js';
import { closest, resolveColumns } from './resolveColumns.js';

describe('resolveColumns', () => {
  it('matches by name whatever the order, case or spacing, and through aliases (MCA names)', () => {
    const header = ['costInBillingCurrency', 'billingCurrency', 'date', 'meterCategory', 'subscriptionId', 'billingAccountId', 'resourceGroupName', 'Some Extra'];
    const resolved = resolveColumns(costExport, header, 'f.csv');
    expect(resolved.positions.map((p) => p.name)).toEqual(['Cost', 'BillingCurrency', 'Date', 'MeterCategory', 'SubscriptionId', 'BillingAccountId', 'ResourceGroup', '_c7']);
    expect(resolved.unknown).toEqual(['Some Extra']);
    expect(resolved.absent).toContain('Tags');
  });
  it('refuses a header without a required column, naming it and what it was probably renamed to', () => {
    expect(() => resolveColumns(costExport, ['BillingAccountId', 'SubscriptionId', 'UsageDate', 'MeterCategory', 'Cost', 'BillingCurrency'], 'f.csv')).toThrow(
      /f\.csv:1, field Date: missing required column Date \(did you mean "UsageDate"\?\)/,
    );
  });
  it('proposes a rename only when the names are close', () => {
    expect(closest('BillingCurrency', ['BillingCurrencyCode', 'Tags'])).toBe('BillingCurrencyCode');
    expect(closest('Cost', ['Quantity', 'Region'])).toBeUndefined();
  });
});
