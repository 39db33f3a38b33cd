import { ident } from '../../../warehouse/database.js';
import { readCollection } from '../paging.js';
import { subscriptionItem } from '../resources/subscriptions.js';
import { listCustomers, perCustomer, type Pull } from './pull.js';

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

  /**
   * The API tells only today's state. History is kept as type-2 stretches: when a subscription's status,
   * quantity or auto-renew differs from the stretch in force on the run's day (period.to), the old stretch
   * is closed on that day and a new one starts; an unchanged subscription stages nothing, so re-runs change
   * nothing. A run for an earlier day than the newest stretch ends its new stretch where the later one starts.
   */
  async afterStage({ stage, period }) {
    const day = period.to;
    const subscriptions = ident(stage.stages.subscriptions!);
    const history = ident(stage.stages.subscription_history!);
    await stage.db.run(
      `CREATE OR REPLACE TEMP TABLE pc_history_now AS
       SELECT s.subscription_id, s.customer_id, s.status, s.quantity, s.auto_renew, s.commitment_end_date,
              c.valid_from AS cur_from, c.customer_id AS cur_customer, c.status AS cur_status,
              c.quantity AS cur_quantity, c.auto_renew AS cur_auto_renew,
              (SELECT min(n.valid_from) FROM main.subscription_history n
                WHERE n.subscription_id = s.subscription_id AND n.valid_from > ?::DATE) AS next_from,
              m.ended_date AS known_end, m.status AS known_status
       FROM (SELECT DISTINCT ON (subscription_id) * FROM ${subscriptions}) s
       LEFT JOIN main.subscription_history c ON c.subscription_id = s.subscription_id
            AND c.valid_from <= ?::DATE AND (c.valid_to IS NULL OR c.valid_to > ?::DATE)
       LEFT JOIN main.subscriptions m ON m.subscription_id = s.subscription_id`,
      [day, day, day],
    );
    const changed = `cur_from IS NULL
      OR cur_status IS DISTINCT FROM status OR cur_quantity IS DISTINCT FROM quantity OR cur_auto_renew IS DISTINCT FROM auto_renew`;
    await stage.db.run(
      `INSERT INTO ${history} (subscription_id, customer_id, status, quantity, auto_renew, valid_from, valid_to, run_id)
       SELECT subscription_id, customer_id, status, quantity, auto_renew, ?::DATE, next_from, ? FROM pc_history_now WHERE ${changed}`,
      [day, stage.runId],
    );
    await stage.db.run(
      `INSERT INTO ${history} (subscription_id, customer_id, status, quantity, auto_renew, valid_from, valid_to, run_id)
       SELECT subscription_id, cur_customer, cur_status, cur_quantity, cur_auto_renew, cur_from, ?::DATE, ? FROM pc_history_now
       WHERE cur_from < ?::DATE AND (${changed})`,
      [day, stage.runId, day],
    );
    // When it ended, as best known: kept from an earlier run that saw it end; an expired one's commitment
    // end; else the day its current stretch began; else the run's day (first seen ended).
    await stage.db.run(
      `UPDATE ${subscriptions} s SET ended_date = CASE WHEN s.status IN ('expired', 'deleted') THEN COALESCE(
           CASE WHEN h.known_status IN ('expired', 'deleted') THEN h.known_end END,
           CASE WHEN s.status = 'expired' AND s.commitment_end_date <= ?::DATE THEN s.commitment_end_date END,
           CASE WHEN h.cur_status = s.status THEN h.cur_from END,
           ?::DATE) END
       FROM pc_history_now h WHERE h.subscription_id = s.subscription_id`,
      [day, day],
    );
    await stage.db.run('DROP TABLE pc_history_now');
  },
};
