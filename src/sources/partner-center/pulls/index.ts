import type { JobName } from '../../../jobs/defineJob.js';
import { activityPull } from './activityPull.js';
import { azureUsagePull } from './azureUsagePull.js';
import { customersPull } from './customersPull.js';
import { licensesPull } from './licensesPull.js';
import type { Pull } from './pull.js';
import { subscriptionsPull } from './subscriptionsPull.js';
import { workloadUsagePull } from './workloadUsagePull.js';

/** The pull behind each job. */
export const pulls = {
  customers: customersPull,
  subscriptions: subscriptionsPull,
  licenses: licensesPull,
  'workload-usage': workloadUsagePull,
  'azure-usage': azureUsagePull,
  'activity-log': activityPull,
} as const satisfies Record<JobName, Pull>;
