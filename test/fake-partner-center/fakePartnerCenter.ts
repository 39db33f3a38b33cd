import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { addDays, isoDate } from '../../src/util/dates.js';
import { generateFakeData, type FakeData, type Json } from './fakeData.js';
import { fire, retryAfterHeader, type ActiveFault, type Fault } from './faults.js';
import { body, json } from '../helpers/httpReplies.js';

// A fake Partner Center on 127.0.0.1: the token endpoint (client credentials and refresh token), the
// SPEC §2.1 endpoints with collection paging (links.next + MS-ContinuationToken) and analytics paging
// (top/skip), and switches to throttle, fail, expire tokens, loop or hang. It records every request.

export interface FakeOptions {
  customers?: number;
  seed?: number;
  today?: string;
  /** Delay before every API answer. */
  latencyMs?: number;
  /** Page size of collections that take no `size` (a customer's subscriptions, subscribed SKUs). */
  defaultPageSize?: number;
  /** Largest `top` the analytics endpoints honour. */
  maxTop?: number;
  tokenTtlSeconds?: number;
  /** The client secret and first refresh token the fake accepts (tests set canaries). */
  clientSecret?: string;
  refreshToken?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  page: number | undefined;
  requestId: string | undefined;
  correlationId: string | undefined;
  authorized: boolean;
  bearer: string | undefined;
  continuationToken: string | undefined;
  status: number | 'hung';
  arrivedAt: number;
  finishedAt: number | undefined;
  inFlightAtArrival: number;
}

export interface FakePartnerCenter {
  /** PARTNERLENS_PC_API_URL */
  url: string;
  /** PARTNERLENS_PC_AUTHORITY */
  authority: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  data: FakeData;
  /** `GET /v1/invoices` (the Graph tests set them: billed usage exports are asked per invoice). */
  invoices: Json[];
  requests: RecordedRequest[];
  tokenRequests: { grant: string; ok: boolean }[];
  /** Every access and continuation token handed out, for leak checks. */
  issued: { accessTokens: string[]; refreshTokens: string[]; continuationTokens: string[] };
  addFault(fault: Fault): void;
  /** The token endpoint answers `invalid_grant` to refresh-token requests. */
  refuseRefresh: boolean;
  /** The next this-many token requests get a 503 (Azure AD having a bad minute). */
  failTokenRequests: number;
  close(): Promise<void>;
}

/** The environment that points the CLI at this fake: its API, authority and app (the secret given, or the fake's own). */
export function fakePartnerCenterEnv(fake: FakePartnerCenter, clientSecret = fake.clientSecret): Record<string, string> {
  return {
    PARTNERLENS_PC_API_URL: fake.url,
    PARTNERLENS_PC_AUTHORITY: fake.authority,
    PARTNERLENS_PC_TENANT_ID: fake.tenantId,
    PARTNERLENS_PC_CLIENT_ID: fake.clientId,
    PARTNERLENS_PC_CLIENT_SECRET: clientSecret,
  };
}

