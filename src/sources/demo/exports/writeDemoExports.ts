import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '../../../warehouse/duckdb.js';
import { Database } from '../../../warehouse/database.js';
import { migrate } from '../../../warehouse/migrate.js';
import type { DemoSettings } from '../demoSettings.js';
import { buildPartner } from '../model/buildPartner.js';
import { fillActivity } from '../sql/fillActivity.js';
import { fillCustomers, fillSubscriptions } from '../sql/fillDimensionsTables.js';
import { fillLicenseDeployment, fillLicenseSnapshots } from '../sql/fillLicenses.js';
import { fillWorkloadUsage } from '../sql/fillWorkloadUsage.js';
import { loadDimensions } from '../sql/loadDimensions.js';
import { writeGraphUserDetail } from './graphUserDetail.js';
import { writePartnerCenterPages } from './partnerCenterPages.js';
import { writeReconCsv } from './reconCsv.js';

export interface DemoExportOptions extends DemoSettings {
  dir: string;
  /** Customers per saved customers page. */
  pageSize?: number;
}

export interface DemoExports {
  dir: string;
  files: string[];
}

/**
 * Writes the demo partner in the real shapes its data arrives in: the daily-rated usage reconciliation
 * CSV (`daily-rated-usage.csv`), one Graph active-user-detail CSV per customer (`m365/<tenant>/…`) and
 * saved Partner Center API pages (`partner-center/…`). Generated in a private in-memory DuckDB from the
 * same dimension data and SQL as the `demo` source, so a file loaded through `partnerlens ingest` holds
 * the same values as the warehouse the source fills. The big CSV streams out through COPY.
 */
export async function writeDemoExports({ dir, pageSize = 100, ...settings }: DemoExportOptions): Promise<DemoExports> {
  const partner = buildPartner(settings);
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const spill = mkdtempSync(join(tmpdir(), 'partnerlens-demo-exports-'));
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: '1GB', temp_directory: spill, autoinstall_known_extensions: 'false', autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  const db = new Database(connection);
  try {
    await migrate(db);
    await loadDimensions(db, partner);
    const files: string[] = [];

    const recon = join(out, 'daily-rated-usage.csv');
    await writeReconCsv(db, partner, recon);
    files.push(recon);

    files.push(...(await writeGraphUserDetail(db, partner.window.end, join(out, 'm365'))));

    // Point-in-time Partner Center resources describe the report date only.
    const reportDay = { start: partner.window.end, end: partner.window.end };
    await fillCustomers(db, 'customers', 0);
    await fillSubscriptions(db, 'subscriptions', 0);
    await fillLicenseSnapshots(db, 'license_snapshots', 0, reportDay);
    await fillLicenseDeployment(db, 'license_deployment', 'license_snapshots', 0, reportDay);
    await fillWorkloadUsage(db, 'workload_usage', 0, partner.window, partner.window.end);
    await fillActivity(db, 'activity', 0, partner.window);
    files.push(...(await writePartnerCenterPages(db, partner, join(out, 'partner-center'), pageSize)));
    return { dir: out, files };
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(spill, { recursive: true, force: true });
  }
}

