import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/access/users.js';
import { configSchema, type Config } from '../src/config/config.js';
import { addDelivery, listDeliveries } from '../src/delivery/deliveries.js';
import { deliverDue } from '../src/delivery/deliverDue.js';
import type { Locale } from '../src/locale/locales.js';
import { demoWarehouse } from './demoSupport.js';
import { cliIn } from './helpers/inProcessCli.js';
import { printWorkbook } from './helpers/libreoffice.js';
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from './helpers/smtpCapture.js';
import { tempDir } from './helpers/tempWarehouse.js';
import { part, unzip } from './render-helpers.js';

// A delivery in fr-FR, through deliverDue as `deliver` and the scheduler call it, to a real SMTP server on
// 127.0.0.1: the mail (subject, body, numbers, days, the stale-data sentence) is French and the attached pack
// is the fr-FR pack. The French mail is checked against an English delivery of the same report and period:
// the same numbers, written the French way (worked out here from the English text, not copied from a run).

const secrets = { clientSecret: undefined, refreshToken: undefined, embedSecret: undefined, operatorApiKey: undefined, smtpPassword: undefined };
const fr = JSON.parse(readFileSync(new URL('../locales/fr-FR.json', import.meta.url), 'utf8')) as Record<string, string>;
const en = JSON.parse(readFileSync(new URL('../locales/en-US.json', import.meta.url), 'utf8')) as Record<string, string>;
let demo: Awaited<ReturnType<typeof demoWarehouse>>;
let smtp: SmtpCapture;
let config: Config;
const { dir, cleanup } = tempDir('pl-delivery-locale-');
const admin = 'admin@contoso.com';

beforeAll(async () => {
  smtp = await startSmtpCapture();
  config = configSchema.parse({ smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'reports@partner.example' }, delivery: { attempts: 1, retryDelayMs: 0 } });
  demo = await demoWarehouse({ seed: 5, customers: 4, months: 2, asOf: '2026-10-31' });
  await addUser(demo.warehouse.db, { upn: admin, role: 'mpn-partner-admin', bootstrap: true });
  const common = { report: 'executive-summary', customer: null, formats: ['html' as const, 'xlsx' as const], schedule: '0 7 * * *', timeZone: 'UTC', recipients: [admin], channel: 'email' as const, holdWhenStale: false };
  await addDelivery(demo.warehouse.db, admin, { ...common, id: 'english', maxAgeMinutes: null });
  // Delivered with a clock three days after the load (below): older than 36 hours, so the French stale sentence shows.
  await addDelivery(demo.warehouse.db, admin, { ...common, id: 'french', maxAgeMinutes: 36 * 60, locale: 'fr-FR' });
  await addDelivery(demo.warehouse.db, admin, { ...common, id: 'asked', maxAgeMinutes: null });
  await addDelivery(demo.warehouse.db, admin, { ...common, id: 'configured', maxAgeMinutes: null });
}, 180_000);

afterAll(async () => {
  await smtp?.close();
  await demo?.cleanup();
  cleanup();
});

async function deliver(id: string, { locale, withConfig = config, now = new Date() }: { locale?: Locale; withConfig?: Config; now?: Date } = {}): Promise<{ mail: CapturedMail; files: string[]; locale: Locale }> {
  const before = smtp.mails.length;
  const [result] = await deliverDue({ warehouse: demo.warehouse, config: withConfig, secrets, now, deliveryId: id, outboxDir: join(dir, 'outbox'), ...(locale ? { locale } : {}) });
  expect(result!.recipients).toEqual([expect.objectContaining({ upn: admin, outcome: 'sent' })]);
  expect(smtp.mails.length).toBe(before + 1);
  return { mail: smtp.mails.at(-1)!, files: result!.files, locale: result!.locale };
}

