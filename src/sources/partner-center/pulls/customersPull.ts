import { readCollection } from '../paging.js';
import { customerItem } from '../resources/customers.js';
import type { Pull } from './pull.js';

const source = '/v1/customers';

export const customersPull: Pull = {
  job: 'customers',
  label: source,
  tables: ['customers'],
  async collect({ client, settings, clock }, collector) {
    const pulledAt = new Date(clock.now()).toISOString();
    await readCollection(client, `${source}?size=${settings.pageSize}`, {
      onPage: (items) => collector.items('customers', source, 'customers', customerItem, items),
      onRestart: () => collector.discard('customers'),
    });
    return { asOf: pulledAt };
  },
};
