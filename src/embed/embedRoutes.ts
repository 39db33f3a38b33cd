import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import type { Config } from '../config/config.js';
import { AccessError, UsageError, httpStatusOf, oneLine } from '../errors.js';
import { createQueryCache, findModel, type QueryCache } from '../models/query.js';
import { connectionPool, type ConnectionPool } from '../warehouse/connectionPool.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import { log } from '../util/log.js';
import { clientModuleGraph, moduleAsset, namedAsset, versionedAssetUrl, type Asset } from './embedAssets.js';
import { firstScreen } from './firstScreen.js';
import type { Locale } from '../locale/locales.js';
import { parseLocale } from '../locale/parseLocale.js';
import type { ResolvedReport } from '../reports/resolvedReport.js';
import { embedLabels, embedPage, type EmbedBoot, type PageAssets } from './embedPage.js';
import { embedAnswers, type EmbedAnswers, type MakePage } from './embedAnswers.js';
import { embeddedReport, parseReportBody } from './embedReport.js';
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
  /** Memory for kept answers, in bytes of their JSON (default `defaultAnswerBytes`). */
  maxAnswerBytes?: number;
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

export interface EmbedApp {
  app: Hono;
  /** The kept answers: `warm()` them when the service starts and after each load publishes. */
  answers: EmbedAnswers;
  /** Stops warming and closes the view's reader connections (before the warehouse closes). */
  close(): Promise<void>;
}

export function embedRoutes(options: EmbedRoutesOptions): Hono {
  return embedApp(options).app;
}

export function embedApp({ warehouse, config, secret, frameAncestors = [], lockExternalAccess = false, maxAnswerBytes }: EmbedRoutesOptions): EmbedApp {
  const app = new Hono();
  const csp = contentSecurityPolicy(frameAncestors);
  // Connections are opened on first use: a service nobody views opens none.
  const readers = {
    ...warehouse,
    async connect() {
      const db = await warehouse.connect();
      if (lockExternalAccess) await db.run('SET enable_external_access = false');
      return db;
    },
  };
  const pool: ConnectionPool = connectionPool(readers);
  const warmPool = connectionPool(readers, 1);
  // Small reads on every request (the data version, the token's checks), on a reader of their own: never
  // behind a report's queries, nor on the writer's connection, inside whatever transaction a load has open.
  const smallReads = connectionPool(readers, 1);
  const answers = embedAnswers({ pool, warmPool, versionPool: smallReads, config, makePage, ...(maxAnswerBytes !== undefined ? { maxBytes: maxAnswerBytes } : {}) });

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
    const embedded = await smallReads.use((db) => embeddedReport(db, { token, secret, name: c.req.param('report'), ...(c.req.query('customer') !== undefined ? { customer: c.req.query('customer')! } : {}) }));
    if ('missing' in embedded) return c.json({ error: embedded.missing }, 404);
    // `&locale=fr-FR`: the page's language and formats; the configuration's locale when absent.
    const asked = c.req.query('locale');
    const locale = asked === undefined ? config.locale : parseLocale(asked, 'locale');
    // Nothing of the token is in the page (its script reads the token from the URL): one page per report,
    // customer, locale and data version serves every viewer it allows.
    const page = await answers.page(embedded, locale);
    c.header('Cache-Control', 'no-store');
    return sendText(c, page.html, page.gzip, 'text/html; charset=UTF-8');
  });

  // Single answers to `/api/query`, kept while the data version holds (at most 500 of at most 20,000 rows
  // each); which pre-aggregations are current is asked once per version. The token's scope is part of each
  // request, so of each key: one customer's answer never serves another.
  let kept = { version: '', value: createQueryCache({ maxRows: 20_000 }) };
  const queryCache = async (): Promise<QueryCache> => {
    const { id } = await answers.version();
    if (id !== kept.version || kept.value.results.size >= 500) kept = { version: id, value: createQueryCache({ maxRows: 20_000 }) };
    return kept.value;
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
    const embedded = await smallReads.use((db) => embeddedReport(db, { token, secret, name: report, customer: filters.customer }));
    if ('missing' in embedded) return c.json({ error: embedded.missing }, 404);
    const { json, gzip } = await answers.report(embedded, filters, locale);
    c.header('Cache-Control', 'no-store');
    return sendText(c, json, gzip, 'application/json; charset=UTF-8');
  });

  app.post('/api/query', async (c, next) => {
    const token = bearerJwt(c.req.header('Authorization'));
    if (!token) return next();
    return answerEmbedQuery(c, { token, secret, checks: smallReads, pool, config, cache: await queryCache() });
  });

  return {
    app,
    answers,
    async close() {
      await answers.stop();
      await Promise.all([pool.close(), warmPool.close(), smallReads.close()]);
    },
  };
}

/** A kept answer, gzipped ahead of time when the browser takes gzip (the compress middleware leaves it be). */
function sendText(c: Context, text: string, gzip: Buffer, type: string): Response {
  c.header('Vary', 'Accept-Encoding');
  if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) return c.body(new Uint8Array(gzip), 200, { 'Content-Type': type, 'Content-Encoding': 'gzip' });
  return c.body(text, 200, { 'Content-Type': type });
}

/** The asset gzipped ahead of time when the browser takes gzip (the compress middleware leaves it be). */
function sendAsset(c: Context, asset: Asset): Response {
  // Asked by its content version (the page's links): that URL's body never changes.
  const cache = c.req.query('v') === asset.version ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
  const headers: Record<string, string> = { 'Content-Type': asset.type, 'Cache-Control': cache, Vary: 'Accept-Encoding' };
  if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) return c.body(new Uint8Array(asset.gzip), 200, { ...headers, 'Content-Encoding': 'gzip' });
  return c.body(new Uint8Array(asset.body), 200, headers);
}

const makePage: MakePage = ({ report, fixed }, answer, { customers, products }, locale) => {
  const modelDimensions: Record<string, string[]> = {};
  for (const model of reportModels(report)) modelDimensions[model] = Object.keys(findModel(model).dimensions);
  const boot: Omit<EmbedBoot, 'resolved'> = {
    report: { name: report.name, scope: report.scope, periodDays: report.periodDays, pages: report.pages },
    locale,
    labels: embedLabels(locale),
    asOfDay: answer.asOfDay,
    customers,
    ...(fixed ? { fixedCustomer: fixed } : {}),
    products,
    modelDimensions,
    ...(report.name !== DRILL_REPORT ? { drillReport: DRILL_REPORT } : {}),
  };
  return embedPage(boot, answer, pageAssets(), firstScreen(JSON.parse(answer.json) as ResolvedReport));
};

let assets: PageAssets | undefined;
function pageAssets(): PageAssets {
  assets ??= {
    css: versionedAssetUrl('embed.css'),
    d3: versionedAssetUrl('d3.min.js'),
    plot: versionedAssetUrl('plot.umd.min.js'),
    modules: clientModuleGraph().filter((m) => m !== 'embed/client/embedPage.js').map((m) => `/embed/lib/${m}`),
  };
  return assets;
}

function errorResponse(c: Context, error: unknown): Response {
  const status = httpStatusOf(error);
  if (status >= 500) {
    log.error('embed request failed', { path: c.req.path, error: oneLine(error) });
    return c.json({ error: 'internal error' }, 500);
  }
  return c.json({ error: oneLine(error) }, status as 400 | 401 | 403 | 409 | 502);
}
