import { readAnalytics, readCollection } from '../paging.js';
import { licenseDeploymentItem } from '../resources/licenseDeployment.js';
import { subscribedSkuItem } from '../resources/subscribedSkus.js';
import { listCustomers, perCustomer, type Pull } from './pull.js';

const deployment = '/partner/v1/analytics/commercial/deployment/license';

export const licensesPull: Pull = {
  job: 'licenses',
  label: `/v1/customers/{id}/subscribedskus + ${deployment}`,
  tables: ['license_snapshots', 'license_deployment'],
  async collect(context, collector) {
    const pulledAt = new Date(context.clock.now()).toISOString();
    const customers = await listCustomers(context, collector);
    // Subscribed SKUs are today's counts: the snapshot is dated the run's day.
    await perCustomer(context, collector, customers, {
      resource: 'subscribedskus',
      async read(customer, path) {
        const schema = subscribedSkuItem(customer.tenantId, context.period.to);
        await readCollection(context.client, path, {
          onPage: (items) => collector.items(customer.id, path, 'license_snapshots', schema, items),
          onRestart: () => collector.discard(customer.id),
        });
      },
    });
    await readAnalytics(context.client, deployment, {
      onPage: (items) => collector.items('deployment', deployment, 'license_deployment', licenseDeploymentItem, items),
    });
    return { asOf: pulledAt };
  },
};
