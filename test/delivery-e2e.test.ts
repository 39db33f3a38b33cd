import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync } from './helpers/asyncCli.js';
import { cliIn } from './helpers/inProcessCli.js';
import { startSmtpCapture, type SmtpCapture } from './helpers/smtpCapture.js';
import { tempDir } from './helpers/tempWarehouse.js';

// The "Done when", driven through the built CLI against a small demo warehouse and a real SMTP
// server on 127.0.0.1: the pack goes to the admin only, the refusal is audited, a second deliver sends
// nothing, a crash after SMTP accepted gives at most one duplicate with the same Message-ID.

const { dir, cleanup } = tempDir('pl-delivery-');
const db = join(dir, 'w.duckdb');
const canary = 'smtp-canary-Pa55w0rd-7f3e9c1d';
const env = { PARTNERLENS_SMTP_PASSWORD: canary };
const pl = (args: string[], extra: Record<string, string> = {}) => cliAsync(['--db', db, ...args], { cwd: dir, env: { ...env, ...extra } });
/** Set-up and read-back commands run in this process through the same runCli (faster on a busy machine); demo and deliver run the built CLI. */
const local = (args: string[]) => cliIn(dir, ['--db', db, ...args], env);

/** Recipients whose RCPT the server refuses: a number is how many times before accepting (transient 451), 'always' is 550. */
const refuse = new Map<string, number | 'always'>();
let smtp: SmtpCapture;
let port = 0;

beforeAll(async () => {
  smtp = await startSmtpCapture({
    auth: { user: 'mailer', password: canary },
    onRcptTo(address) {
      const rule = refuse.get(address);
      if (rule === 'always') return { code: 550, message: 'mailbox unavailable' };
      if (typeof rule === 'number' && rule > 0) {
        refuse.set(address, rule - 1);
        return { code: 451, message: 'try again later' };
      }
      return undefined;
    },
  });
  port = smtp.port;
  writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({
    smtp: { host: '127.0.0.1', port, tls: 'none', user: 'mailer', from: 'reports@partner.example', timeoutMs: 5000 },
    delivery: { attempts: 3, retryDelayMs: 20 },
  }));
  const demo = await pl(['demo', '--customers', '5', '--months', '3', '--out', 'out']);
  expect(demo.code, demo.stderr).toBe(0);
  for (const args of [
    ['users', 'add', 'admin@contoso.com', '--role', 'mpn-partner-admin', '--bootstrap', '--name', 'Ada Admin'],
    ['users', 'add', 'op@contoso.com', '--role', 'operator', '--as', 'admin@contoso.com'],
  ]) expect((await local(args)).code).toBe(0);
}, 300_000);

afterAll(async () => {
  await smtp?.close();
  cleanup();
});

interface AuditRow { actor: string; action: string; subject: string | null; outcome: string; detail: string | null }
const auditLog = async () => JSON.parse((await local(['audit', '--json', '--limit', '1000'])).stdout) as AuditRow[];

