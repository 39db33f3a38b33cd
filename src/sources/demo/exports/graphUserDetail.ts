import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { literal, type Database } from '../../../warehouse/database.js';
import { dateOf } from '../sql/rand.js';
import { userDetailParams, userDetailSql } from '../sql/userDetail.js';

const yesNo = (column: string) => `CASE WHEN ${column} THEN 'True' ELSE 'False' END`;
const assigned = (licence: string) => `CASE WHEN ${licence} THEN ${dateOf('assigned_day')} END`;

/** Graph getOffice365ActiveUserDetail, column by column in the report's order (header text → SQL). */
const graphColumns: readonly (readonly [string, string])[] = [
  ['Report Refresh Date', dateOf('report_day')],
  ['User Principal Name', 'upn'],
  ['Display Name', 'display_name'],
  ['Is Deleted', yesNo('is_deleted')],
  ['Deleted Date', dateOf('deleted_day')],
  ['Has Exchange License', yesNo('has_exchange')],
  ['Has OneDrive License', yesNo('has_onedrive')],
  ['Has SharePoint License', yesNo('has_sharepoint')],
  ['Has Skype For Business License', yesNo('has_skype')],
  ['Has Yammer License', yesNo('has_yammer')],
  ['Has Teams License', yesNo('has_teams')],
  ['Exchange Last Activity Date', dateOf('exchange_last')],
  ['OneDrive Last Activity Date', dateOf('onedrive_last')],
  ['SharePoint Last Activity Date', dateOf('sharepoint_last')],
  ['Skype For Business Last Activity Date', dateOf('skype_last')],
  ['Yammer Last Activity Date', dateOf('yammer_last')],
  ['Teams Last Activity Date', dateOf('teams_last')],
  ['Exchange License Assign Date', assigned('has_exchange')],
  ['OneDrive License Assign Date', assigned('has_onedrive')],
  ['SharePoint License Assign Date', assigned('has_sharepoint')],
  ['Skype For Business License Assign Date', assigned('has_skype')],
  ['Yammer License Assign Date', assigned('has_yammer')],
  ['Teams License Assign Date', assigned('has_teams')],
  ['Assigned Products', 'assigned_products'],
];

export const graphHeader = graphColumns.map(([name]) => name);

/**
 * One Graph active-user-detail CSV per current customer (Graph reports are per tenant and name no
 * tenant): `<dir>/<tenant id>/ActiveUserDetail.csv`. Returns the files written.
 */
export async function writeGraphUserDetail(db: Database, reportDay: number, dir: string): Promise<string[]> {
  await db.run(`CREATE OR REPLACE TEMP TABLE _demo_user_detail AS ${userDetailSql}`, userDetailParams(reportDay));
  const select = graphColumns.map(([name, sql]) => {
    if (!/^[A-Za-z ]+$/.test(name)) throw new Error(`invalid Graph column: ${name}`);
    return `${sql} AS "${name}"`;
  }).join(', ');
  const tenants = await db.all<{ customer_id: string }>('SELECT DISTINCT customer_id FROM _demo_user_detail ORDER BY customer_id');
  const files: string[] = [];
  for (const { customer_id: tenant } of tenants) {
    const folder = join(dir, tenant);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'ActiveUserDetail.csv');
    await db.run(
      `COPY (SELECT ${select} FROM _demo_user_detail WHERE customer_id = ? ORDER BY upn) TO ${literal(file)} (FORMAT csv, HEADER true, QUOTE '"', ESCAPE '"')`,
      [tenant],
    );
    files.push(file);
  }
  await db.run('DROP TABLE _demo_user_detail');
  return files;
}
