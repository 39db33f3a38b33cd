import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SourceError } from '../../../errors.js';
import { log } from '../../../util/log.js';
import type { Clock } from '../clock.js';
import { requestSignal } from '../requestSignal.js';
import { defaultRetryPolicy, isRetryableStatus, parseRetryAfter, retryDelay } from '../retryPolicy.js';
import { networkCause } from '../tokenProvider.js';

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
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    // Timeout per attempt covers the whole transfer, generous for a large blob.
    const attemptSignal = requestSignal(timeoutMs * 20, signal);
    let status = 0;
    let failure: string;
    let retryAfterMs: number | undefined;
    try {
      const response = await fetch(url, { headers: { 'x-ms-version': '2021-08-06' }, signal: attemptSignal.signal });
      status = response.status;
      if (response.ok && response.body) {
        await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(part));
        await rename(part, blob.path);
        return true;
      }
      await response.body?.cancel();
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      failure = `HTTP ${status}`;
    } catch (error) {
      signal?.throwIfAborted();
      await rm(part, { force: true });
      failure = attemptSignal.timedOut ? `no complete answer within ${(timeoutMs * 20) / 1000} s` : networkCause(error);
      status = 0;
    } finally {
      attemptSignal.done();
    }
    // The URL carries the SAS: errors name the blob, never the URL.
    if (status === 403 || status === 401) {
      throw new SourceError(`export blob ${blob.name}: refused by storage (HTTP ${status}: the export's SAS token has expired or is invalid); the next run asks Graph for a fresh export`, { status });
    }
    if (status !== 0 && !isRetryableStatus(status)) throw new SourceError(`export blob ${blob.name}: ${failure}`, { status });
    if (attempt >= maxAttempts) throw new SourceError(`export blob ${blob.name}: failed after ${attempt} attempts (last: ${failure})`);
    const waitMs = retryDelay({ attempt, retryAfterMs, random, policy: defaultRetryPolicy });
    log.warn('graph.blob_retry', { blob: blob.name, attempt, cause: failure, waitMs });
    await clock.sleep(waitMs, signal);
  }
}
