import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { connectionPool } from '../../warehouse/connectionPool.js';
import { log } from '../../util/log.js';
import type { ServiceRuntime } from '../runtime.js';
import type { HttpEnv } from './apiKeyAuth.js';
import { errorResponse } from './httpErrors.js';
import { embedTokenRoutes } from './embedTokenRoutes.js';
import { healthRoutes } from './healthRoutes.js';
import { queryRoutes } from './queryRoutes.js';
import { runRoutes } from './runRoutes.js';

export interface HttpAppOptions {
  /** Largest request body accepted (bytes); larger gets 413. */
  maxBodyBytes?: number;
  /** Connections the API's reads share; a job writes on the warehouse's main one meanwhile. */
  queryConnections?: number;
  /**
   * Mounts what answers before the API-key routes: embedded analytics' middleware for `POST /api/query`
   * with an embed token (a JWT) answers those itself and calls `next()` for everything else.
   */
  before?: (app: Hono<HttpEnv>) => void;
}

export type HttpApp = Hono<HttpEnv> & { close(): Promise<void> };

/**
 * The service's HTTP API (SPEC §7). Reads run on a small pool of their own connections, so they are
 * answered while a job writes. `close()` hands the pool's connections back once their requests finish.
 *
 * Query connections are not locked down with `enable_external_access = false`: DuckDB allows that setting
 * only globally, and it would stop the same process's jobs from reading export files. Instead every query
 * is compiled from model definitions with bound values and its parse tree is checked before it runs
 * (src/models/compile/sqlGuard.ts): no file, extension or setting is reachable from a request.
 */
export function createHttpApp(runtime: ServiceRuntime, { maxBodyBytes = 64 * 1024, queryConnections = 2, before }: HttpAppOptions = {}): HttpApp {
  const pool = connectionPool(runtime.warehouse, queryConnections);
  const app = new Hono<HttpEnv>();
  app.onError(errorResponse);
  app.use(async function requestLog(c, next) {
    const started = performance.now();
    await next();
    // Method, path and status only: headers (keys) and bodies (filters, data) stay out of logs.
    log.info('http.request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
  });
  app.notFound((c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  app.use('/api/*', bodyLimit({ maxSize: maxBodyBytes, onError: (c) => c.json({ error: `request body over ${maxBodyBytes} bytes` }, 413) }));
  before?.(app);
  healthRoutes(app, { runtime, pool });
  runRoutes(app, { runtime, pool });
  queryRoutes(app, { runtime, pool });
  embedTokenRoutes(app, { runtime, pool });
  return Object.assign(app, { close: () => pool.close() });
}
