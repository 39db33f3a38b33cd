import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, isoDate } from '../../../util/dates.js';
import { log } from '../../../util/log.js';
import { ident, type Database } from '../../../warehouse/database.js';
import type { Batch, SourceContext } from '../../source.js';
import { createAdaptiveLimiter, forEachLimited } from '../adaptiveLimiter.js';
import type { Clock } from '../clock.js';
import type { PcClient } from '../pcClient.js';
import type { PcSettings } from '../settings.js';
import { downloadBlob } from './blobDownload.js';
import { exportKey, runExport, type ExportRequest, type Manifest } from './exportFlow.js';
import type { GraphClient } from './graphClient.js';
import type { GraphSettings } from './graphSettings.js';
import { invoicesOverlapping } from './invoices.js';
import { stageExportBlobs } from './stageExportBlobs.js';

export interface ExportBatchesOptions {
  graph: GraphClient;
  pc: PcClient;
  settings: PcSettings;
  graphSettings: GraphSettings;
  clock: Clock;
  random: () => number;
  /** Where blobs wait between download and publish; kept across runs so an interrupted one resumes. */
  cacheRoot?: string;
}

/**
 * The exports a run needs: unbilled `last` for each billing currency (and `current` when the run's days
 * reach into this month), and one billed export per invoice for older months (a backfill with --from).
 */
export async function exportsFor(context: Pick<SourceContext, 'period'>, { pc, settings, clock }: Pick<ExportBatchesOptions, 'pc' | 'settings' | 'clock'>): Promise<ExportRequest[]> {
  const { from, to } = context.period;
  const currentStart = `${isoDate(new Date(clock.now())).slice(0, 7)}-01`;
  const lastStart = `${addDays(currentStart, -1).slice(0, 7)}-01`;
  const requests: ExportRequest[] = [];
  if (from < lastStart) {
    for (const invoice of await invoicesOverlapping(pc, from, addDays(lastStart, -1) < to ? addDays(lastStart, -1) : to)) {
      requests.push({ kind: 'billed', invoiceId: invoice.id });
    }
  }
  for (const currency of settings.currencies) {
    // Last month stays unbilled, and may still be restated, until its invoice: a daily run asks for it too
    // (an unchanged eTag costs one small request and no download).
    if (to >= lastStart) requests.push({ kind: 'unbilled', currency, billingPeriod: 'last' });
    if (to >= currentStart) requests.push({ kind: 'unbilled', currency, billingPeriod: 'current' });
  }
  return requests;
}

/**
 * Azure usage from Graph's partner billing export: one batch per export whose data is new. A manifest whose
 * eTag and blobs were all loaded before is unchanged data and yields nothing. Each batch holds the whole
 * export (a customer's day may span blobs, and a batch owns whole customer-days), published in one
 * transaction with the list of its blobs.
 */
export async function* exportBatches(context: SourceContext, options: ExportBatchesOptions): AsyncIterable<Batch> {
  const { graph, graphSettings, settings, clock, random } = options;
  const requests = await exportsFor(context, options);
  for (const request of requests) {
    const key = exportKey(request);
    const manifest = await runExport(graph, request, { clock, waitMs: graphSettings.exportWaitMs, signal: context.signal });
    if (await alreadyLoaded(context.db, manifest)) {
      log.info('graph.export_unchanged', { export: key, eTag: manifest.eTag, blobs: manifest.blobs.length });
      continue;
    }
    const dir = join(options.cacheRoot ?? join(tmpdir(), 'partnerlens-graph-blobs'), createHash('sha256').update(`${manifest.eTag}\n${key}`).digest('hex').slice(0, 24));
    const version = new Date(clock.now()).toISOString();
    yield {
      label: `Graph billing export ${key}`,
      version,
      async fill(stage) {
        await mkdir(dir, { recursive: true });
        const blobs = manifest.blobs.map((b, i) => ({ name: b.name, path: join(dir, `${String(i).padStart(5, '0')}.json.gz`) }));
        let fetched = 0;
        let reused = 0;
        const limiter = createAdaptiveLimiter({ max: graphSettings.blobConcurrency });
        await forEachLimited(blobs, limiter, async (blob) => {
          const got = await downloadBlob(
            { name: blob.name, path: blob.path, rootDirectory: manifest.rootDirectory, sasToken: manifest.sasToken },
            { clock, timeoutMs: settings.timeoutMs, maxAttempts: settings.maxAttempts, random, signal: stage.signal },
          );
          if (got) fetched++;
          else reused++;
          stage.progress.update(fetched + reused, `of ${blobs.length} blobs downloaded (${key})`);
        });
        if (reused) log.info('graph.blobs_resumed', { export: key, reused, fetched });
        const { read, rejected } = await stageExportBlobs(stage, blobs, (done) => stage.progress.update(done, `of ${blobs.length} blobs staged (${key})`));
        const newest = await stage.db.value<string | null>(`SELECT max(date)::VARCHAR FROM ${ident(stage.stages.azure_usage!)}`);
        return { read, rejected, asOf: newest ? `${newest}T23:59:59.000Z` : undefined };
      },
      async commit(db, runId) {
        for (const blob of manifest.blobs) {
          await db.run(
            `INSERT OR REPLACE INTO graph_export_blobs (etag, blob, export_key, manifest_id, run_id, loaded_at)
             VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP)`,
            [manifest.eTag, blob.name, key, manifest.id ?? null, runId],
          );
        }
      },
    };
    // Reached only once the runner has published (or refused) the batch: the blobs are no longer needed.
    // A run that fails while loading them leaves them for the next one.
    await rm(dir, { recursive: true, force: true });
  }
}

async function alreadyLoaded(db: Database, manifest: Manifest): Promise<boolean> {
  if (!manifest.blobs.length) return false;
  const rows = await db.all<{ blob: string }>('SELECT blob FROM graph_export_blobs WHERE etag = ?', [manifest.eTag]);
  const seen = new Set(rows.map((r) => r.blob));
  return manifest.blobs.every((b) => seen.has(b.name));
}
