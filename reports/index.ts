import type { ReportDefinition } from '../src/reports/defineReport.js';
import activityLog from './activity-log.js';
import azureInsights from './azure-insights.js';
import azureResourceUsage from './azure-resource-usage.js';
import businessInsights from './business-insights.js';
import customerPack from './customer-pack.js';
import executiveSummary from './executive-summary.js';
import licenseInsights from './license-insights.js';
import licensesUsage from './licenses-usage.js';
import subscriptionInsights from './subscription-insights.js';
import workloadUsage from './workload-usage.js';

/** Every report, in the order `render all` writes them (SPEC §5). */
export const reports: readonly ReportDefinition[] = [
  executiveSummary,
  businessInsights,
  subscriptionInsights,
  licenseInsights,
  licensesUsage,
  workloadUsage,
  azureInsights,
  azureResourceUsage,
  activityLog,
  customerPack,
];

export const reportNames = reports.map((r) => r.name);
