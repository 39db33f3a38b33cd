import type { JobName } from '../../../jobs/defineJob.js';
import type { Database } from '../../../warehouse/database.js';
import type { DemoPartner } from '../model/types.js';
import type { DimensionTable } from './loadDimensions.js';
import { fillActivity } from './fillActivity.js';
import { fillAzureUsage } from './azureLines.js';
import { fillCustomers, fillSubscriptionHistory, fillSubscriptions } from './fillDimensionsTables.js';
import { fillLicenseDeployment, fillLicenseSnapshots } from './fillLicenses.js';
import { fillUserActivity } from './userDetail.js';
import { fillWorkloadUsage } from './fillWorkloadUsage.js';

export interface FillTarget {
  db: Database;
  runId: number;
  partner: DemoPartner;
  /** The table each published table's rows go to (a staging table, or a plain table for exports). */
  tables: Readonly<Record<string, string>>;
}

/** The dimension tables each job's generators read. */
export const jobDimensions: Record<JobName, readonly DimensionTable[]> = {
  customers: ['_demo_customers'],
  subscriptions: ['_demo_subscriptions', '_demo_stretches'],
  licenses: ['_demo_customers', '_demo_licence_stretches'],
  'workload-usage': ['_demo_customers', '_demo_licence_stretches', '_demo_skus', '_demo_sku_workloads', '_demo_first_names', '_demo_last_names'],
  'azure-usage': ['_demo_resources'],
  'activity-log': ['_demo_customers', '_demo_events', '_demo_staff', '_demo_first_names', '_demo_last_names'],
};

/** What each job's batch generates, table by table, in order; returns rows generated per table. */
export const jobFillers: Record<JobName, (target: FillTarget) => Promise<Record<string, number>>> = {
  customers: async ({ db, runId, tables }) => ({ customers: await fillCustomers(db, table(tables, 'customers'), runId) }),
  subscriptions: async ({ db, runId, tables }) => ({
    subscriptions: await fillSubscriptions(db, table(tables, 'subscriptions'), runId),
    subscription_history: await fillSubscriptionHistory(db, table(tables, 'subscription_history'), runId),
  }),
  licenses: async ({ db, runId, tables, partner }) => ({
    license_snapshots: await fillLicenseSnapshots(db, table(tables, 'license_snapshots'), runId, partner.window),
    license_deployment: await fillLicenseDeployment(db, table(tables, 'license_deployment'), table(tables, 'license_snapshots'), runId, partner.window),
  }),
  'workload-usage': async ({ db, runId, tables, partner }) => ({
    workload_usage: await fillWorkloadUsage(db, table(tables, 'workload_usage'), runId, partner.window),
    user_activity: await fillUserActivity(db, table(tables, 'user_activity'), runId, partner.window.end),
  }),
  'azure-usage': async ({ db, runId, tables, partner }) => ({ azure_usage: await fillAzureUsage(db, table(tables, 'azure_usage'), runId, partner.window) }),
  'activity-log': async ({ db, runId, tables, partner }) => ({ activity: await fillActivity(db, table(tables, 'activity'), runId, partner.window) }),
};

function table(tables: Readonly<Record<string, string>>, name: string): string {
  const found = tables[name];
  if (!found) throw new Error(`invalid demo target: no table for ${name}`);
  return found;
}
