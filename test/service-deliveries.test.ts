import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync } from './helpers/asyncCli.js';
import { cli } from './helpers/children.js';
import { startSmtpCapture, type SmtpCapture } from './helpers/smtpCapture.js';
import { tempDir } from './helpers/tempWarehouse.js';

// A real `partnerlens serve` child (built dist/) on a tiny demo warehouse fires a delivery on its own
// schedule (a 6-field cron with seconds, once a year, a few seconds ahead) over a real SMTP server on
// 127.0.0.1: added through the forwarded CLI while it runs, sent to the admin only, not again by a
// `deliver` beside it; a firing missed while the service was down is sent once at the next start, and a
// further restart sends nothing.

const { dir, cleanup } = tempDir('pl-serve-deliveries-');
const db = join(dir, 'w.duckdb');
const env = { PARTNERLENS_EMBED_SECRET: 's'.repeat(40), PARTNERLENS_DB: undefined, PARTNERLENS_CONFIG: undefined, PARTNERLENS_SMTP_PASSWORD: undefined };
const pl = (args: string[]) => cliAsync(['--db', db, ...args], { cwd: dir, env });

let smtp: SmtpCapture;

/** A cron (seconds first) firing once, `ms` from now, in UTC; and that instant. */
function onceIn(ms: number): { cron: string; at: Date } {
  const at = new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);
  return { cron: `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} ${at.getUTCMonth() + 1} *`, at };
}

async function until(what: string, check: () => boolean, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Service { child: ChildProcess; log: () => string; stop(): Promise<number | null> }
async function serve(): Promise<Service> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--db', db], { cwd: dir, env: { ...process.env, ...env, PARTNERLENS_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), out.includes('listening on') && resolve()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  return {
    child,
    log: () => err,
    stop: () => new Promise((resolve) => (child.once('exit', (code) => resolve(code)), child.kill('SIGTERM'))),
  };
}

/** The service's `delivery.fired` log lines: which recipient got what, per delivery. */
function fired(log: string): { delivery: string; recipients: string[] }[] {
  return log.split('\n').filter((l) => l.includes('"delivery.fired"')).map((l) => JSON.parse(l) as { delivery: string; recipients: string[] });
}

let running: Service | undefined;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  const off = { enabled: false };
  writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({
    smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'reports@partner.example', timeoutMs: 5000 },
    delivery: { attempts: 1, retryDelayMs: 0 },
    // No job schedules: this file is about deliveries.
    schedules: { customers: off, subscriptions: off, licenses: off, 'workload-usage': off, 'azure-usage': off, 'activity-log': off },
  }));
  const demo = await pl(['demo', '--customers', '3', '--months', '2', '--out', 'out']);
  expect(demo.code, demo.stderr).toBe(0);
  for (const args of [
    ['users', 'add', 'admin@contoso.com', '--role', 'mpn-partner-admin', '--bootstrap', '--name', 'Ada Admin'],
    ['users', 'add', 'op@contoso.com', '--role', 'operator', '--as', 'admin@contoso.com'],
  ]) expect((await pl(args)).code).toBe(0);
}, 180_000);

afterAll(async () => {
  if (running?.child.exitCode === null) running.child.kill('SIGKILL');
  await smtp?.close();
  cleanup();
});

const add = (id: string, cron: string) => pl(['deliveries', 'add', id, '--report', 'executive-summary', '--format', 'html', '--to', 'admin@contoso.com,op@contoso.com', '--schedule', cron, '--tz', 'UTC', '--as', 'admin@contoso.com']);

describe('deliveries fired by `partnerlens serve` (real child, real SMTP)', () => {
  it('a delivery added through the running service fires on its schedule, to the admin only; `deliver` beside it sends nothing more', async () => {
    running = await serve();
    const first = onceIn(10_000);
    const added = await add('soon', first.cron);
    expect(added.code, added.stderr).toBe(0);
    expect(Date.now()).toBeLessThan(first.at.getTime());
    expect(smtp.mails).toHaveLength(0);

    // A firing from before the delivery existed (1 January) is owed to nobody: picked up, not sent.
    const old = await add('new-year', '0 0 0 1 1 *');
    expect(old.code, old.stderr).toBe(0);
    await until('the pass that saw it', () => running!.log().includes('"delivery.not_owed","delivery":"new-year"'));

    await until('the scheduled send', () => smtp.mails.length >= 1);
    const sentAt = Date.now();
    expect(sentAt).toBeGreaterThanOrEqual(first.at.getTime());
    expect(smtp.mails[0]!.to).toEqual(['admin@contoso.com']);
    expect(smtp.mails[0]!.mail.subject).toMatch(/executive/i);
    expect(smtp.mails[0]!.mail.attachments.map((a) => a.filename)).toEqual(['executive-summary.html']);

    const again = await pl(['deliver', 'soon', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const outcomes = Object.fromEntries((JSON.parse(again.stdout) as { period: string; recipients: { upn: string; outcome: string }[] }[])[0]!.recipients.map((r) => [r.upn, r.outcome]));
    expect(outcomes).toEqual({ 'admin@contoso.com': 'already-sent', 'op@contoso.com': 'refused' });
    expect((JSON.parse(again.stdout) as { period: string }[])[0]!.period).toBe(first.at.toISOString());
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.mails).toHaveLength(1);
    expect(await running.stop()).toBe(0);
  }, 120_000);

  it('a firing missed while the service was down is sent once at the next start; a further restart sends nothing', async () => {
    // Added without the service (the CLI opens the warehouse itself), firing while nothing runs.
    const missed = onceIn(5_000);
    const added = await add('missed', missed.cron);
    expect(added.code, added.stderr).toBe(0);
    await until('the missed firing to pass', () => Date.now() > missed.at.getTime() + 500);
    expect(smtp.mails).toHaveLength(1);

    running = await serve();
    await until('the catch-up send', () => smtp.mails.length >= 2);
    expect(smtp.mails[1]!.to).toEqual(['admin@contoso.com']);
    await until('the start pass over both deliveries', () => fired(running!.log()).length >= 2);
    expect(Object.fromEntries(fired(running.log()).map((f) => [f.delivery, [...f.recipients].sort()]))).toEqual({
      missed: ['admin@contoso.com: sent', 'op@contoso.com: refused'],
      soon: ['admin@contoso.com: already-sent', 'op@contoso.com: refused'],
    });
    expect(await running.stop()).toBe(0);

    running = await serve();
    await until('the start pass over both deliveries', () => fired(running!.log()).length >= 2);
    expect(fired(running.log()).flatMap((f) => f.recipients).filter((r) => r.endsWith(': sent'))).toEqual([]);
    expect(smtp.mails).toHaveLength(2);
    expect(await running.stop()).toBe(0);
  }, 120_000);
});
