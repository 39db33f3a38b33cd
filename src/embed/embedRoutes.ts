import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import type { Config } from '../config/config.js';
import { AccessError, UsageError, httpStatusOf, oneLine } from '../errors.js';
import { createQueryCache, findModel, query, type QueryCache } from '../models/query.js';
import { listCustomers } from '../reports/warehouseFacts.js';
import { connectionPool, type ConnectionPool } from '../warehouse/connectionPool.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import { log } from '../util/log.js';
import { moduleAsset, namedAsset, type Asset } from './embedAssets.js';
import { embedLabels, embedPage, type EmbedBoot } from './embedPage.js';
import type { Locale } from '../locale/locales.js';
import { parseLocale } from '../locale/parseLocale.js';
import { embeddedReport, parseReportBody, resolveEmbedded, type EmbeddedReport, type EmbedFilters } from './embedReport.js';
import type { ResolvedReport } from '../reports/resolvedReport.js';
import { answerEmbedQuery, bearerJwt } from './embedQuery.js';
import { DRILL_REPORT } from './embedToken.js';
import { reportModels } from './reportModels.js';

// The embedded view as a Hono sub-app the service mounts: the page (`/embed/<report>?token=…`), its
// assets, and `POST /api/query` for requests carrying an embed token (API keys pass through to the next
// handler). Every answer is scoped by the token; every error is JSON with its status, never a stack.

export interface EmbedRoutesOptions {
  warehouse: Warehouse;
  config: Config;
  /** From `embedSecret(env)`: at least 32 bytes. */
  secret: Uint8Array;
  /** Origins allowed to frame the view (`https://portal.contoso.com`); none: it cannot be framed. */
  frameAncestors?: readonly string[];
  /**
   * Turn DuckDB's external access off (instance-wide, for good). Right for a process that only reads; a
   * service that also ingests files must leave it on (its model queries are still checked by sqlGuard).
   */
  lockExternalAccess?: boolean;
  /** How long answers to `/api/query` are kept (new data shows after at most this long). */
  cacheSeconds?: number;
}

