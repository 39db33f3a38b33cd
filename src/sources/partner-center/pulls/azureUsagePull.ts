import { log } from '../../../util/log.js';
import { addDays, isoDate } from '../../../util/dates.js';
import { readCollection } from '../paging.js';
import { unbilledLineItem } from '../resources/unbilledLineItems.js';
import type { Pull } from './pull.js';

const lineItems = '/v1/invoices/unbilled/lineitems';

/**
 * Daily-rated Azure usage not yet invoiced: `period=current` is this calendar month, `previous` the one
 * before. Only the billing periods the run's days fall in are read, once per billing currency; rows
 * outside the run's days are left out. Older days are invoiced: they come from the reconciliation files
 * (`partnerlens ingest`).
 */
export const azureUsagePull: Pull = {
  job: 'azure-usage',
  label: lineItems,
  tables: ['azure_usage'],
  async collect({ client, settings, period, clock }, collector) {
    const today = isoDate(new Date(clock.now()));
    const currentStart = `${today.slice(0, 7)}-01`;
    const previousStart = `${addDays(currentStart, -1).slice(0, 7)}-01`;
    const billingPeriods: string[] = [];
    if (period.to >= currentStart) billingPeriods.push('current');
    if (period.from < currentStart && period.to >= previousStart) billingPeriods.push('previous');
    if (period.from < previousStart) {
      log.warn('pc.azure_usage_invoiced', { from: period.from, until: addDays(previousStart, -1), note: 'already invoiced: load its reconciliation file with `partnerlens ingest`' });
    }
    let newest: string | undefined;
    const inPeriod = unbilledLineItem.transform((row) => {
      if (row.date < period.from || row.date > period.to) return null;
      if (!newest || row.date > newest) newest = row.date;
      return row;
    });
    for (const currency of settings.currencies) {
      for (const billingPeriod of billingPeriods) {
        const part = `${currency}/${billingPeriod}`;
        const path = `${lineItems}?provider=onetime&invoicelineitemtype=usagelineitems&currencycode=${encodeURIComponent(currency)}&period=${billingPeriod}&size=2000`;
        await readCollection(client, path, {
          onPage: (items) => collector.items(part, lineItems, 'azure_usage', inPeriod, items),
          onRestart: () => collector.discard(part),
        });
      }
    }
    return { asOf: newest ? `${newest}T23:59:59.000Z` : undefined };
  },
};
