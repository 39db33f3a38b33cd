import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rejection } from '../../../runs/runHistory.js';
import { log } from '../../../util/log.js';
import type { Database } from '../../../warehouse/database.js';
import type { StageContext } from '../../source.js';
import { createAdaptiveLimiter, forEachLimited } from '../adaptiveLimiter.js';
import type { Clock } from '../clock.js';
import { createGraphClient } from '../graph/graphClient.js';
import type { GraphSettings } from '../graph/graphSettings.js';
import { activeUserDetail, downloadReport } from '../graph/reportDownload.js';
import { stageReportCsv } from '../graph/stageReportCsv.js';
import { isNoConsent, tenantTokens } from '../graph/tenantTokens.js';
import { readCollection } from '../paging.js';
import type { PcClient } from '../pcClient.js';
import { customerRef, type CustomerRef } from '../resources/customers.js';
import type { RetryPolicy } from '../retryPolicy.js';
import type { PcSettings } from '../settings.js';

export interface CoverageRow {
  customerId: string;
  customerName: string | null;
  status: 'loaded' | 'no-consent';
  concealed: boolean;
  detail: string | null;
}

export interface UserActivityResult {
  read: number;
  rejected: number;
  note?: string;
  coverage: CoverageRow[];
}

export interface UserActivityOptions {
  pc: PcClient;
  settings: PcSettings;
  graphSettings: GraphSettings;
  clock: Clock;
  random: () => number;
  policy?: RetryPolicy;
  stage: StageContext;
}

/**
 * Per-user Microsoft 365 activity from each customer's own tenant (GDAP): a Graph token for that tenant,
 * the active-user-detail report, its CSV staged into `user_activity`. Customers are fetched a bounded
 * number at once (halved after a 429, as for Partner Center). A customer without consent is skipped and
 * named in the run's cause and in `user_activity_coverage`; the run does not fail for it.
 */
export async function collectUserActivity(options: UserActivityOptions): Promise<UserActivityResult> {
  const { pc, settings, graphSettings, clock, random, policy, stage } = options;
  const customers: CustomerRef[] = [];
  await readCollection(pc, `/v1/customers?size=${settings.pageSize}`, {
    onPage(items) {
      for (const item of items) {
        const parsed = customerRef.safeParse(item);
        if (parsed.success) customers.push(parsed.data);
      }
    },
    onRestart() {
      customers.length = 0;
    },
  });

  const dir = await mkdtemp(join(tmpdir(), 'partnerlens-reports-'));
  try {
    const limiter = createAdaptiveLimiter({ max: settings.concurrency });
    const skipped: (CoverageRow & { index: number })[] = [];
    const coverage: CoverageRow[] = [];
    let read = 0;
    let rejected = 0;
    let done = 0;
    // Each report is staged as soon as it arrives, one at a time (the customer binding is the session's),
    // while the next ones download: the run takes the longer of the two, not their sum.
    let staging: Promise<void> = Promise.resolve();
    let stagingFailed: { error: unknown } | undefined;
    const stageOne = async (customer: CustomerRef, path: string) => {
      const label = `getOffice365ActiveUserDetail ${customer.name ?? customer.tenantId}`;
      const staged = await stageReportCsv(stage.db, { path, label, customer: customer.tenantId, stage: stage.stages.user_activity!, runId: stage.runId });
      const rejections: Rejection[] = staged.rejections;
      if (rejections.length) await stage.reject(rejections);
      read += staged.read;
      rejected += staged.rejections.length + staged.unlisted;
      coverage.push({ customerId: customer.tenantId, customerName: customer.name, status: 'loaded', concealed: staged.concealed, detail: null });
    };
    await forEachLimited(customers, limiter, async (customer, index) => {
      if (stagingFailed) throw stagingFailed.error;
      const client = createGraphClient({
        apiUrl: graphSettings.apiUrl, tokens: tenantTokens(customer.tenantId, { settings, graphSettings, clock, random, policy }),
        limiter, clock, timeoutMs: settings.timeoutMs, maxAttempts: settings.maxAttempts, random, policy, signal: stage.signal,
      });
      const path = join(dir, `${index}.csv`);
      try {
        await downloadReport(client, activeUserDetail, path, { timeoutMs: settings.timeoutMs, signal: stage.signal });
        staging = staging.then(() => (stagingFailed ? undefined : stageOne(customer, path))).catch((error: unknown) => {
          stagingFailed ??= { error };
        });
      } catch (error) {
        if (!isNoConsent(error)) throw error;
        skipped.push({ customerId: customer.tenantId, customerName: customer.name, status: 'no-consent', concealed: false, detail: error.message, index });
      }
      stage.progress.update(++done, `of ${customers.length} customers' user reports`);
    }).finally(() => staging);
    await staging;
    if (stagingFailed) throw stagingFailed.error;
    skipped.sort((x, y) => x.index - y.index);
    coverage.push(...skipped.map(({ index: _, ...row }) => row));
    if (skipped.length) log.warn('graph.no_consent', { customers: skipped.length, tenants: skipped.map((s) => s.customerId).slice(0, 50) });
    const names = skipped.map((s) => s.customerName ?? s.customerId);
    const note = skipped.length
      ? `${skipped.length} customer(s) without GDAP consent skipped, no user data: ${names.slice(0, 10).join(', ')}${names.length > 10 ? `, and ${names.length - 10} more` : ''}`
      : undefined;
    return { read, rejected, note, coverage };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Written in the publishing transaction: what the packs say about each customer's user data. */
export async function writeCoverage(db: Database, runId: number, coverage: readonly CoverageRow[]): Promise<void> {
  // One statement per 500 customers: a row per customer, replacing what the last pull said about each.
  for (let start = 0; start < coverage.length; start += 500) {
    const chunk = coverage.slice(start, start + 500);
    await db.run(
      `INSERT OR REPLACE INTO user_activity_coverage (customer_id, customer_name, status, concealed, detail, run_id, checked_at)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, now()::TIMESTAMP)').join(', ')}`,
      chunk.flatMap((row) => [row.customerId, row.customerName, row.status, row.concealed, row.detail, runId]),
    );
  }
}