function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  const origins = frameAncestors.filter((o) => /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(o));
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Plot writes a <style> element into each chart: styles may be inline, scripts never.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${origins.length ? origins.join(' ') : "'none'"}`,
  ].join('; ');
}

export function embedRoutes({ warehouse, config, secret, frameAncestors = [], lockExternalAccess = false, cacheSeconds = 10 }: EmbedRoutesOptions): Hono {
  const app = new Hono();
  const csp = contentSecurityPolicy(frameAncestors);
  let pool: ConnectionPool | undefined;
  const readers = (): ConnectionPool => {
    pool ??= connectionPool({
      ...warehouse,
      async connect() {
        const db = await warehouse.connect();
        if (lockExternalAccess) await db.run('SET enable_external_access = false');
        return db;
      },
    });
    return pool;
  };

  // Whole reports are kept as briefly as single answers (below): a viewer flipping a filter back and forth
  // is answered from memory. The key holds the fixed customer (the token's scope), so one customer's report
  // never serves another.
  let reportsKept = { made: 0, value: new Map<string, Promise<{ resolved: ResolvedReport; asOfDay: string }>>() };
  const reportFor = (embedded: EmbeddedReport, filters: EmbedFilters, locale: Locale) => {
    if (Date.now() - reportsKept.made > cacheSeconds * 1000 || reportsKept.value.size >= 200) reportsKept = { made: Date.now(), value: new Map() };
    const kept = reportsKept.value;
    const key = JSON.stringify([embedded.report.name, locale, embedded.fixed?.id ?? null, filters.from ?? null, filters.to ?? null, embedded.fixed ? '' : filters.customer, filters.product]);
    let answer = kept.get(key);
    if (!answer) {
      answer = resolveEmbedded(embedded, filters, { db: warehouse.db, pool: readers(), config }, locale);
      kept.set(key, answer);
      answer.catch(() => kept.delete(key));
    }
    return answer;
  };

  app.onError((error, c) => errorResponse(c, error));

  app.use('/embed/*', compress());

  app.use('/embed/*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  app.get('/embed/assets/:name', (c) => {
    const asset = namedAsset(c.req.param('name'));
    if (!asset) return c.json({ error: 'no such asset' }, 404);
    return sendAsset(c, asset);
  });

  app.get('/embed/lib/*', (c) => {
    const asset = moduleAsset(c.req.path.slice('/embed/lib/'.length));
    if (!asset) return c.json({ error: 'no such module' }, 404);
    return sendAsset(c, asset);
  });

  app.get('/embed/:report', async (c) => {
    const token = c.req.query('token');
    if (!token) throw new AccessError('embed token missing: open the page as /embed/<report>?token=…', { status: 401 });
    const db = warehouse.db;
    const embedded = await embeddedReport(db, { token, secret, name: c.req.param('report'), ...(c.req.query('customer') !== undefined ? { customer: c.req.query('customer')! } : {}) });
    if ('missing' in embedded) return c.json({ error: embedded.missing }, 404);
    // `&locale=fr-FR`: the page's language and formats; the configuration's locale when absent.
    const asked = c.req.query('locale');
    const locale = asked === undefined ? config.locale : parseLocale(asked, 'locale');
    const { report, fixed } = embedded;
    const scope = fixed ? { customerIds: [fixed.id] } : undefined;
    const [{ resolved, asOfDay }, customers, products] = await Promise.all([
      reportFor(embedded, { customer: '', product: '' }, locale),
      fixed ? Promise.resolve([fixed]) : listCustomers(db),
      readers().use((conn) => query(conn, { model: 'subscriptions', measures: ['subscriptions'], by: ['product'], ...(scope ? { scope } : {}) }, { config })),
    ]);
    const modelDimensions: Record<string, string[]> = {};
    for (const model of reportModels(report)) modelDimensions[model] = Object.keys(findModel(model).dimensions);
    const boot: EmbedBoot = {
      report: { name: report.name, scope: report.scope, periodDays: report.periodDays, pages: report.pages },
      locale: resolved.locale,
      labels: embedLabels(resolved.locale),
      resolved,
      asOfDay,
      customers,
      ...(fixed ? { fixedCustomer: fixed } : {}),
      products: products.rows.map((r) => String(r.product ?? '')).filter(Boolean).sort((a, b) => a.localeCompare(b)),
      modelDimensions,
      ...(report.name !== DRILL_REPORT ? { drillReport: DRILL_REPORT } : {}),
    };
    c.header('Cache-Control', 'no-store');
    return c.html(embedPage(boot));
  });

  // Answers are kept a few seconds: a page's filters ask the same queries again as a viewer goes back and
  // forth, and which pre-aggregations are current is asked once per cache, not once per query. The token's
  // scope is part of each request, so of each key: one customer's answer never serves another.
  let cache = { made: 0, value: createQueryCache({ maxRows: 20_000 }) };
  const answers = (): QueryCache => {
    if (Date.now() - cache.made > cacheSeconds * 1000) cache = { made: Date.now(), value: createQueryCache({ maxRows: 20_000 }) };
    return cache.value;
  };

  // A filter change: the whole report for the new filters in one answer, with the same token checks as
  // the page and its scope applied to every query by the model compiler.
  // Filters are a few short strings: a large body is refused before it is read.
  app.post('/embed/api/report', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'request body over 16384 bytes' }, 413) }), async (c) => {
    const token = bearerJwt(c.req.header('Authorization'));
    if (!token) throw new AccessError('embed token missing: send it as Authorization: Bearer <token>', { status: 401 });
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new UsageError('invalid report request: the body is not JSON');
    }
    const { report, filters, locale = config.locale } = parseReportBody(body);
    const embedded = await embeddedReport(warehouse.db, { token, secret, name: report, customer: filters.customer });
    if ('missing' in embedded) return c.json({ error: embedded.missing }, 404);
    const { resolved } = await reportFor(embedded, filters, locale);
    c.header('Cache-Control', 'no-store');
    return c.json(resolved);
  });

  app.post('/api/query', async (c, next) => {
    const token = bearerJwt(c.req.header('Authorization'));
    if (!token) return next();
    return answerEmbedQuery(c, { token, secret, db: warehouse.db, pool: readers(), config, cache: answers() });
  });

  return app;
}

/** The asset gzipped ahead of time when the browser takes gzip (the compress middleware leaves it be). */
function sendAsset(c: Context, asset: Asset): Response {
  const headers: Record<string, string> = { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600', Vary: 'Accept-Encoding' };
  if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) return c.body(new Uint8Array(asset.gzip), 200, { ...headers, 'Content-Encoding': 'gzip' });
  return c.body(new Uint8Array(asset.body), 200, headers);
}

function errorResponse(c: Context, error: unknown): Response {
  const status = httpStatusOf(error);
  if (status >= 500) {
    log.error('embed request failed', { path: c.req.path, error: oneLine(error) });
    return c.json({ error: 'internal error' }, 500);
  }
  return c.json({ error: oneLine(error) }, status as 400 | 401 | 403 | 409 | 502);
}