/** data-kpi id → the value text the mail's HTML shows. */
function kpis(mail: CapturedMail): Map<string, string> {
  return new Map([...String(mail.mail.html).matchAll(/data-kpi="([^"]+)">([^<]*)</g)].map((m) => [m[1]!, m[2]!]));
}

/** A number as written in English ("USD 1,234.50", "87.3%") or French ("1 234,50 $US", "87,3 %"). */
function readNumber(text: string, locale: Locale): number {
  const digits = locale === 'en-US' ? text.replace(/[^\d.-]/g, '') : text.replace(/[^\d,-]/g, '').replace(',', '.');
  return Number(digits) / (text.includes('%') ? 100 : 1);
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe('a delivery in fr-FR', () => {
  let english: Awaited<ReturnType<typeof deliver>>;
  let french: Awaited<ReturnType<typeof deliver>>;

  beforeAll(async () => {
    english = await deliver('english');
    french = await deliver('french', { now: new Date(Date.now() + 3 * 86_400_000) });
    if (process.env.PL_LOOK_DIR) writeFileSync(join(process.env.PL_LOOK_DIR, 'mail-fr.txt'), `${french.mail.mail.subject}\n\n${french.mail.mail.text}\n\n${String(french.mail.mail.html)}`);
  }, 120_000);

  it('keeps its locale; the configuration decides for a delivery without one', async () => {
    const stored = Object.fromEntries((await listDeliveries(demo.warehouse.db)).map((d) => [d.id, d.locale]));
    expect(stored).toEqual({ english: null, french: 'fr-FR', asked: null, configured: null });
    expect(english.locale).toBe('en-US');
    expect(french.locale).toBe('fr-FR');
  });

  it('mails a French subject and body: the period as French days, the stale-data sentence, no English sentence', () => {
    const [, from, to] = /: (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})$/.exec(english.mail.mail.subject ?? '') ?? [];
    expect(from, english.mail.mail.subject).toBeDefined();
    expect(english.mail.mail.subject).toBe(`${en['report.executive-summary.title']}: ${from} to ${to}`);
    expect(french.mail.mail.subject).toBe(`${fr['report.executive-summary.title']} : du ${dmy(from!)} au ${dmy(to!)} (données anciennes)`);
    const html = String(french.mail.mail.html);
    const text = french.mail.mail.text ?? '';
    expect(html).toContain('<html lang="fr-FR">');
    for (const part of [html, text]) {
      expect(part).toContain('Le rapport complet est en pièce jointe.');
      expect(part).toMatch(/données trop anciennes : plus de 36 h : .*\(chargé il y a \d+ j\)/);
    }
    expect(html).toContain('Envoyé par PartnerLens');
    expect(html).toContain('envoi du ');
    for (const english of ['The full pack', 'Sent by PartnerLens', 'delivery period', 'stale data', 'Warning', ' to 20']) {
      expect(html).not.toContain(english);
      expect(text).not.toContain(english);
    }
  });

  it('writes every KPI with the same value as the English mail, in French: 1 234,56 €-style money, 12,5 % rates', () => {
    const en = kpis(english.mail);
    const frKpis = kpis(french.mail);
    expect([...frKpis.keys()].sort()).toEqual([...en.keys()].sort());
    expect(en.size).toBeGreaterThan(3);
    let money = 0;
    for (const [id, text] of frKpis) {
      const english = en.get(id)!;
      if (english === '—') {
        expect(text, id).toBe('—');
        continue;
      }
      expect(readNumber(text, 'fr-FR'), `${id}: ${text} vs ${english}`).toBeCloseTo(readNumber(english, 'en-US'), 6);
      if (/^-?[A-Z]{3} /.test(english)) {
        money++;
        // Grouped by no-break spaces, a decimal comma, the symbol after a no-break space.
        expect(text, id).toMatch(/^-?\d{1,3}(\u00A0\d{3})*,\d{2}\u00A0(€|\$US|£GB)$/);
      }
      if (english.endsWith('%')) expect(text, id).toMatch(/^-?\d+(,\d)?\u00A0%$/);
      if (/^\d{1,3}(,\d{3})+$/.test(english)) expect(text, id).toMatch(/^\d{1,3}(\u00A0\d{3})+$/);
    }
    expect(money, 'money KPIs in the demo report').toBeGreaterThan(0);
  });

  it('attaches the fr-FR pack: French HTML, French sheets, and LibreOffice in French shows the mail\'s amounts', async () => {
    const names = french.mail.mail.attachments.map((a) => a.filename).sort();
    expect(names).toEqual(['executive-summary.html', 'executive-summary.xlsx']);
    const htmlPack = french.mail.mail.attachments.find((a) => a.filename?.endsWith('.html'))!.content.toString('utf8');
    expect(htmlPack).toContain('lang="fr-FR"');
    const xlsx = join(dir, 'attached-fr.xlsx');
    writeFileSync(xlsx, french.mail.mail.attachments.find((a) => a.filename?.endsWith('.xlsx'))!.content);
    const workbook = part(unzip(xlsx), 'xl/workbook.xml');
    expect(workbook).toContain(`name="${fr['ui.about.sheet']}"`);
    expect(workbook).not.toContain('name="About"');
    const printed = await printWorkbook(xlsx, 'fr-FR', join(process.env.PL_LOOK_DIR ?? dir, 'printed'), { png: true });
    const moneyShown = [...kpis(french.mail).values()].filter((v) => /[€$£]/.test(v)).map((v) => v.replace(/\u00A0/g, ' '));
    expect(moneyShown.length).toBeGreaterThan(0);
    for (const amount of moneyShown) expect(printed.text).toContain(amount);
  }, 120_000);

  it('deliver --locale and the configuration\'s locale turn a delivery without one to French', async () => {
    const asked = await deliver('asked', { locale: 'fr-FR' });
    expect(asked.locale).toBe('fr-FR');
    expect(asked.mail.mail.subject).toMatch(new RegExp(`^${fr['report.executive-summary.title']} : du \\d{2}/\\d{2}/\\d{4} au \\d{2}/\\d{2}/\\d{4}$`));
    const configured = await deliver('configured', { withConfig: { ...config, locale: 'fr-FR' } });
    expect(configured.locale).toBe('fr-FR');
    expect(String(configured.mail.mail.html)).toContain('<html lang="fr-FR">');
  }, 120_000);

  it('takes --locale on the command line (stored, listed, and for one run), and refuses an unknown one naming it', async () => {
    const db = join(dir, 'cli.duckdb');
    expect((await cliIn(dir, ['--db', db, 'users', 'add', admin, '--role', 'mpn-partner-admin', '--bootstrap'])).code).toBe(0);
    const common = ['--report', 'executive-summary', '--to', admin, '--schedule', '0 7 * * 1', '--tz', 'UTC', '--as', admin];
    expect((await cliIn(dir, ['--db', db, 'deliveries', 'add', 'weekly-fr', ...common, '--locale', 'fr-FR'])).code).toBe(0);
    expect((await cliIn(dir, ['--db', db, 'deliveries', 'add', 'weekly', ...common])).code).toBe(0);
    const listed = JSON.parse((await cliIn(dir, ['--db', db, 'deliveries', 'list', '--json'])).stdout) as { id: string; locale: string | null }[];
    expect(Object.fromEntries(listed.map((d) => [d.id, d.locale]))).toEqual({ 'weekly-fr': 'fr-FR', weekly: null });
    const planned = async (args: string[]) => (JSON.parse((await cliIn(dir, ['--db', db, 'deliver', 'all', '--dry-run', '--json', ...args])).stdout) as { delivery: string; locale: string }[]).map((r) => [r.delivery, r.locale]);
    expect(await planned([])).toEqual([['weekly', 'en-US'], ['weekly-fr', 'fr-FR']]);
    expect(await planned(['--locale', 'fr-FR'])).toEqual([['weekly', 'fr-FR'], ['weekly-fr', 'fr-FR']]);
    const add = await cliIn(dir, ['--db', db, 'deliveries', 'add', 'x', '--report', 'executive-summary', '--to', admin, '--schedule', '0 7 * * 1', '--tz', 'UTC', '--locale', 'de-DE', '--as', admin]);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('--locale: unknown locale "de-DE": expected en-US or fr-FR');
    const run = await cliIn(dir, ['--db', db, 'deliver', 'all', '--locale', 'fr']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown locale "fr"');
  });
});
