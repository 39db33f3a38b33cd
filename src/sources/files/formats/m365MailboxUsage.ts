import { defineFormat } from '../defineFormat.js';
import { customerOption, kept, text } from './snippets.js';

// Microsoft Graph getMailboxUsageDetail: a mailbox's last activity is the user's last Exchange activity.
// It updates that column of the user's row and keeps what other reports said about other workloads.
export default defineFormat({
  name: 'm365-mailbox-usage',
  family: 'm365-usage',
  description: 'Exchange mailbox usage detail (Graph getMailboxUsageDetail)',
  job: 'workload-usage',
  kinds: ['csv'],
  signature: ['ReportRefreshDate', 'UserPrincipalName', 'LastActivityDate', 'StorageUsedByte'],
  columns: {
    ReportRefreshDate: { type: 'DATE' },
    UserPrincipalName: {},
    DisplayName: { optional: true },
    LastActivityDate: { type: 'DATE' },
    StorageUsedByte: {},
    IsDeleted: { type: 'BOOLEAN', optional: true },
    DeletedDate: { type: 'DATE', optional: true },
  },
  known: [
    'Created Date', 'Item Count', 'Issue Warning Quota (Byte)', 'Prohibit Send Quota (Byte)', 'Prohibit Send/Receive Quota (Byte)',
    'Deleted Item Count', 'Deleted Item Size (Byte)', 'Deleted Item Quota (Byte)', 'Has Archive', 'Recipient Type', 'Report Period',
  ],
  needsCustomer: true,
  table: 'user_activity',
  rows: {
    report_date: '"ReportRefreshDate"',
    customer_id: customerOption,
    upn: text('UserPrincipalName'),
    display_name: `coalesce("DisplayName", ${kept('display_name')})`,
    is_deleted: `coalesce("IsDeleted", ${kept('is_deleted')}, false)`,
    deleted_date: `coalesce("DeletedDate", ${kept('deleted_date')})`,
    assigned_products: kept('assigned_products'),
    exchange_last: '"LastActivityDate"',
    onedrive_last: kept('onedrive_last'),
    sharepoint_last: kept('sharepoint_last'),
    skype_last: kept('skype_last'),
    yammer_last: kept('yammer_last'),
    teams_last: kept('teams_last'),
  },
});