describe('deliveries end to end (built CLI, real SMTP)', () => {
  it('adding a delivery needs an admin; a bad cron or zone is an error naming it', async () => {
    const common = ['--report', 'executive-summary', '--to', 'admin@contoso.com', '--schedule', '0 7 * * 1', '--tz', 'Europe/London'];
    const byOperator = await local(['deliveries', 'add', 'x', ...common, '--as', 'op@contoso.com']);
    expect(byOperator.code).toBe(3);
    expect(byOperator.stderr).toContain('needs the mpn-partner-admin role');
    const badCron = await local(['deliveries', 'add', 'x', ...common.slice(0, 4), '--schedule', '0 7 * * 9', '--tz', 'Europe/London', '--as', 'admin@contoso.com']);
    expect(badCron.code).toBe(2);
    expect(badCron.stderr).toMatch(/--schedule "0 7 \* \* 9": not a usable cron expression/);
    const badZone = await local(['deliveries', 'add', 'x', ...common.slice(0, 6), '--tz', 'Europe/Atlantis', '--as', 'admin@contoso.com']);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toMatch(/--tz "Europe\/Atlantis": not an IANA time zone/);
  });

  it('sends the pack to the admin only, over SMTP with one Subject, a Message-ID, KPI numbers equal to `query`, an XLSX that opens; a second deliver sends nothing', async () => {
    expect((await local(['deliveries', 'add', 'weekly', '--report', 'executive-summary', '--to', 'admin@contoso.com,op@contoso.com,ghost@contoso.com', '--schedule', '0 7 * * 1', '--tz', 'Europe/London', '--as', 'admin@contoso.com'])).code).toBe(0);
    const dry = await pl(['deliver', 'weekly', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const planned = (JSON.parse(dry.stdout) as { recipients: { upn: string; outcome: string; reason: string | null }[] }[])[0]!.recipients;
    expect(Object.fromEntries(planned.map((r) => [r.upn, [r.outcome, r.reason]]))).toEqual({
      'admin@contoso.com': ['would-send', null],
      'op@contoso.com': ['refused', 'does not hold mpn-partner-admin'],
      'ghost@contoso.com': ['refused', 'unknown user'],
    });
    expect(smtp.mails).toHaveLength(0);

    const sent = await pl(['deliver', 'weekly', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail!.to).toEqual(['admin@contoso.com']);
    expect(smtp.logins).toContain('mailer');
    expect(mail!.raw.match(/^Subject:/gim)).toHaveLength(1);
    expect(mail!.mail.messageId).toMatch(/^<delivery\.[0-9a-f]{40}@partner\.example>$/);
    // The period is the last Monday 07:00 in London at or before now.
    const period = (JSON.parse(sent.stdout) as { period: string }[])[0]!.period;
    const londonTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(period));
    expect(londonTime).toBe('Mon 07:00');
    expect(Date.now() - Date.parse(period)).toBeGreaterThanOrEqual(0);
    expect(Date.now() - Date.parse(period)).toBeLessThan(7 * 86_400_000);

    // KPI numbers in the HTML body equal what `partnerlens query` answers for the report's period.
    const html = String(mail!.mail.html);
    expect(html).not.toMatch(/<img|<script|src="http/i);
    const [from, to] = /(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(html)!.slice(1);
    const asked = await local(['query', 'customers', '--measures', 'customers', '--from', from!, '--to', to!, '--format', 'json']);
    const subs = await local(['query', 'subscriptions', '--measures', 'activeSubscriptions', '--from', from!, '--to', to!, '--format', 'json']);
    const kpi = (id: string) => new RegExp(`data-kpi="${id.replace('.', '\\.')}">([^<]+)<`).exec(html)?.[1];
    expect(Number(kpi('customers.customers')!.replace(/,/g, ''))).toBe((JSON.parse(asked.stdout) as { customers: number }[])[0]!.customers);
    expect(Number(kpi('subscriptions.activeSubscriptions')!.replace(/,/g, ''))).toBe((JSON.parse(subs.stdout) as { activeSubscriptions: number }[])[0]!.activeSubscriptions);
    expect(mail!.mail.text).toContain(`Customers: ${kpi('customers.customers')}`);

    const xlsx = mail!.mail.attachments.find((a) => a.filename?.endsWith('.xlsx'));
    expect(mail!.mail.attachments.map((a) => a.filename).sort()).toEqual(['executive-summary.html', 'executive-summary.xlsx']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx!.content as unknown as ArrayBuffer);
    expect(book.worksheets.length).toBeGreaterThan(0);

    const log = await auditLog();
    expect(log.filter((e) => e.action === 'delivery-skip').map((e) => [e.subject, e.outcome])).toEqual(
      expect.arrayContaining([['op@contoso.com', 'skipped'], ['ghost@contoso.com', 'skipped']]),
    );
    expect(log.find((e) => e.action === 'delivery-send')).toMatchObject({ subject: 'admin@contoso.com', outcome: 'ok' });

    const again = await pl(['deliver', 'weekly', '--json']);
    expect(again.code).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    expect((JSON.parse(again.stdout) as { recipients: { upn: string; outcome: string }[] }[])[0]!.recipients.find((r) => r.upn === 'admin@contoso.com')!.outcome).toBe('already-sent');
    for (const text of [sent.stdout, sent.stderr, again.stderr, JSON.stringify(log), mail!.raw]) expect(text).not.toContain(canary);
  }, 300_000);

  it('RELIABILITY 9: killed after SMTP accepted and before the ledger write, the re-run sends one duplicate with the same Message-ID, then nothing', async () => {
    expect((await local(['users', 'add', 'bea@contoso.com', '--role', 'mpn-partner-admin', '--as', 'admin@contoso.com'])).code).toBe(0);
    expect((await local(['deliveries', 'add', 'crash', '--report', 'executive-summary', '--to', 'bea@contoso.com', '--schedule', '0 6 * * *', '--tz', 'UTC', '--as', 'admin@contoso.com'])).code).toBe(0);
    const start = smtp.mails.length;
    const killed = await pl(['deliver', 'crash'], { FAULT_AT: 'delivery.after-send' });
    expect(killed.signal).toBe('SIGKILL');
    expect(smtp.mails.length).toBe(start + 1);
    const rerun = await pl(['deliver', 'crash']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const third = await pl(['deliver', 'crash']);
    expect(third.code).toBe(0);
    const mine = smtp.mails.slice(start);
    expect(mine).toHaveLength(2);
    expect(mine[0]!.mail.messageId).toBe(mine[1]!.mail.messageId);
  }, 300_000);

  it('RELIABILITY 25: a display name with CR/LF or U+2028 does not add a header or a recipient', async () => {
    expect((await local(['users', 'add', 'eve@contoso.com', '--role', 'mpn-partner-admin', '--name', 'Eve\r\nBcc: thief@evil.example\u2028X-Injected: 1', '--as', 'admin@contoso.com'])).code).toBe(0);
    expect((await local(['deliveries', 'add', 'inj', '--report', 'executive-summary', '--to', 'eve@contoso.com', '--schedule', '0 5 * * *', '--tz', 'UTC', '--as', 'admin@contoso.com'])).code).toBe(0);
    const start = smtp.mails.length;
    expect((await pl(['deliver', 'inj'])).code).toBe(0);
    const [mail] = smtp.mails.slice(start);
    expect(mail!.to).toEqual(['eve@contoso.com']);
    expect(mail!.raw).not.toMatch(/^(Bcc|X-Injected):/im);
    expect(mail!.mail.to && 'value' in mail!.mail.to ? mail!.mail.to.value.map((a) => a.address) : []).toEqual(['eve@contoso.com']);
    expect(mail!.raw.match(/^Subject:/gim)).toHaveLength(1);
  }, 300_000);

  it('transient 451 is retried and delivered; a permanent 550 is recorded, audited, told to operators, and exits 1', async () => {
    for (const upn of ['flaky@contoso.com', 'gone@contoso.com']) expect((await local(['users', 'add', upn, '--role', 'mpn-partner-admin', '--as', 'admin@contoso.com'])).code).toBe(0);
    expect((await local(['deliveries', 'add', 'retry', '--report', 'executive-summary', '--to', 'flaky@contoso.com,gone@contoso.com', '--schedule', '0 4 * * *', '--tz', 'UTC', '--as', 'admin@contoso.com'])).code).toBe(0);
    refuse.set('flaky@contoso.com', 2);
    refuse.set('gone@contoso.com', 'always');
    const start = smtp.mails.length;
    const run = await pl(['deliver', 'retry', '--json']);
    expect(run.code).toBe(1);
    const outcomes = Object.fromEntries((JSON.parse(run.stdout) as { recipients: { upn: string; outcome: string; reason: string | null }[] }[])[0]!.recipients.map((r) => [r.upn, r]));
    expect(outcomes['flaky@contoso.com']!.outcome).toBe('sent');
    expect(outcomes['gone@contoso.com']!.outcome).toBe('failed');
    expect(outcomes['gone@contoso.com']!.reason).toMatch(/550/);
    // The operator got a notice mail about the failure; the flaky admin got the pack.
    const arrived = smtp.mails.slice(start);
    expect(arrived.map((m) => m.to[0]).sort()).toEqual(['flaky@contoso.com', 'op@contoso.com']);
    const log = await auditLog();
    expect(log.find((e) => e.action === 'delivery-send' && e.subject === 'gone@contoso.com')).toMatchObject({ outcome: 'failed' });
    expect(log.some((e) => e.action === 'operator-notice' && e.subject === 'retry')).toBe(true);
    // The failed one was not recorded as sent: a later run tries it again.
    refuse.delete('gone@contoso.com');
    const later = await pl(['deliver', 'retry', '--json']);
    expect(later.code).toBe(0);
    expect(smtp.mails.slice(start + 2).map((m) => m.to[0])).toEqual(['gone@contoso.com']);
  }, 300_000);

  it('outbox: the pack lands in the admin\'s folder only, atomically, names sanitised', async () => {
    expect((await local(['deliveries', 'add', 'box', '--report', 'executive-summary', '--to', 'admin@contoso.com,op@contoso.com', '--schedule', '0 3 * * *', '--tz', 'UTC', '--channel', 'outbox', '--as', 'admin@contoso.com'])).code).toBe(0);
    const run = await pl(['deliver', 'box', '--outbox', 'box-out']);
    expect(run.code, run.stderr).toBe(0);
    const out = join(dir, 'box-out');
    const folders = readdirSync(out).filter((f) => !f.startsWith('packs-'));
    expect(folders).toEqual(['admin-contoso.com']);
    const files = readdirSync(join(out, 'admin-contoso.com'));
    expect(files.some((f) => f.endsWith('executive-summary.xlsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    for (const f of files) expect(f).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
    expect(existsSync(join(out, 'op-contoso.com'))).toBe(false);
    expect(readFileSync(join(out, 'admin-contoso.com', files.find((f) => f.endsWith('summary.txt'))!), 'utf8')).toContain('Customers:');
  }, 300_000);
});
