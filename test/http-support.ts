import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { configSchema, type Secrets } from '../src/config/config.js';
import { jobs } from '../jobs/index.js';
import { runJob, periodLabel, type RunOutcome } from '../src/jobs/runJob.js';
import { BusyError } from '../src/errors.js';
import { createApiKey } from '../src/access/apiKeys.js';
import { createHttpApp, type HttpApp } from '../src/service/http/createHttpApp.js';
import type { RunRequest, ServiceRuntime } from '../src/service/runtime.js';
import type { Source } from '../src/sources/source.js';
import { createDemoSource } from '../src/sources/demo/demoSource.js';
import { addDays } from '../src/util/dates.js';
import type { DemoSettings } from '../src/sources/demo/demoSettings.js';
import type { Database } from '../src/warehouse/database.js';
import { demoWarehouse } from './demoSupport.js';

// A real HTTP server on 127.0.0.1 in front of a real demo warehouse, with a small in-test ServiceRuntime
// whose startRun calls the real runJob (the service's own coordinator is built elsewhere).

export const adminUpn = 'admin@contoso.com';
export const operatorUpn = 'ops@contoso.com';

export interface TestService {
  url: string;
  app: HttpApp;
  db: Database;
  settings: DemoSettings;
  keys: { admin: string; operator: string; operatorByAdmin: string };
  /** Holds every run started through the API before its first batch until `release()`. */
  hold(): void;
  release(): void;
  /** The outcomes of the runs the API started, by run id. */
  outcomes: Map<number, Promise<RunOutcome>>;
  close(): Promise<void>;
}

export async function insertUser(db: Database, upn: string, roles: readonly string[]): Promise<void> {
  await db.run('INSERT INTO users (upn, created_at, created_by) VALUES (?, now()::TIMESTAMP, ?)', [upn, 'test']);
  for (const role of roles) await db.run('INSERT INTO user_roles (upn, role, granted_at, granted_by) VALUES (?, ?, now()::TIMESTAMP, ?)', [upn, role, 'test']);
}

export async function startTestService({ settings, secrets = {} }: { settings: DemoSettings; secrets?: Partial<Secrets> }): Promise<TestService> {
  const loaded = await demoWarehouse(settings);
  const { warehouse } = loaded;
  const config = configSchema.parse({ demo: { seed: settings.seed, customers: settings.customers, months: settings.months } });
  const allSecrets: Secrets = { clientSecret: undefined, refreshToken: undefined, embedSecret: undefined, operatorApiKey: undefined, smtpPassword: undefined, ...secrets } as Secrets;
  const demo = createDemoSource({ config, secrets: allSecrets });
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  const source: Source = {
    name: demo.name,
    async *batches(job, context) {
      await gate;
      yield* demo.batches(job, context);
    },
  };
  const watcher = await warehouse.connect();
  const running = new Map<string, number>();
  const outcomes = new Map<number, Promise<RunOutcome>>();

  const runtime: ServiceRuntime = {
    warehouse, config, secrets: allSecrets,
    async startRun(request: RunRequest) {
      const job = jobs.find((j) => j.name === request.job)!;
      const to = request.to ?? settings.asOf;
      const period = { from: request.from ?? addDays(to, -job.trailingDays), to };
      const key = `${job.name}|${periodLabel(period)}`;
      const existing = running.get(key);
      if (existing !== undefined) throw new BusyError(`${job.name} for ${periodLabel(period)} is already running as run ${existing}`, { runId: existing });
      const before = (await watcher.value<number | null>('SELECT max(id) FROM runs')) ?? 0;
      const outcome = runJob({ warehouse, config, job, source, period, trigger: request.trigger });
      let id: number | undefined;
      while (id === undefined) {
        id = (await watcher.one<{ id: number }>('SELECT id FROM runs WHERE job = ? AND id > ? ORDER BY id LIMIT 1', [job.name, before]))?.id;
        if (id === undefined) await new Promise((r) => setTimeout(r, 5));
      }
      running.set(key, id);
      outcomes.set(id, outcome);
      void outcome.finally(() => running.delete(key)).catch(() => undefined);
      return { id };
    },
    schedulerState: () => ({ state: 'running', jobs: [] }),
  };

  await insertUser(warehouse.db, adminUpn, ['mpn-partner-admin']);
  await insertUser(warehouse.db, operatorUpn, ['operator']);
  const keys = {
    admin: (await createApiKey(warehouse.db, { actor: adminUpn, role: 'mpn-partner-admin', name: 'notebook' })).key,
    operator: (await createApiKey(warehouse.db, { actor: operatorUpn, role: 'operator' })).key,
    operatorByAdmin: (await createApiKey(warehouse.db, { actor: adminUpn, role: 'operator', name: 'cron' })).key,
  };

  const app = createHttpApp(runtime, { maxBodyBytes: 16 * 1024 });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  // Longer than any pause between a test's requests: otherwise the client may reuse a socket the server is
  // closing (ECONNRESET), a race of keep-alive, not of the API.
  (server as unknown as { keepAliveTimeout: number }).keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app, db: warehouse.db, settings, keys, outcomes,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open();
    },
    async close() {
      open();
      await Promise.allSettled([...outcomes.values()]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      watcher.connection.closeSync();
      await loaded.cleanup();
    },
  };
}

/** A request as a client sends it; answers status, headers and body text. */
export async function call(url: string, { method = 'GET', key, body, headers = {} }: { method?: string; key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as any };
}
