import { Hono } from 'hono';
import { embedApp } from '../embed/embedRoutes.js';
import { createHttpApp } from './http/createHttpApp.js';
import { httpStatusOf, oneLine } from '../errors.js';
import { log, redact } from '../util/log.js';
import type { CliRunner } from './cliRunner.js';
import { cliEndpoint } from './cliEndpoint.js';
import { warehouseLender } from './lender.js';
import type { RunCoordinator } from './coordinator.js';
import type { ServiceRuntime } from './runtime.js';

export interface RouteOptions {
  runtime: ServiceRuntime;
  coordinator: RunCoordinator;
  credential: string;
  cli?: CliRunner;
  /** Called when a forwarded command that wrote to the warehouse ends. */
  afterWrite?: () => void;
}

/**
 * Every HTTP route the service answers, mounted in this one place: the CLI forwarding endpoint, and the
 * public API (`createHttpApp(runtime)` from src/service/http, embeds from src/embed) when they are wired.
 */
export function buildRoutes({ runtime, coordinator, credential, cli, afterWrite }: RouteOptions): { app: Hono; close(): Promise<void>; warmEmbeds(): Promise<void> } {
  const app = new Hono();
  // startService has refused to start without a secret of 32 bytes or more.
  const embeds = embedApp({ warehouse: runtime.warehouse, config: runtime.config, secret: new TextEncoder().encode(runtime.secrets.embedSecret ?? ''), frameAncestors: runtime.config.embed.frameAncestors });
  app.route('/internal', cliEndpoint({ credential, runner: cli, lender: warehouseLender(runtime.warehouse, coordinator, afterWrite) }));
  // The public API: /healthz, /api/runs, /api/query (embedded analytics mounts through its `before` hook).
  const api = createHttpApp(runtime, {
    before: (inner) => void inner.route('/', embeds.app),
  });
  app.route('/', api);
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.onError((error, c) => {
    const status = httpStatusOf(error);
    if (status >= 500) log.error('http.error', { path: new URL(c.req.url).pathname, cause: oneLine(error) });
    return c.json({ error: status >= 500 ? 'internal error: see the service log' : redact(oneLine(error)) }, status as 400);
  });
  // What the mounted apps hold (the API's read connections) is released here, before the warehouse closes.
  return { app, close: async () => void (await Promise.all([embeds.close(), api.close()])), warmEmbeds: () => embeds.answers.warm() };
}
