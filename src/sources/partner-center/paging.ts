import { SourceError } from '../../errors.js';
import { log } from '../../util/log.js';
import { analyticsEnvelope, collectionEnvelope, firstIssue } from './envelopes.js';
import type { PcClient } from './pcClient.js';

export interface PageHandlers {
  /** The raw items of one page, in order. */
  onPage(items: readonly unknown[], page: number): void | Promise<void>;
  /** The collection starts over from its first page: forget every item handed over so far. */
  onRestart?(): void | Promise<void>;
}

const continuationHeader = 'ms-continuationtoken';

/**
 * Follows a collection's `links.next` (URIs relative to /v1, with the headers it names, e.g.
 * MS-ContinuationToken) until there is none. A continuation token seen twice would page forever: abort.
 * A 400 on a continued page means the token expired: start the collection over (the caller discards what
 * it had, so each item is counted once), at most `maxRestarts` times. Tokens never reach logs or errors.
 */
export async function readCollection(
  client: PcClient,
  path: string,
  { onPage, onRestart }: PageHandlers,
  { maxRestarts = 2 }: { maxRestarts?: number } = {},
): Promise<{ pages: number; restarts: number }> {
  const label = path.split('?')[0]!;
  let restarts = 0;
  restart: for (;;) {
    const seen = new Set<string>();
    let next: { path: string; headers: Record<string, string> } | undefined = { path, headers: {} };
    let page = 0;
    while (next) {
      page++;
      let body: unknown;
      try {
        body = await client.get(next.path, { headers: next.headers });
      } catch (error) {
        const continued = continuationHeader in lowerKeys(next.headers);
        if (continued && error instanceof SourceError && error.status === 400) {
          if (restarts >= maxRestarts) {
            throw new SourceError(`${label}: the continuation token expired on page ${page}, ${restarts + 1} times in a row; giving up`, { status: 400, cause: error });
          }
          restarts++;
          log.warn('pc.paging_restart', { collection: label, page, restart: restarts, reason: 'continuation token expired (400)' });
          await onRestart?.();
          continue restart;
        }
        throw error;
      }
      const parsed = collectionEnvelope.safeParse(body);
      if (!parsed.success) throw new SourceError(`${label}: unexpected page ${page} (${firstIssue(parsed.error)})`);
      await onPage(parsed.data.items, page);
      const link = parsed.data.links?.next;
      if (!link) return { pages: page, restarts };
      const headers = Object.fromEntries((link.headers ?? []).map((h) => [h.key, h.value]));
      const token = lowerKeys(headers)[continuationHeader] ?? '';
      const key = `${link.uri}\n${token}`;
      if (seen.has(key)) {
        throw new SourceError(`${label}: paging loop: page ${page} links to a continuation already followed; aborting so that no page is read twice`);
      }
      seen.add(key);
      next = { path: linkPath(link.uri), headers };
    }
  }
}

/** Link URIs are relative to /v1 (`/customers?size=40&seekOperation=Next`). */
export function linkPath(uri: string): string {
  if (/^https?:\/\//i.test(uri)) return uri;
  const relative = uri.startsWith('/') ? uri : `/${uri}`;
  return /^\/(v1|partner)\//i.test(relative) ? relative : `/v1${relative}`;
}

/**
 * Reads an analytics endpoint with `top`/`skip` until `totalCount` rows arrived (or, without a total, a
 * short page), or an empty page.
 */
export async function readAnalytics(
  client: PcClient,
  path: string,
  { onPage }: Pick<PageHandlers, 'onPage'>,
  { top = 10_000 }: { top?: number } = {},
): Promise<{ pages: number }> {
  const label = path.split('?')[0]!;
  const separator = path.includes('?') ? '&' : '?';
  let skip = 0;
  for (let page = 1; ; page++) {
    const body = await client.get(`${path}${separator}top=${top}&skip=${skip}`);
    const parsed = analyticsEnvelope.safeParse(body);
    if (!parsed.success) throw new SourceError(`${label}: unexpected page ${page} (${firstIssue(parsed.error)})`);
    const { items, totalCount } = parsed.data;
    await onPage(items, page);
    skip += items.length;
    // The server may hand out fewer rows than asked (it caps `top`): trust its total when it gives one.
    if (items.length === 0) return { pages: page };
    if (totalCount !== undefined ? skip >= totalCount : items.length < top) return { pages: page };
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
