import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SourceError } from '../../../errors.js';
import { requestSignal } from '../requestSignal.js';
import { networkCause } from '../tokenProvider.js';
import type { GraphClient } from './graphClient.js';

export const activeUserDetail = "/v1.0/reports/getOffice365ActiveUserDetail(period='D30')";

/**
 * A Graph usage report into `path`. Graph answers `302` to a short-lived pre-authenticated URL: that one is
 * fetched without the bearer token (it goes to another host, which must never see it). A `200` carrying the
 * CSV itself is taken as it is.
 */
export async function downloadReport(client: GraphClient, report: string, path: string, { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  const answer = await client.request('GET', report);
  if (answer.status === 200) {
    await writeFile(path, answer.text);
    return;
  }
  const location = answer.headers.get('location');
  if (answer.status < 300 || answer.status >= 400 || !location) throw new SourceError(`GET ${report}: expected a redirect to the report, got HTTP ${answer.status}`);
  const attempt = requestSignal(timeoutMs * 4, signal);
  try {
    const response = await fetch(location, { signal: attempt.signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      // The URL is pre-authenticated: errors never quote it.
      throw new SourceError(`${report}: the report download answered HTTP ${response.status}`, { status: response.status === 403 ? 502 : response.status });
    }
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path));
  } catch (error) {
    if (error instanceof SourceError) throw error;
    signal?.throwIfAborted();
    throw new SourceError(`${report}: the report download failed (${attempt.timedOut ? 'timed out' : networkCause(error)})`);
  } finally {
    attempt.done();
  }
}
