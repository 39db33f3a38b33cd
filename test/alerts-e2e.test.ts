import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedReason, checkWebhookUrl } from '../src/alerts/ssrfGuard.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { cliIn } from './helpers/inProcessCli.js';
import { tempDir } from './helpers/tempWarehouse.js';

// An over-budget alert against a small demo warehouse, notifying a real webhook server on 127.0.0.1 (allowed
// explicitly in the configuration): it fires once per customer, stays quiet while the breach lasts, and
// sends one recovery notice when the budgets are raised. Then the SSRF guard with an empty allow-list.

const { dir, cleanup } = tempDir('pl-alerts-');
const db = join(dir, 'w.duckdb');
const hookToken = 'hook-canary-3b9f1e7d2c';
const hooks: { title?: string; text: string }[] = [];
let server: Server;
let hookUrl = '';
const cli = (...args: string[]) => cliIn(dir, ['--db', db, ...args], { PARTNERLENS_ALERT_HOOK: hookUrl });

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hooks.push(JSON.parse(body) as { title?: string; text: string });
      res.writeHead(200).end('1');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook/${hookToken}`;
  writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({
    webhooks: { allowPrivateHosts: ['127.0.0.1'] },
    alerts: [{
      id: 'over-budget', model: 'azure', measure: 'spendAgainstBudget', against: 'budgetAmount', by: ['customerId', 'currency'],
      period: 'month', snoozeHours: 24, channels: ['webhook', 'outbox'], webhook: { urlEnv: 'PARTNERLENS_ALERT_HOOK', format: 'teams' },
    }],
  }));
  // No admin yet while the demo loads: the check after the load notifies the webhook only (state is kept).
  const demo = await cli('demo', '--customers', '5', '--months', '3', '--as-of', '2026-11-30', '--out', 'out');
  expect(demo.code, demo.stderr).toBe(0);
  expect((await cli('users', 'add', 'admin@contoso.com', '--role', 'mpn-partner-admin', '--bootstrap')).code).toBe(0);
}, 180_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  cleanup();
});

/** The customers over budget this month, from `query` rows (spend > budget), independently of the alert code. */
async function overBudget(): Promise<string[]> {
  const newest = (JSON.parse((await cli('query', 'azure', '--measures', 'cost', '--by', 'date:day,currency', '--format', 'json')).stdout) as { date: string }[]).map((r) => r.date).sort().at(-1)!;
  const rows = JSON.parse((await cli('query', 'azure', '--measures', 'spendAgainstBudget,budgetAmount', '--by', 'customerId,currency', '--from', `${newest.slice(0, 7)}-01`, '--to', newest, '--format', 'json')).stdout) as { customerId: string; currency: string; spendAgainstBudget: number | null; budgetAmount: number | null }[];
  return rows.filter((r) => r.spendAgainstBudget !== null && r.budgetAmount !== null && r.spendAgainstBudget > r.budgetAmount).map((r) => `customerId=${r.customerId}, currency=${r.currency}`).sort();
}

describe('alerts', () => {
  it('fires once per customer over budget (after the load), stays quiet while the breach lasts, and sends one recovery notice', async () => {
    const expected = await overBudget();
    expect(expected.length).toBeGreaterThan(0);
    // The demo's load already checked: one notice per subject over budget.
    expect(hooks.map((h) => h.title).sort()).toEqual(expected.map((s) => `PartnerLens alert over-budget fired: ${s}`).sort());
    const fired = (await cli('audit', '--json', '--limit', '1000')).stdout;
    for (const s of expected) expect(fired).toContain(`over-budget: ${s}`);

    // Still over budget: quiet.
    const quiet = await cli('alerts', 'check', '--json');
    expect(quiet.code, quiet.stderr).toBe(0);
    expect((JSON.parse(quiet.stdout) as { event: string }[]).map((o) => o.event)).toEqual(expected.map(() => 'quiet'));
    expect(hooks).toHaveLength(expected.length);

    // The partner raises every budget: each breach clears, once.
    const w = await openWarehouse({ path: db });
    await w.db.run('UPDATE budgets SET monthly_amount = monthly_amount * 1000');
    await w.close();
    const cleared = await cli('alerts', 'check', '--json');
    expect((JSON.parse(cleared.stdout) as { event: string; subject: string }[]).map((o) => `${o.event} ${o.subject}`).sort()).toEqual(expected.map((s) => `cleared ${s}`));
    expect(hooks.slice(expected.length).map((h) => h.title).sort()).toEqual(expected.map((s) => `PartnerLens alert over-budget cleared: ${s}`).sort());
    const again = await cli('alerts', 'check', '--json');
    expect(JSON.parse(again.stdout)).toEqual([]);
    expect(hooks).toHaveLength(expected.length * 2);

    const audit = JSON.parse((await cli('audit', '--json', '--limit', '1000')).stdout) as { action: string; subject: string }[];
    expect(audit.filter((e) => e.action === 'alert-clear').map((e) => e.subject).sort()).toEqual(expected.map((s) => `over-budget: ${s}`));
    // RELIABILITY 27: the webhook URL (it carries the hook's token) appears in no output and no audit entry.
    for (const text of [quiet.stdout, quiet.stderr, cleared.stdout, cleared.stderr, JSON.stringify(audit)]) expect(text).not.toContain(hookToken);
  }, 180_000);

  it('RELIABILITY 26: with an empty allow-list, loopback, private, link-local, metadata, decimal/hex IPs and other schemes are refused', async () => {
    const refused = [
      'http://127.0.0.1/x', 'http://localhost/x', 'http://2130706433/x', 'http://0x7f000001/x', 'http://0177.0.0.1/x', 'http://10.1.2.3/x',
      'http://172.16.0.1/x', 'http://192.168.1.1/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[fd00::1]/x',
      'http://[fe80::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://0.0.0.0/x', 'file:///etc/passwd', 'ftp://example.com/x', 'gopher://example.com/',
    ];
    for (const url of refused) await expect(checkWebhookUrl(url, { allowPrivateHosts: [] }), url).rejects.toThrow(/refused/);
    // A public name resolving to a private address is refused too (DNS is answered here, not guessed).
    const fakeDns = async () => [{ address: '10.0.0.5', family: 4 }];
    await expect(checkWebhookUrl('https://hooks.example.com/x', { resolve: fakeDns as never })).rejects.toThrow(/resolves to a private address/);
    const publicDns = async () => [{ address: '52.96.1.1', family: 4 }];
    await expect(checkWebhookUrl('https://outlook.office.com/webhook/x', { resolve: publicDns as never })).resolves.toMatchObject({ address: '52.96.1.1' });
    expect(blockedReason('8.8.8.8')).toBeNull();
  });

  it('a redirect from the webhook is not followed, and the error does not carry the URL', async () => {
    const redirecting = createServer((_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', () => resolve()));
    const { postWebhook } = await import('../src/alerts/postWebhook.js');
    const url = `http://127.0.0.1:${(redirecting.address() as { port: number }).port}/hook/${hookToken}`;
    const error = await postWebhook(url, { text: 'x' }, { allowPrivateHosts: ['127.0.0.1'] }).catch((e: Error) => e);
    expect(String(error)).toMatch(/redirects are not followed/);
    expect(String(error)).not.toContain(hookToken);
    await new Promise<void>((resolve) => redirecting.close(() => resolve()));
  });
});
