import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { configSchema } from '../../src/config/config.js';
import type { EmbedAnswers } from '../../src/embed/embedAnswers.js';
import { embedApp } from '../../src/embed/embedRoutes.js';
import { issueEmbedToken } from '../../src/embed/embedToken.js';
import { listCustomers, type CustomerRef } from '../../src/reports/warehouseFacts.js';
import type { Warehouse } from '../../src/warehouse/openWarehouse.js';
import { demoWarehouse } from '../demoSupport.js';

// A real embed service for tests: a demo partner in a temp DuckDB file, an admin, and `embedRoutes` served
// by @hono/node-server on 127.0.0.1 (a fallback handler stands for the API-key route a JWT never reaches).

export const secret = new TextEncoder().encode('test-embed-secret-0123456789-abcdefghijkl');
export const admin = 'admin@partner.example';
export const frameOrigin = 'http://127.0.0.1:1';

export interface EmbedServer {
  url: string;
  warehouse: Warehouse;
  customers: CustomerRef[];
  /** The view's kept answers (to warm them as the service does). */
  answers: EmbedAnswers;
  token(options: { report: string; customer?: string; ttlSeconds?: number; now?: Date; issuer?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function addUser(warehouse: Warehouse, upn: string, role?: string): Promise<void> {
  await warehouse.db.run('INSERT INTO users (upn, created_at) VALUES (?, now()::TIMESTAMP) ON CONFLICT DO NOTHING', [upn]);
  if (role) await warehouse.db.run('INSERT INTO user_roles (upn, role, granted_at) VALUES (?, ?, now()::TIMESTAMP) ON CONFLICT DO NOTHING', [upn, role]);
}

export async function startEmbedServer({ customers = 4, asOf = '2026-10-15', rename, frameAncestors = [frameOrigin] }: { customers?: number; asOf?: string; rename?: Record<number, string>; frameAncestors?: string[] } = {}): Promise<EmbedServer> {
  const demo = await demoWarehouse({ seed: 7, customers, months: 13, asOf });
  const { warehouse } = demo;
  const before = await listCustomers(warehouse.db);
  for (const [index, name] of Object.entries(rename ?? {})) {
    await warehouse.db.run('UPDATE customers SET name = ? WHERE customer_id = ?', [name, before[Number(index)]!.id]);
  }
  await addUser(warehouse, admin, 'mpn-partner-admin');
  const app = new Hono();
  const embeds = embedApp({ warehouse, config: configSchema.parse({}), secret, frameAncestors });
  app.route('/', embeds.app);
  app.post('/api/query', (c) => c.json({ error: 'not an embed token: API keys are answered elsewhere' }, 401));
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    warehouse,
    answers: embeds.answers,
    customers: await listCustomers(warehouse.db),
    async token({ report, customer, ttlSeconds = 600, now, issuer = admin }) {
      return (await issueEmbedToken({ secret, issuer, report, ...(customer !== undefined ? { customer } : {}), ttlSeconds, db: warehouse.db, ...(now ? { now } : {}) })).token;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      // A warm-up started by new data (see embedAnswers) must end before the warehouse closes.
      await embeds.close();
      await demo.cleanup();
    },
  };
}
