import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import customers from '../jobs/customers.js';
import subscriptions from '../jobs/subscriptions.js';
import { configSchema, type Config, type Secrets } from '../src/config/config.js';
import { safeFileName } from '../src/render/safeFileName.js';
import { startService, type RunningService } from '../src/service/startService.js';
import { createSource } from '../src/sources/index.js';
import type { Source } from '../src/sources/source.js';
import { cliIn } from './helpers/inProcessCli.js';
import { startSmtpCapture, type SmtpCapture } from './helpers/smtpCapture.js';
import { tempDir } from './helpers/tempWarehouse.js';

// The service in-process on a small demo warehouse, with a real SMTP server on 127.0.0.1: a scheduled job
// whose first attempt fails tells the operator (not the admin) of the failure and of the recovery; the
// successful load is followed by the alert check, whose notice goes to the admin (not the operator).
// Without SMTP, a job given up reaches the operator's outbox folder.

const { dir, cleanup } = tempDir('pl-serve-alerts-');
const db = join(dir, 'w.duckdb');
const outbox = join(dir, 'outbox');
const secrets: Secrets = { clientSecret: undefined, refreshToken: undefined, embedSecret: 'e'.repeat(40), operatorApiKey: undefined, smtpPassword: undefined };
let smtp: SmtpCapture;
let port = 0;
let service: RunningService | undefined;

const off = { enabled: false };
function config(overrides: Record<string, unknown>): Config {
  return configSchema.parse({
    warehouse: { path: db },
    demo: { customers: 3, months: 2 },
    delivery: { attempts: 1, retryDelayMs: 0, outbox },
    schedules: { customers: off, subscriptions: off, licenses: off, 'workload-usage': off, 'azure-usage': off, 'activity-log': off },
    scheduler: { source: 'demo', maxAttempts: 3, retryBaseSeconds: 1, retryMaxSeconds: 1 },
    ...overrides,
  });
}

/** The demo source, except that the first `failures` pulls fail. */
function flaky(cfg: Config, failures: number): () => Source {
  let calls = 0;
  return () => {
    const real = createSource('demo', { config: cfg, secrets });
    if (calls++ >= failures) return real;
    return { name: 'demo', async *batches() { throw new Error('Partner Center answered 503 (test)'); } } as Source;
  };
}

async function until(what: string, check: () => boolean, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; mails so far: ${JSON.stringify(smtp.mails.map((r) => [r.to, r.mail.subject]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  smtp = await startSmtpCapture();
  port = smtp.port;
  // The demo load runs without alerts configured: the alert's first breach is the service's to find.
  const demo = await cliIn(dir, ['--db', db, 'demo', '--customers', '3', '--months', '2', '--out', 'out']);
  expect(demo.code, demo.stderr).toBe(0);
  for (const args of [
    ['users', 'add', 'admin@contoso.com', '--role', 'mpn-partner-admin', '--bootstrap'],
    ['users', 'add', 'op@contoso.com', '--role', 'operator', '--as', 'admin@contoso.com'],
  ]) expect((await cliIn(dir, ['--db', db, ...args])).code).toBe(0);
}, 180_000);

afterAll(async () => {
  await service?.stop();
  await smtp?.close();
  cleanup();
});

describe('operator notices and alerts from the service', () => {
  it('a failed then recovered scheduled job mails the operator; the load that succeeded checks the alerts, which mail the admin', async () => {
    const cfg = config({
      smtp: { host: '127.0.0.1', port, tls: 'none', from: 'reports@partner.example', timeoutMs: 5000 },
      schedules: { customers: { cron: '* * * * * *', timeZone: 'UTC' } },
      // Three demo customers have live subscriptions: more than one is a breach.
      alerts: [{ id: 'many-customers', model: 'customers', measure: 'customers', above: 1, channels: ['email'] }],
    });
    service = await startService({ config: cfg, secrets, port: 0, jobs: [customers], sourceFor: flaky(cfg, 1), outboxDir: outbox });
    const toOp = () => smtp.mails.filter((r) => r.to.includes('op@contoso.com'));
    const toAdmin = () => smtp.mails.filter((r) => r.to.includes('admin@contoso.com'));
    await until('the failure and recovery notices and the alert', () => toOp().length >= 2 && toAdmin().length >= 1);
    await service.scheduler.settled();

    const opSubjects = toOp().map((r) => r.mail.subject);
    expect(opSubjects[0]).toMatch(/^PartnerLens: job customers failed for \d{4}-\d{2}-\d{2} \(attempt 1\), will retry$/);
    expect(toOp()[0]!.mail.text).toContain('Partner Center answered 503 (test)');
    expect(opSubjects[1]).toMatch(/^PartnerLens: job customers recovered for \d{4}-\d{2}-\d{2} \(attempt 2\)$/);
    expect(toAdmin().map((r) => r.mail.subject)).toEqual(['PartnerLens alert many-customers fired: all']);
    expect(toAdmin()[0]!.mail.text).toMatch(/customers 3 is above 1/);
    // Each hears only their own: no notice to the admin, no alert to the operator.
    expect(smtp.mails.every((r) => r.to.length === 1)).toBe(true);
    expect(smtp.mails).toHaveLength(3);
    await service.stop();
    service = undefined;
  }, 120_000);

  it('without SMTP, a scheduled job given up reaches the operator through the outbox', async () => {
    const cfg = config({
      schedules: { subscriptions: { cron: '* * * * * *', timeZone: 'UTC' } },
      scheduler: { source: 'demo', maxAttempts: 1, retryBaseSeconds: 1, retryMaxSeconds: 1 },
    });
    const before = smtp.mails.length;
    service = await startService({ config: cfg, secrets, port: 0, jobs: [subscriptions], sourceFor: flaky(cfg, 99), outboxDir: outbox });
    // The outbox's folder per recipient, named as every outbox name is (sanitised).
    const folder = join(outbox, safeFileName('op@contoso.com'));
    const notices = () => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('summary.txt')) : []);
    await until('the give-up notice in the outbox', () => notices().length >= 1);
    const text = readFileSync(join(folder, notices()[0]!), 'utf8');
    expect(text).toMatch(/^job subscriptions gave up on \d{4}-\d{2}-\d{2} after 1 attempts\. Run \d+/);
    expect(text).toContain('Partner Center answered 503 (test)');
    expect(existsSync(join(outbox, safeFileName('admin@contoso.com')))).toBe(false);
    expect(smtp.mails.length).toBe(before);
    await service.stop();
    service = undefined;
  }, 120_000);
});