export async function startFakePartnerCenter({
  customers = 12, seed = 7, today = isoDate(new Date()), latencyMs = 0, defaultPageSize = 1000, maxTop = 10_000, tokenTtlSeconds = 3600,
  clientSecret = 'fake-client-secret-0123456789', refreshToken: initialRefresh = 'fake-refresh-token-0123456789',
}: FakeOptions = {}): Promise<FakePartnerCenter> {
  const data = generateFakeData({ customers, seed, today });
  const faults: ActiveFault[] = [];
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const continuations = new Map<string, { key: string; offset: number; size: number }>();
  const requests: RecordedRequest[] = [];
  const tokenRequests: FakePartnerCenter['tokenRequests'] = [];
  const issued = { accessTokens: [] as string[], refreshTokens: [] as string[], continuationTokens: [] as string[] };
  const clientId = 'f1e2d3c4-0000-4000-a000-00000000c11d';
  refreshTokens.add(initialRefresh);
  let inFlight = 0;

  const fake: FakePartnerCenter = {
    url: '',
    authority: '',
    tenantId: 'partner-tenant.onmicrosoft.com',
    clientId,
    clientSecret,
    refreshToken: initialRefresh,
    data,
    invoices: [],
    requests,
    tokenRequests,
    issued,
    addFault: (fault) => faults.push({ fault, seen: 0, fired: 0 }),
    refuseRefresh: false,
    failTokenRequests: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const token = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

  async function tokenEndpoint(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await body(request));
    const grant = form.get('grant_type') ?? '';
    const fail = (status: number, error: string, description: string) => {
      tokenRequests.push({ grant, ok: false });
      json(response, status, { error, error_description: description });
    };
    if (fake.failTokenRequests > 0) {
      fake.failTokenRequests--;
      return fail(503, 'temporarily_unavailable', 'AADSTS90033: A transient error has occurred. Please try again.');
    }
    if (form.get('client_id') !== clientId) return fail(400, 'unauthorized_client', 'AADSTS700016: Application not found in the directory.');
    let refresh: string | undefined;
    if (grant === 'client_credentials') {
      if (form.get('client_secret') !== clientSecret) return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    } else if (grant === 'refresh_token') {
      if (fake.refuseRefresh || !refreshTokens.has(form.get('refresh_token') ?? '')) {
        return fail(400, 'invalid_grant', 'AADSTS700082: The refresh token has expired due to inactivity.');
      }
      refresh = token('rt-');
      refreshTokens.add(refresh);
      issued.refreshTokens.push(refresh);
    } else {
      return fail(400, 'unsupported_grant_type', `grant_type ${grant} is not supported`);
    }
    const access = token('at-');
    accessTokens.set(access, Date.now() + tokenTtlSeconds * 1000);
    issued.accessTokens.push(access);
    tokenRequests.push({ grant, ok: true });
    json(response, 200, { token_type: 'Bearer', expires_in: tokenTtlSeconds, access_token: access, ...(refresh ? { refresh_token: refresh } : {}) });
  }

  /** One page of `all` for a collection request, with a next link while more remain. */
  function collectionPage(key: string, all: readonly Json[], offset: number, size: number, nextUri: string, repeatToken?: string): Json {
    const items = all.slice(offset, offset + size);
    const page: Json = { totalCount: items.length, items, attributes: { objectType: 'Collection' } };
    if (offset + size < all.length) {
      let continuation = repeatToken;
      if (!continuation) {
        continuation = token('ct-');
        continuations.set(continuation, { key, offset: offset + size, size });
        issued.continuationTokens.push(continuation);
      }
      page.links = { next: { uri: nextUri, method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: continuation }] } };
    }
    return page;
  }

  /** The items and paging of a collection resource, or undefined for an unknown path. */
  function collection(path: string, query: Record<string, string>): { key: string; all: readonly Json[]; size: number; nextUri: string } | { status: number; description: string } | undefined {
    const size = Number(query.size) || defaultPageSize;
    if (path === '/v1/customers') return { key: path, all: data.customers, size, nextUri: `/customers?size=${size}&seekOperation=Next` };
    const sub = /^\/v1\/customers\/([^/]+)\/(subscriptions|subscribedskus)$/.exec(path);
    if (sub) {
      const id = decodeURIComponent(sub[1]!);
      if (!data.customers.some((c) => c.id === id)) return { status: 404, description: `customer ${id} not found` };
      const all = sub[2] === 'subscriptions' ? data.subscriptions[id] ?? [] : data.subscribedSkus[id] ?? [];
      return { key: path, all, size, nextUri: `/customers/${sub[1]}/${sub[2]}?seekOperation=Next` };
    }
    if (path === '/v1/auditrecords') {
      const start = query.startDate ?? '';
      if (start < addDays(today, -90)) return { status: 400, description: 'startDate must be within the last 90 days' };
      const end = query.endDate ?? '9999-12-31';
      const all = data.auditRecords.filter((r) => String(r.operationDate).slice(0, 10) >= start && String(r.operationDate).slice(0, 10) < end);
      return { key: `${path}?${start}&${end}`, all, size, nextUri: `/auditrecords?startDate=${start}&endDate=${end}&size=${size}&seekOperation=Next` };
    }
    if (path === '/v1/invoices') return { key: path, all: fake.invoices, size: Number(query.size) || defaultPageSize, nextUri: '/invoices?seekOperation=Next' };
    if (path === '/v1/invoices/unbilled/lineitems') {
      const period = query.period === 'previous' ? 'previous' : 'current';
      const currency = (query.currencycode ?? '').toUpperCase();
      const all = data.lineItems[period].filter((l) => l.billingCurrency === currency);
      return { key: `${path}?${period}&${currency}`, all, size, nextUri: `/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=usagelineitems&currencycode=${currency}&period=${period}&size=${size}&seekOperation=Next` };
    }
    return undefined;
  }

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const query = Object.fromEntries(url.searchParams);
    const path = url.pathname;
    const continuationToken = header(request, 'ms-continuationtoken');
    const bearer = /^Bearer (.+)$/.exec(header(request, 'authorization') ?? '')?.[1];
    const continued = continuationToken ? continuations.get(continuationToken) : undefined;
    const analytics = /^\/partner\/v1\/analytics\/commercial\/(usage|deployment)\/license$/.exec(path);
    const top = Math.min(Number(query.top) || maxTop, maxTop);
    const page = analytics ? Math.floor((Number(query.skip) || 0) / top) + 1 : continued ? Math.floor(continued.offset / continued.size) + 1 : 1;
    const record: RecordedRequest = {
      method: request.method ?? 'GET', path, query, page,
      requestId: header(request, 'ms-requestid'), correlationId: header(request, 'ms-correlationid'),
      authorized: bearer !== undefined, bearer, continuationToken, status: 0,
      arrivedAt: Date.now(), finishedAt: undefined, inFlightAtArrival: ++inFlight,
    };
    requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      record.finishedAt = Date.now();
      inFlight--;
      json(response, status, payload, headers);
    };
    if (latencyMs) await delay(latencyMs);

    const fault = fire(faults, { path, page, continued: continuationToken !== undefined });
    if (fault?.kind === 'hang') {
      record.status = 'hung';
      inFlight--;
      return;
    }
    if (fault?.kind === 'status') {
      const description = `${fault.description ?? `fault injected: ${fault.status}`}${fault.echoToken ? ` (token ${bearer ?? 'none'})` : ''}`;
      return send(fault.status, { code: fault.status, description }, fault.retryAfter ? { 'Retry-After': retryAfterHeader(fault.retryAfter) } : {});
    }
    if (fault?.kind === 'expire-token') {
      if (bearer) accessTokens.delete(bearer);
      if (fault.refuseRefresh) fake.refuseRefresh = true;
    }
    const expiry = bearer ? accessTokens.get(bearer) : undefined;
    if (!expiry || expiry < Date.now()) return send(401, { code: 401, description: 'Unauthorized: the access token is missing, invalid or expired' });
    if (fault?.kind === 'expire-continuation') return send(400, { code: 400, description: 'Continuation token is expired or invalid' });

    if (analytics) {
      const all = analytics[1] === 'usage' ? data.licenseUsage : data.licenseDeployment;
      const skip = Number(query.skip) || 0;
      const value = all.slice(skip, skip + top);
      // Microsoft's documentation writes value/totalCount, its samples Value/TotalCount: the fake serves one of each.
      return send(200, analytics[1] === 'usage' ? { Value: value, TotalCount: all.length } : { value, totalCount: all.length });
    }
    const found = collection(path, query);
    if (!found) return send(404, { code: 404, description: `no such resource ${path}` });
    if ('status' in found) return send(found.status, { code: found.status, description: found.description });
    if (continuationToken && (!continued || continued.key !== found.key)) {
      return send(400, { code: 400, description: 'Continuation token is expired or invalid' });
    }
    const offset = continued?.offset ?? 0;
    const size = continued?.size ?? found.size;
    send(200, collectionPage(found.key, found.all, offset, size, found.nextUri, fault?.kind === 'repeat-token' ? continuationToken ?? undefined : undefined));
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const handle = url.pathname.startsWith('/auth/') && url.pathname.endsWith('/oauth2/v2.0/token') && request.method === 'POST'
      ? tokenEndpoint(request, response)
      : api(request, response, url);
    handle.catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { code: 500, description: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.authority = `http://127.0.0.1:${port}/auth`;
  return fake;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}


