import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { body, json } from '../helpers/httpReplies.js';

// A fake Microsoft Graph on 127.0.0.1 for the two Graph paths of the partner-center source:
// - its own Azure AD token endpoint (`{authority}/{tenant}/oauth2/v2.0/token`): Graph tokens bound to a
//   tenant, client credentials or refresh token, and customers without GDAP consent (AADSTS50020);
// - the partner billing export: POST → 202 + Location → operation polled with Retry-After → manifest,
//   whose blobs (gzip JSON lines) a fake Blob Storage serves only with the right, unexpired SAS and
//   without any bearer token;
// - per-tenant usage reports answering 302 to a pre-authenticated CSV URL (no bearer there either).
// Every request is recorded, so tests can check what was sent where.

export interface FakeExport {
  eTag: string;
  /** Each blob's JSON lines (already serialised, so tests can put a broken line in). */
  blobs: { name: string; lines: string[]; gzFile?: string }[];
}

export interface GraphRequest {
  method: string;
  path: string;
  tenant: string | undefined;
  bearer: string | undefined;
  status: number;
}

export interface FakeGraphOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  partnerTenant: string;
  latencyMs?: number;
  /** Polls answered `running` before an operation succeeds. */
  pollsBeforeReady?: number;
  retryAfterSeconds?: number;
}

export interface FakeGraph {
  url: string;
  authority: string;
  /** By export key: `unbilled/USD/current`, `billed/<invoice id>`. */
  exports: Map<string, FakeExport>;
  /** Export keys whose operation ends `failed`. */
  failing: Set<string>;
  /** Every SAS handed out so far is refused as expired (AuthenticationFailed). */
  expireSas: boolean;
  /** Tenants that gave the partner no GDAP access: their token requests fail with AADSTS50020. */
  noConsent: Set<string>;
  /** getOffice365ActiveUserDetail CSV by tenant. */
  reports: Map<string, string>;
  /** A blob that answers 500 however often it is asked (a download that dies part-way through an export). */
  brokenBlob: string | undefined;
  /** Tenants whose first report request gets 429 + Retry-After. */
  throttleOnce: Set<string>;
  requests: GraphRequest[];
  blobRequests: { name: string; bearerSent: boolean; sasOk: boolean; status: number }[];
  reportDownloads: { tenant: string; bearerSent: boolean }[];
  exportPosts: { key: string; body: Record<string, unknown> }[];
  /** SAS tokens and access tokens handed out: canaries for leak checks. */
  issued: { sasTokens: string[]; accessTokens: string[] };
  close(): Promise<void>;
}

