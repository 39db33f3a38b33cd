import { defineFormat } from '../defineFormat.js';
import { customerOption, kept, text } from './snippets.js';

// Microsoft Graph getTeamsUserActivityUserDetail: a user's last Teams activity. It updates the Teams column
// of the user's row for the report date and keeps what the active-user report said about other workloads.
export default defineFormat({
  name: 'm365-teams-user-activity',
  family: 'm365-usage',
  description: 'Microsoft Teams user activity detail (Graph getTeamsUserActivityUserDetail)',
  job: 'workload-usage',
  kinds: ['csv'],
  signature: ['ReportRefreshDate', 'UserPrincipalName', 'LastActivityDate', 'TeamChatMessageCount'],
  columns: {
    ReportRefreshDate: { type: 'DATE' },
    UserPrincipalName: {},
    LastActivityDate: { type: 'DATE' },
    TeamChatMessageCount: {},
    IsDeleted: { type: 'BOOLEAN', optional: true },
    DeletedDate: { type: 'DATE', optional: true },
    AssignedProducts: { optional: true },
  },
  known: [
    'User Id', 'Private Chat Message Count', 'Call Count', 'Meeting Count', 'Meetings Organized Count', 'Meetings Attended Count',
    'Ad Hoc Meetings Organized Count', 'Ad Hoc Meetings Attended Count', 'Scheduled One-time Meetings Organized Count',
    'Scheduled One-time Meetings Attended Count', 'Scheduled Recurring Meetings Organized Count',
    'Scheduled Recurring Meetings Attended Count', 'Audio Duration', 'Video Duration', 'Screen Share Duration',
    'Audio Duration In Seconds', 'Video Duration In Seconds', 'Screen Share Duration In Seconds', 'Has Other Action',
    'Urgent Messages', 'Post Messages', 'Tenant Display Name', 'Shared Channel Tenant Display Names', 'Reply Messages',
    'Is Licensed', 'Report Period',
  ],
  needsCustomer: true,
  table: 'user_activity',
  rows: {
    report_date: '"ReportRefreshDate"',
    customer_id: customerOption,
    upn: text('UserPrincipalName'),
    display_name: kept('display_name'),
    is_deleted: `coalesce("IsDeleted", ${kept('is_deleted')}, false)`,
    deleted_date: `coalesce("DeletedDate", ${kept('deleted_date')})`,
    assigned_products: `coalesce(nullif("AssignedProducts", ''), ${kept('assigned_products')})`,
    exchange_last: kept('exchange_last'),
    onedrive_last: kept('onedrive_last'),
    sharepoint_last: kept('sharepoint_last'),
    skype_last: kept('skype_last'),
    yammer_last: kept('yammer_last'),
    teams_last: '"LastActivityDate"',
  },
});
