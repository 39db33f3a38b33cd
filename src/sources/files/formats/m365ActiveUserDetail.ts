import { defineFormat } from '../defineFormat.js';
import { customerOption, text } from './snippets.js';

// Microsoft Graph getOffice365ActiveUserDetail (the Microsoft 365 admin center's "Active users" report).
// Columns drift between report versions, so every column is found by name. The report names no tenant:
// the customer comes from --customer.
export default defineFormat({
  name: 'm365-active-user-detail',
  family: 'm365-usage',
  description: 'Microsoft 365 active user detail (Graph getOffice365ActiveUserDetail)',
  job: 'workload-usage',
  kinds: ['csv'],
  signature: ['ReportRefreshDate', 'UserPrincipalName', 'HasExchangeLicense', 'AssignedProducts'],
  columns: {
    ReportRefreshDate: { type: 'DATE' },
    UserPrincipalName: {},
    DisplayName: { optional: true },
    IsDeleted: { type: 'BOOLEAN', optional: true },
    DeletedDate: { type: 'DATE', optional: true },
    HasExchangeLicense: { type: 'BOOLEAN' },
    ExchangeLastActivityDate: { type: 'DATE', optional: true },
    OneDriveLastActivityDate: { type: 'DATE', optional: true },
    SharePointLastActivityDate: { type: 'DATE', optional: true },
    SkypeForBusinessLastActivityDate: { type: 'DATE', optional: true },
    YammerLastActivityDate: { type: 'DATE', optional: true },
    TeamsLastActivityDate: { type: 'DATE', optional: true },
    AssignedProducts: {},
  },
  known: [
    'Has OneDrive License', 'Has SharePoint License', 'Has Skype For Business License', 'Has Yammer License', 'Has Teams License',
    'Exchange License Assign Date', 'OneDrive License Assign Date', 'SharePoint License Assign Date',
    'Skype For Business License Assign Date', 'Yammer License Assign Date', 'Teams License Assign Date',
  ],
  needsCustomer: true,
  table: 'user_activity',
  rows: {
    report_date: '"ReportRefreshDate"',
    customer_id: customerOption,
    upn: text('UserPrincipalName'),
    display_name: '"DisplayName"',
    is_deleted: 'coalesce("IsDeleted", false)',
    deleted_date: '"DeletedDate"',
    assigned_products: `nullif("AssignedProducts", '')`,
    exchange_last: '"ExchangeLastActivityDate"',
    onedrive_last: '"OneDriveLastActivityDate"',
    sharepoint_last: '"SharePointLastActivityDate"',
    skype_last: '"SkypeForBusinessLastActivityDate"',
    yammer_last: '"YammerLastActivityDate"',
    teams_last: '"TeamsLastActivityDate"',
  },
});