export async function startFakeGraph({ clientId, clientSecret, refreshToken, partnerTenant, latencyMs = 0, pollsBeforeReady = 2, retryAfterSeconds = 3 }: FakeGraphOptions): Promise<FakeGraph> {
  const tokens = new Map<string, string>(); // access token → tenant
  const refreshTokens = new Set([refreshToken]);
  const operations = new Map<string, { key: string; polls: number }>();
  const validSas = new Set<string>();
  const downloads = new Map<string, string>(); // report download id → tenant
  const gzipped = new Map<string, Buffer>();
  const fake: FakeGraph = {
    url: '', authority: '',
    exports: new Map(), failing: new Set(), expireSas: false, brokenBlob: undefined, noConsent: new Set(), reports: new Map(), throttleOnce: new Set(),
    requests: [], blobRequests: [], reportDownloads: [], exportPosts: [],
    issued: { sasTokens: [], accessTokens: [] },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const random = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

  async function token(request: IncomingMessage, response: ServerResponse, tenant: string): Promise<void> {
    const form = new URLSearchParams(await body(request));
    const fail = (status: number, error: string, description: string) => json(response, status, { error, error_description: description });
    if (form.get('client_id') !== clientId) return fail(400, 'unauthorized_client', 'AADSTS700016: Application not found in the directory.');
    if (!(form.get('scope') ?? '').includes('https://graph.microsoft.com/.default')) return fail(400, 'invalid_scope', 'AADSTS70011: this fake issues Graph tokens only');
    const grant = form.get('grant_type');
    let refresh: string | undefined;
    if (grant === 'client_credentials') {
      if (form.get('client_secret') !== clientSecret) return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    } else if (grant === 'refresh_token') {
      if (!refreshTokens.has(form.get('refresh_token') ?? '')) return fail(400, 'invalid_grant', 'AADSTS700082: The refresh token has expired due to inactivity.');
    } else return fail(400, 'unsupported_grant_type', `grant_type ${grant} is not supported`);
    if (tenant !== partnerTenant && fake.noConsent.has(tenant)) {
      return fail(400, 'invalid_grant', `AADSTS50020: User account from identity provider does not exist in tenant '${tenant}' and cannot access the application.`);
    }
    if (grant === 'refresh_token') {
      refresh = random('grt-');
      refreshTokens.add(refresh);
    }
    const access = random('gat-');
    tokens.set(access, tenant);
    fake.issued.accessTokens.push(access);
    json(response, 200, { token_type: 'Bearer', expires_in: 3600, access_token: access, ...(refresh ? { refresh_token: refresh } : {}) });
  }

  function manifest(key: string, id: string): Record<string, unknown> {
    const found = fake.exports.get(key)!;
    const sas = `sv=2021-08-06&se=2099-01-01T00%3A00%3A00Z&sr=c&sp=rl&sig=${random('sig')}`;
    validSas.add(sas);
    fake.issued.sasTokens.push(sas);
    return {
      id, schemaVersion: '2', dataFormat: 'compressedJSONLines', createdDateTime: new Date().toISOString(), eTag: found.eTag,
      partnerTenantId: partnerTenant, rootDirectory: `${fake.url}/blobs/${encodeURIComponent(key)}`, sasToken: sas,
      partitionType: 'default', blobCount: found.blobs.length, blobs: found.blobs.map((b) => ({ name: b.name, partitionValue: 'default' })),
    };
  }

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = decodeURIComponent(url.pathname);
    const auth = request.headers.authorization;
    if (latencyMs) await delay(latencyMs);

    const tokenPath = /^\/auth\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (tokenPath && request.method === 'POST') return token(request, response, tokenPath[1]!);

    const rawBlob = /^\/blobs\/([^/]+)\/(.+)$/.exec(url.pathname);
    const blob = rawBlob ? [rawBlob[0], decodeURIComponent(rawBlob[1]!), decodeURIComponent(rawBlob[2]!)] : null;
    if (blob) {
      const sas = url.search.replace(/^\?/, '');
      const sasOk = validSas.has(sas) && !fake.expireSas;
      const record = { name: blob[2]!, bearerSent: auth !== undefined, sasOk, status: 200 };
      fake.blobRequests.push(record);
      // Azure Storage refuses a bearer token it did not issue for the account; a SAS it signed is all it takes.
      if (auth !== undefined) return xml(response, (record.status = 400), 'InvalidAuthenticationInfo');
      if (!sasOk) return xml(response, (record.status = 403), 'AuthenticationFailed');
      if (fake.brokenBlob === blob[2]) return xml(response, (record.status = 500), 'InternalError');
      const found = fake.exports.get(blob[1]!)?.blobs.find((b) => b.name === blob[2]);
      if (!found) return xml(response, (record.status = 404), 'BlobNotFound');
      if (found.gzFile) {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(found.gzFile).size });
        createReadStream(found.gzFile).pipe(response);
        return;
      }
      const cacheKey = `${blob[1]}/${found.name}/${found.lines.length}`;
      let bytes = gzipped.get(cacheKey);
      if (!bytes) gzipped.set(cacheKey, (bytes = gzipSync(found.lines.join('\n') + '\n')));
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      response.end(bytes);
      return;
    }

    const download = /^\/reportdownload\/([^/]+)\.csv$/.exec(path);
    if (download) {
      const tenant = downloads.get(download[1]!);
      fake.reportDownloads.push({ tenant: tenant ?? '?', bearerSent: auth !== undefined });
      if (!tenant || auth !== undefined) return json(response, 403, { error: { code: 'Forbidden', message: 'pre-authenticated URL: no bearer token accepted' } });
      const text = fake.reports.get(tenant) ?? '';
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': Buffer.byteLength(text) });
      response.end(text);
      return;
    }

    const bearer = /^Bearer (.+)$/.exec(auth ?? '')?.[1];
    const tenant = bearer ? tokens.get(bearer) : undefined;
    const record: GraphRequest = { method: request.method ?? 'GET', path, tenant, bearer, status: 0 };
    fake.requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      json(response, status, payload, headers);
    };
    if (!tenant) return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } });

    const exportPath = /^\/v1\.0\/reports\/partners\/billing\/usage\/(unbilled|billed)\/export$/.exec(path);
    if (exportPath && request.method === 'POST') {
      if (tenant !== partnerTenant) return send(403, { error: { code: 'Forbidden', message: 'partner tenant only' } });
      const payload = JSON.parse(await body(request)) as Record<string, unknown>;
      const key = exportPath[1] === 'unbilled' ? `unbilled/${String(payload.currencyCode)}/${String(payload.billingPeriod)}` : `billed/${String(payload.invoiceId)}`;
      fake.exportPosts.push({ key, body: payload });
      if (payload.attributeSet !== 'full') return send(400, { error: { code: 'BadRequest', message: 'attributeSet must be full' } });
      if (!fake.exports.has(key)) return send(400, { error: { code: 'BadRequest', message: `no such billing data: ${key}` } });
      const id = random('op-');
      operations.set(id, { key, polls: 0 });
      record.status = 202;
      response.writeHead(202, { location: `${fake.url}/v1.0/reports/partners/billing/operations/${id}`, 'retry-after': String(retryAfterSeconds), 'content-length': 0 });
      response.end();
      return;
    }
    const operation = /^\/v1\.0\/reports\/partners\/billing\/operations\/([^/]+)$/.exec(path);
    if (operation) {
      const op = operations.get(operation[1]!);
      if (!op) return send(404, { error: { code: 'NotFound', message: 'no such operation' } });
      op.polls++;
      const base = { '@odata.type': '#microsoft.graph.partners.billing.exportSuccessOperation', id: operation[1], createdDateTime: new Date().toISOString() };
      if (op.polls <= pollsBeforeReady) return send(200, { ...base, status: 'running' }, { 'retry-after': String(retryAfterSeconds) });
      if (fake.failing.has(op.key)) return send(200, { ...base, status: 'failed', error: { code: 'InternalError', message: 'The export could not be generated.' } });
      return send(200, { ...base, status: 'succeeded', resourceLocation: manifest(op.key, operation[1]!) });
    }
    if (path === "/v1.0/reports/getOffice365ActiveUserDetail(period='D30')") {
      if (fake.throttleOnce.delete(tenant)) return send(429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '2' });
      if (!fake.reports.has(tenant)) return send(403, { error: { code: 'Forbidden', message: 'Reports.Read.All missing for this tenant' } });
      const id = random('dl-');
      downloads.set(id, tenant);
      record.status = 302;
      response.writeHead(302, { location: `${fake.url}/reportdownload/${id}.csv`, 'content-length': 0 });
      response.end();
      return;
    }
    send(404, { error: { code: 'NotFound', message: `no such resource ${path}` } });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    handle(request, response, url).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: { code: 'InternalServerError', message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.authority = `http://127.0.0.1:${port}/auth`;
  return fake;
}



function xml(response: ServerResponse, status: number, code: string): void {
  const text = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
