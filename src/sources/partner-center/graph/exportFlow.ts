import { z } from 'zod';
import { SourceError } from '../../../errors.js';
import { log, registerSecret } from '../../../util/log.js';
import type { Clock } from '../clock.js';
import { parseRetryAfter } from '../retryPolicy.js';
import { parseJson, type GraphClient } from './graphClient.js';

/** One export Graph is asked for: a billing currency's unbilled period, or one invoice's billed usage. */
export type ExportRequest =
  | { kind: 'unbilled'; currency: string; billingPeriod: 'current' | 'last' }
  | { kind: 'billed'; invoiceId: string };

export function exportKey(request: ExportRequest): string {
  return request.kind === 'unbilled' ? `unbilled/${request.currency}/${request.billingPeriod}` : `billed/${request.invoiceId}`;
}

const manifestSchema = z.object({
  id: z.string().optional(),
  dataFormat: z.string().optional(),
  blobCount: z.number().int().min(0).optional(),
  blobs: z.array(z.object({ name: z.string().min(1), partitionValue: z.string().optional() })),
  rootDirectory: z.string().url(),
  sasToken: z.string().min(1),
  eTag: z.string().min(1),
});
export type Manifest = z.output<typeof manifestSchema>;

const operationSchema = z.object({
  id: z.string().optional(),
  status: z.enum(['notStarted', 'running', 'succeeded', 'failed']),
  resourceLocation: z.unknown().optional(),
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).nullish(),
});

const base = '/v1.0/reports/partners/billing';
/** When the operation says nothing about when to look again. */
const defaultPollMs = 10_000;

/**
 * Asks Graph for an export and waits for it: POST → 202 with `Location` → poll the operation, waiting what
 * each answer's `Retry-After` asks, until it succeeds (its `resourceLocation` is the manifest, inline or as
 * a URL) or fails; never longer than `waitMs` in all. The manifest's SAS token is registered as a secret
 * the moment it arrives, so no log line can carry it.
 */
export async function runExport(
  client: GraphClient,
  request: ExportRequest,
  { clock, waitMs, signal }: { clock: Clock; waitMs: number; signal?: AbortSignal },
): Promise<Manifest> {
  const key = exportKey(request);
  const body = request.kind === 'unbilled'
    ? { currencyCode: request.currency, billingPeriod: request.billingPeriod, attributeSet: 'full' }
    : { invoiceId: request.invoiceId, attributeSet: 'full' };
  const started = await client.request('POST', `${base}/usage/${request.kind}/export`, { json: body });
  const location = started.headers.get('location');
  if (started.status !== 202 || !location) {
    throw new SourceError(`Graph export ${key}: expected 202 Accepted with a Location header, got HTTP ${started.status}${location ? '' : ' without Location'}`);
  }
  const deadline = clock.now() + waitMs;
  let wait = parseRetryAfter(started.headers.get('retry-after'), clock.now()) ?? defaultPollMs;
  for (let poll = 1; ; poll++) {
    if (clock.now() + wait > deadline) {
      throw new SourceError(`Graph export ${key}: not ready after ${Math.round(waitMs / 60_000)} min of waiting (graph.exportWaitMs); the next run asks again`);
    }
    await clock.sleep(wait, signal);
    const answer = await client.request('GET', location);
    const parsed = operationSchema.safeParse(parseJson(answer.text, `Graph export ${key} operation`));
    if (!parsed.success) throw new SourceError(`Graph export ${key}: unexpected operation status (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    const operation = parsed.data;
    if (operation.status === 'failed') {
      const why = [operation.error?.code, operation.error?.message].filter(Boolean).join(': ') || 'no reason given';
      throw new SourceError(`Graph export ${key} failed (operation ${operation.id ?? '?'}): ${why}`);
    }
    if (operation.status === 'succeeded') return manifestOf(client, key, operation.resourceLocation);
    wait = parseRetryAfter(answer.headers.get('retry-after'), clock.now()) ?? defaultPollMs;
    log.debug('graph.export_poll', { export: key, poll, status: operation.status, waitMs: wait });
  }
}

async function manifestOf(client: GraphClient, key: string, location: unknown): Promise<Manifest> {
  let raw = location;
  if (typeof location === 'string') raw = parseJson((await client.request('GET', location)).text, `Graph export ${key} manifest`);
  // The SAS is a secret before anything else is done with the manifest, including describing it in an error.
  const sas = (raw as { sasToken?: unknown } | null)?.sasToken;
  if (typeof sas === 'string') registerSecret(sas);
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceError(`Graph export ${key}: unexpected manifest (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
  }
  const manifest = parsed.data;
  if (manifest.blobCount !== undefined && manifest.blobCount !== manifest.blobs.length) {
    throw new SourceError(`Graph export ${key}: the manifest announces ${manifest.blobCount} blobs and lists ${manifest.blobs.length}`);
  }
  if (manifest.dataFormat && manifest.dataFormat !== 'compressedJSONLines') {
    throw new SourceError(`Graph export ${key}: data format ${manifest.dataFormat}, expected compressedJSONLines`);
  }
  return manifest;
}
