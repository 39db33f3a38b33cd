import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/access/users.js';
import { listAudit } from '../src/audit/audit.js';
import { configSchema, type Config } from '../src/config/config.js';
import { addDelivery } from '../src/delivery/deliveries.js';
import { deliverDue } from '../src/delivery/deliverDue.js';
import { demoWarehouse } from './demoSupport.js';
import { startSmtpCapture, type SmtpCapture } from './helpers/smtpCapture.js';
import { tempDir } from './helpers/tempWarehouse.js';

// deliverDue as the service's scheduler calls it, with a clock days after the last load: the pack and the
// mail say the data is stale, or nothing is sent with --hold-when-stale and the operators are told; a pack
// over the attachment limit is not attached and the mail says where it is. Real SMTP on 127.0.0.1.

const secrets = { clientSecret: undefined, refreshToken: undefined, embedSecret: undefined, operatorApiKey: undefined, smtpPassword: undefined };
let demo: Awaited<ReturnType<typeof demoWarehouse>>;
let smtp: SmtpCapture;
let config: Config;
const { dir, cleanup } = tempDir('pl-stale-');

beforeAll(async () => {
  smtp = await startSmtpCapture();
  config = configSchema.parse({ smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'reports@partner.example' }, delivery: { maxAttachmentMB: 0.05, attempts: 1, retryDelayMs: 0 } });
  demo = await demoWarehouse({ seed: 3, customers: 3, months: 2, asOf: '2026-10-31' });
  const db = demo.warehouse.db;
  await addUser(db, { upn: 'admin@contoso.com', role: 'mpn-partner-admin', bootstrap: true });
  await addUser(db, { actor: 'admin@contoso.com', upn: 'op@contoso.com', role: 'operator' });
  const common = { report: 'executive-summary', customer: null, formats: ['html', 'xlsx'] as const, schedule: '0 7 * * *', timeZone: 'UTC', recipients: ['admin@contoso.com'], maxAgeMinutes: 36 * 60 };
  await addDelivery(db, 'admin@contoso.com', { ...common, formats: [...common.formats], id: 'flagged', channel: 'email', holdWhenStale: false });
  await addDelivery(db, 'admin@contoso.com', { ...common, formats: [...common.formats], id: 'held', channel: 'outbox', holdWhenStale: true });
}, 180_000);

afterAll(async () => {
  await smtp?.close();
  await demo?.cleanup();
  cleanup();
});

// Three days after the load finished: older than the 36 hours allowed.
const later = () => new Date(Date.now() + 3 * 86_400_000);

describe('stale data and oversized packs', () => {
  it('flags stale data in the mail and the pack, and links a pack over the size limit instead of attaching it', async () => {
    const [result] = await deliverDue({ warehouse: demo.warehouse, config, secrets, now: later(), deliveryId: 'flagged', outboxDir: join(dir, 'outbox') });
    expect(result!.stale).toMatch(/^stale data: older than 36h: /);
    expect(result!.recipients).toEqual([expect.objectContaining({ upn: 'admin@contoso.com', outcome: 'sent' })]);
    const admin = smtp.mails.find((m) => m.to[0] === 'admin@contoso.com')!;
    expect(admin.mail.subject).toMatch(/\(stale data\)$/);
    expect(String(admin.mail.html)).toContain('stale data: older than 36h');
    // The limit is 50 kB: every pack file over it is not attached, and the mail names where it is.
    const attached = admin.mail.attachments.map((a) => a.filename);
    const linked = result!.files.filter((f) => !attached.includes(f.split('/').at(-1)));
    expect(linked.length).toBeGreaterThan(0);
    for (const f of linked) expect(admin.mail.text).toContain(f);
    // The pack's own header says so too.
    const html = result!.files.find((f) => f.endsWith('.html'))!;
    expect(readFileSync(html, 'utf8')).toContain('stale data: older than 36h');
    // Operators were told about the oversized pack.
    expect(smtp.mails.some((m) => m.to[0] === 'op@contoso.com' && /too large/.test(m.mail.subject ?? ''))).toBe(true);
  }, 120_000);

  it('--hold-when-stale sends nothing, records nothing as sent, and tells the operators', async () => {
    const before = smtp.mails.length;
    const [result] = await deliverDue({ warehouse: demo.warehouse, config, secrets, now: later(), deliveryId: 'held', outboxDir: join(dir, 'outbox') });
    expect(result!.recipients).toEqual([expect.objectContaining({ upn: 'admin@contoso.com', outcome: 'held' })]);
    expect(readdirSync(join(dir, 'outbox')).filter((f) => f === 'admin-contoso.com')).toEqual([]);
    expect(smtp.mails.slice(before).map((m) => [m.to[0], m.mail.subject])).toEqual([['op@contoso.com', 'PartnerLens: delivery held held']]);
    const audit = await listAudit(demo.warehouse.db, { limit: 50 });
    expect(audit.some((e) => e.action === 'delivery-hold' && e.subject === 'held')).toBe(true);
    expect(await demo.warehouse.db.value('SELECT count(*) FROM delivery_ledger WHERE delivery = ?', ['held'])).toBe(0);
  }, 60_000);
});
