import { ident, type Database } from '../../../warehouse/database.js';
import { dateOf } from './rand.js';

// The customers, subscriptions and subscription history tables: straight from the dimension data.

export async function fillCustomers(db: Database, target: string, runId: number): Promise<number> {
  await db.run(
    `INSERT INTO ${ident(target)} (customer_id, partner_customer_id, name, domain, country, relationship, source, run_id)
     SELECT id, id, name, domain, country, relationship, 'demo', ? FROM _demo_customers`,
    [runId],
  );
  return db.value<number>('SELECT count(*) FROM _demo_customers');
}

export async function fillSubscriptions(db: Database, target: string, runId: number): Promise<number> {
  // Creation time of day comes from the salt: orders are placed during office hours.
  await db.run(
    `INSERT INTO ${ident(target)} (subscription_id, customer_id, offer_id, offer_name, friendly_name, product, quantity, unit_type, status,
       auto_renew, billing_type, billing_cycle, term_duration, is_trial, creation_date, effective_start_date, commitment_end_date, ended_date,
       entitlement_id, source, run_id)
     SELECT id, customer_id, offer_id, offer_name, friendly_name, offer_name, quantity,
       CASE billing_type WHEN 'license' THEN 'Licenses' ELSE 'Usage-based' END, status, auto_renew, billing_type, billing_cycle, term, is_trial,
       ${dateOf('created')}::TIMESTAMP + to_seconds(28800 + salt % 36000), ${dateOf('effective_start')}, ${dateOf('commitment_end')},
       ${dateOf('ended_on')}, entitlement_id, 'demo', ?
     FROM _demo_subscriptions`,
    [runId],
  );
  return db.value<number>('SELECT count(*) FROM _demo_subscriptions');
}

export async function fillSubscriptionHistory(db: Database, target: string, runId: number): Promise<number> {
  await db.run(
    `INSERT INTO ${ident(target)} (subscription_id, customer_id, status, quantity, auto_renew, valid_from, valid_to, run_id)
     SELECT subscription_id, customer_id, status, quantity, auto_renew, ${dateOf('valid_from')}, ${dateOf('valid_to')}, ? FROM _demo_stretches`,
    [runId],
  );
  return db.value<number>('SELECT count(*) FROM _demo_stretches');
}
