import { readCollection } from '../paging.js';
import { subscriptionItem } from '../resources/subscriptions.js';
import { listCustomers, perCustomer, type Pull } from './pull.js';
import { stageSubscriptionHistory } from './stageSubscriptionHistory.js';

export const subscriptionsPull: Pull = {
  job: 'subscriptions',
  label: '/v1/customers/{id}/subscriptions',
  tables: ['subscriptions', 'subscription_history'],
  async collect(context, collector) {
    const pulledAt = new Date(context.clock.now()).toISOString();
    const customers = await listCustomers(context, collector);
    await perCustomer(context, collector, customers, {
      resource: 'subscriptions',
      async read(customer, path) {
        const schema = subscriptionItem(customer.tenantId);
        await readCollection(context.client, path, {
          onPage: (items) => collector.items(customer.id, path, 'subscriptions', schema, items),
          onRestart: () => collector.discard(customer.id),
        });
      },
    });
    return { asOf: pulledAt };
  },

  /** Subscription history from this look at Partner Center: see stageSubscriptionHistory. */
  async afterStage({ stage, period }) {
    await stageSubscriptionHistory(stage, period.to);
  },
};
