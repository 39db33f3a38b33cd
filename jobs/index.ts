// Every job, in the order `run all` runs them (customers first: the others refer to them).
import customers from './customers.js';
import subscriptions from './subscriptions.js';
import licenses from './licenses.js';
import workloadUsage from './workload-usage.js';
import azureUsage from './azure-usage.js';
import activityLog from './activity-log.js';

export const jobs = [customers, subscriptions, licenses, workloadUsage, azureUsage, activityLog] as const;
