import { Hono, type Context } from 'hono';
import { reports } from '../../reports/index.js';
import type { Config } from '../config/config.js';
import { AccessError, UsageError, httpStatusOf, oneLine } from '../errors.js';
import { createQueryCache, findModel, query, type QueryCache } from '../models/query.js';
import { modelQueryRunner } from '../reports/modelQueryRunner.js';
import { memoise } from '../reports/renderReports.js';
import { resolveReport } from '../reports/resolveReport.js';
import { findCustomer, listCustomers, readFreshness, type CustomerRef } from '../reports/warehouseFacts.js';
import { connectionPool, type ConnectionPool } from '../warehouse/connectionPool.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import { log } from '../util/log.js';
import { moduleAsset, namedAsset } from './embedAssets.js';
import { embedPage, type EmbedBoot } from './embedPage.js';
import { answerEmbedQuery, bearerJwt } from './embedQuery.js';
import { DRILL_REPORT, verifyEmbedToken } from './embedToken.js';
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

  app.onError((error, c) => errorResponse(c, error));

  app.use('/embed/*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  app.get('/embed/assets/:name', (c) => {
    const asset = namedAsset(c.req.param('name'));
    if (!asset) return c.json({ error: 'no such asset' }, 404);
    return c.body(new Uint8Array(asset.body), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600' });
  });

  app.get('/embed/lib/*', (c) => {
    const asset = moduleAsset(c.req.path.slice('/embed/lib/'.length));
    if (!asset) return c.json({ error: 'no such module' }, 404);
    return c.body(new Uint8Array(asset.body), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600' });
  });

  app.get('/embed/:report', async (c) => {
    const name = c.req.param('report');
    const token = c.req.query('token');
    if (!token) throw new AccessError('embed token missing: open the page as /embed/<report>?token=…', { status: 401 });
    const report = reports.find((r) => r.name === name);
    if (!report) return c.json({ error: `unknown report "${name}"` }, 404);
    const db = warehouse.db;
    const claims = await verifyEmbedToken(token, { secret, db, report: report.name });
    const asked = c.req.query('customer');
    if (claims.customer !== undefined && asked !== undefined && asked !== claims.customer) throw new AccessError('this embed token is limited to one customer', { status: 403 });
    const customerId = claims.customer ?? (report.scope === 'customer' ? asked : undefined);
    if (report.scope === 'customer' && customerId === undefined) throw new UsageError(`${report.name} is about one customer: open it with ?customer=<tenant id>`);
    let fixed: CustomerRef | undefined;
    if (customerId !== undefined) {
      fixed = await findCustomer(db, customerId);
      if (!fixed) return c.json({ error: 'unknown customer' }, 404);
    }
    const freshness = await readFreshness(db);
    const scope = fixed ? { customerIds: [fixed.id] } : undefined;
    const runner = modelQueryRunner(readers(), config);
    const run = memoise((request) => runner(scope ? { ...request, scope } : request));
    const [resolved, customers, products] = await Promise.all([
      resolveReport(report, { run, asOfDay: freshness.asOfDay, customer: fixed, freshness: freshness.entries, runId: freshness.runId }),
      fixed ? Promise.resolve([fixed]) : listCustomers(db),
      readers().use((conn) => query(conn, { model: 'subscriptions', measures: ['subscriptions'], by: ['product'], ...(scope ? { scope } : {}) }, { config })),
    ]);
    const modelDimensions: Record<string, string[]> = {};
    for (const model of reportModels(report)) modelDimensions[model] = Object.keys(findModel(model).dimensions);
    const boot: EmbedBoot = {
      report: { name: report.name, title: report.title, scope: report.scope, periodDays: report.periodDays, pages: report.pages },
      resolved,
      asOfDay: freshness.asOfDay,
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

  app.post('/api/query', async (c, next) => {
    const token = bearerJwt(c.req.header('Authorization'));
    if (!token) return next();
    return answerEmbedQuery(c, { token, secret, db: warehouse.db, pool: readers(), config, cache: answers() });
  });

  return app;
}

function errorResponse(c: Context, error: unknown): Response {
  const status = httpStatusOf(error);
  if (status >= 500) {
    log.error('embed request failed', { path: c.req.path, error: oneLine(error) });
    return c.json({ error: 'internal error' }, 500);
  }
  return c.json({ error: oneLine(error) }, status as 400 | 401 | 403 | 409 | 502);
}
