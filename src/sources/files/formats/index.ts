// Every file format read from CSV or Parquet, in detection order: the one place a format is registered.
import recon from './recon.js';
import costExport from './costExport.js';
import focus from './focus.js';
import m365ActiveUserDetail from './m365ActiveUserDetail.js';
import m365TeamsUserActivity from './m365TeamsUserActivity.js';
import m365MailboxUsage from './m365MailboxUsage.js';

export const tabularFormats = [recon, costExport, focus, m365ActiveUserDetail, m365TeamsUserActivity, m365MailboxUsage] as const;

/**
 * Exports recognised by their header that PartnerLens has no table for: refused with a message saying so,
 * rather than as an unknown file.
 */
export const unsupportedReports = [
  {
    description: 'Microsoft 365 activations user detail (Graph getOffice365ActivationsUserDetail)',
    signature: ['Report Refresh Date', 'User Principal Name', 'Product Type', 'Last Activated Date'],
    why: 'PartnerLens keeps no per-device activation data; it loads getOffice365ActiveUserDetail, getTeamsUserActivityUserDetail and getMailboxUsageDetail',
  },
] as const;
