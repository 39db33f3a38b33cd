import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SourceError } from '../../../errors.js';
import type { Clock } from '../clock.js';
import { requestSignal } from '../requestSignal.js';
import { defaultRetryPolicy, parseRetryAfter } from '../retryPolicy.js';
import { networkCause } from '../tokenProvider.js';
import { withRetries, type AttemptOutcome } from '../withRetries.js';

export interface BlobTarget {
  /** The blob's name in the manifest: what errors and rejected rows call it. */
  name: string;
  rootDirectory: string;
  sasToken: string;
  /** Where the blob's bytes go. A file already there is a blob fetched by an earlier, interrupted run. */
  path: string;
}

/**
 * Downloads one export blob from Azure Blob Storage with the manifest's SAS token and no bearer token (the
 * Graph token must never reach storage), streaming to `path` through a `.part` file renamed when complete:
 * a run that stops half-way leaves no file that looks whole, and a later run finds the whole ones and does
 * not fetch them again. Returns false when the blob was already there.
 */
export async function downloadBlob(
  blob: BlobTarget,
  { clock, timeoutMs, maxAttempts, random = Math.random, signal }: { clock: Clock; timeoutMs: number; maxAttempts: number; random?: () => number; signal?: AbortSignal },
): Promise<boolean> {
  if (await stat(blob.path).then((s) => s.isFile(), () => false)) return false;
  const url = `${blob.rootDirectory.replace(/\/+$/, '')}/${blob.name.split('/').map(encodeURIComponent).join('/')}?${blob.sasToken.replace(/^\?/, '')}`;
  const part = `${blob.path}.part`;
  // Timeout per attempt covers the whole transfer, generous for a large blob.
  const transferMs = timeoutMs * 20;
  return withRetries(async (): Promise<AttemptOutcome<boolean>> => {
    const attemptSignal = requestSignal(transferMs, signal);
    try {
      const response = await fetch(url, { headers: { 'x-ms-version': '2021-08-06' }, signal: attemptSignal.signal });
      const status = response.status;
      if (response.ok && response.body) {
        await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(part));
        await rename(part, blob.path);
        return { ok: true, value: true };
      }
      await response.body?.cancel();
      // The URL carries the SAS: errors name the blob, never the URL.
      if (status === 403 || status === 401) {
        throw new SourceError(`export blob ${blob.name}: refused by storage (HTTP ${status}: the export's SAS token has expired or is invalid); the next run asks Graph for a fresh export`, { status });
      }
      return { ok: false, status, failure: `HTTP ${status}`, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()) };
    } catch (error) {
      if (error instanceof SourceError) throw error;
      signal?.throwIfAborted();
      await rm(part, { force: true });
      return { ok: false, status: 0, failure: attemptSignal.timedOut ? `no complete answer within ${transferMs / 1000} s` : networkCause(error) };
    } finally {
      attemptSignal.done();
    }
  }, { what: `export blob ${blob.name}`, service: 'Azure storage', logEvent: 'graph.blob_retry', fields: { blob: blob.name }, maxAttempts, clock, random, policy: defaultRetryPolicy, signal });
}
