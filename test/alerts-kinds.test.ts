import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import licensesJob from '../jobs/licenses.js';
import workloadUsageJob from '../jobs/workload-usage.js';
import { ADMIN } from '../src/access/roles.js';
import { addUser } from '../src/access/users.js';
import { checkAlerts, type AlertOutcome } from '../src/alerts/checkAlerts.js';
import { listAudit } from '../src/audit/audit.js';
import { configSchema, type Config, type Secrets } from '../src/config/config.js';
import { runJob } from '../src/jobs/runJob.js';
import { openWarehouse, type Warehouse } from '../src/warehouse/openWarehouse.js';
import { sqlSource } from './helpers/sqlSource.js';
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from './helpers/smtpCapture.js';
import { tempDir } from './helpers/tempWarehouse.js';

// The alert kinds beyond "over budget", each over a real DuckDB file loaded by the real job runner, notifying
// admins by e-mail through a real SMTP server on 127.0.0.1 whose raw MIME is parsed with mailparser:
// a source staler than its allowed age, a SKU at capacity, a deployment rate down by more than 10 points.

const canary = 'smtp-canary-alerts-9d41c7e2b0';
const secrets: Secrets = { clientSecret: undefined, refreshToken: undefined, embedSecret: undefined, operatorApiKey: undefined, smtpPassword: canary };
const admins = ['admin@contoso.com', 'second-admin@contoso.com'];
let smtp: SmtpCapture;
let port = 0;

beforeAll(async () => {
  smtp = await startSmtpCapture({ auth: { user: 'mailer', password: canary } });
  port = smtp.port;
});

afterAll(async () => {
  await smtp.close();
});

function configWith(alerts: unknown[]): Config {
  return configSchema.parse({
    smtp: { host: '127.0.0.1', port, tls: 'none', user: 'mailer', from: 'alerts@partner.example', timeoutMs: 5000 },
    delivery: { attempts: 1, retryDelayMs: 0 },
    alerts,
  });
}

/** A warehouse file with two admins and an operator (who must never get an alert). */
async function setUp(): Promise<{ path: string; warehouse: Warehouse; cleanup(): Promise<void> }> {
  const { dir, cleanup } = tempDir('pl-alert-kinds-');
  const path = join(dir, 'w.duckdb');
  const warehouse = await openWarehouse({ path, memoryLimit: '256MB', threads: 1 });
  await addUser(warehouse.db, { upn: admins[0]!, role: ADMIN, bootstrap: true });
  await addUser(warehouse.db, { actor: admins[0], upn: admins[1]!, role: ADMIN });
  await addUser(warehouse.db, { actor: admins[0], upn: 'ops@contoso.com', role: 'operator' });
  const w = { path, warehouse, cleanup: async () => { await w.warehouse.close().catch(() => undefined); cleanup(); } };
  return w;
}

type Snap = [date: string, customer: string, sku: string, sold: number, assigned: number];
const snapshotRows = (rows: Snap[]) =>
  rows.map(([d, c, s, sold, assigned]) => `SELECT DATE '${d}' AS date, '${c}' AS customer_id, '${s}' AS sku_id, '${s}' AS sku_name, ${sold} AS total_units, ${assigned} AS consumed_units, NULL::BIGINT AS _line`).join(' UNION ALL ');

/** Loads license snapshots through the real licenses job, as Partner Center data vouched for as of `asOf`. */
async function load(warehouse: Warehouse, config: Config, rows: Snap[], asOf: string): Promise<number> {
  const outcome = await runJob({ warehouse, config, job: licensesJob, source: sqlSource([{ rows: { license_snapshots: snapshotRows(rows) }, version: `${asOf}T00:00:00Z` }], 'partner-center'), period: { from: asOf, to: asOf } });
  expect(outcome.status).toBe('succeeded');
  return outcome.runId;
}

/** When the run finished, read back from the run history (the clock the staleness rule measures from). */
async function finishedAt(warehouse: Warehouse, runId: number): Promise<number> {
  return Number(await warehouse.db.value<bigint>('SELECT epoch_ms(finished_at) FROM runs WHERE id = ?', [runId]));
}

const hours = (n: number) => n * 3_600_000;
const events = (outcomes: AlertOutcome[]) => outcomes.map((o) => `${o.event} ${o.subject}`).sort();
const mailsSince = (n: number) => smtp.mails.slice(n);
const subjectHeaders = (raw: string) => raw.split(/\r?\n\r?\n/)[0]!.split(/\r?\n/).filter((l) => /^subject:/i.test(l)).length;

/** Every mail: to one admin, exactly one Subject header, no SMTP password in it. */
function expectAdminMails(mails: CapturedMail[], subjects: string[]): void {
  expect(mails.map((m) => `${m.to.join(',')} ${m.mail.subject}`).sort()).toEqual(admins.flatMap((a) => subjects.map((s) => `${a} ${s}`)).sort());
  for (const m of mails) {
    expect(subjectHeaders(m.raw)).toBe(1);
    expect(m.raw).not.toContain(canary);
    expect(m.mail.html || '').not.toMatch(/<img|https?:\/\//);
  }
  // Each notice to each admin has its own Message-ID: a client that sees one twice drops the second.
  const ids = smtp.mails.map((m) => m.mail.messageId);
  expect(ids.every(Boolean)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('alert kinds, by e-mail over real SMTP', () => {
  it('a source staler than 36h fires once, stays quiet (also after a restart) until its snooze, clears once after a fresh load', async () => {
    const w = await setUp();
    let warehouse = w.warehouse;
    try {
      const config = configWith([{ id: 'stale-licenses', maxAge: '36h', datasets: ['license_snapshots'], snoozeHours: 12, channels: ['email'] }]);
      const run = await load(warehouse, config, [['2026-11-29', 'c1', 'E3', 10, 5]], '2026-11-29');
      const loaded = await finishedAt(warehouse, run);
      const subject = 'dataset=license_snapshots, source=partner-center';
      const start = smtp.mails.length;

      // 35 hours after the load: within the allowed age, nothing to say.
      expect(await checkAlerts({ warehouse, config, secrets, now: new Date(loaded + hours(35)) })).toEqual([]);
      // 37 hours: stale; one mail per admin.
      const fired = await checkAlerts({ warehouse, config, secrets, now: new Date(loaded + hours(37)) });
      expect(events(fired)).toEqual([`fired ${subject}`]);
      expect(fired[0]!.failures).toEqual([]);
      expect(fired[0]!.message).toContain('older than the allowed 36h');
      expectAdminMails(mailsSince(start), [`PartnerLens alert stale-licenses fired: ${subject}`]);
      expect(mailsSince(start)[0]!.mail.text).toContain('37h ago');

      // A restart: the state is in the warehouse file, so the breach stays known and quiet.
      await warehouse.close();
      warehouse = await openWarehouse({ path: w.path, memoryLimit: '256MB', threads: 1 });
      const quiet = await checkAlerts({ warehouse, config, secrets, now: new Date(loaded + hours(48)) });
      expect(events(quiet)).toEqual([`quiet ${subject}`]);
      expect(mailsSince(start)).toHaveLength(admins.length);
      // 12 hours (the snooze) after the notice: one reminder, then quiet again for another 12 hours.
      expect(events(await checkAlerts({ warehouse, config, secrets, now: new Date(loaded + hours(49)) }))).toEqual([`reminder ${subject}`]);
      expectAdminMails(mailsSince(start + admins.length), [`PartnerLens alert stale-licenses reminder: ${subject}`]);
      expect(events(await checkAlerts({ warehouse, config, secrets, now: new Date(loaded + hours(60)) }))).toEqual([`quiet ${subject}`]);
      expect(mailsSince(start)).toHaveLength(admins.length * 2);

      // A fresh load: one recovery mail per admin, then silence.
      const again = await load(warehouse, config, [['2026-11-30', 'c1', 'E3', 10, 6]], '2026-11-30');
      const now = new Date((await finishedAt(warehouse, again)) + hours(1));
      expect(events(await checkAlerts({ warehouse, config, secrets, now }))).toEqual([`cleared ${subject}`]);
      expectAdminMails(mailsSince(start + admins.length * 2), [`PartnerLens alert stale-licenses cleared: ${subject}`]);
      expect(await checkAlerts({ warehouse, config, secrets, now })).toEqual([]);
      expect(mailsSince(start)).toHaveLength(admins.length * 3);

      const audit = await listAudit(warehouse.db, { limit: 100 });
      expect(audit.filter((e) => e.action === 'alert-fire' || e.action === 'alert-clear').map((e) => `${e.action} ${e.subject}`).sort())
        .toEqual([`alert-clear stale-licenses: ${subject}`, `alert-fire stale-licenses: ${subject}`, `alert-fire stale-licenses: ${subject}`]); // fired, reminded, cleared
      expect(JSON.stringify(audit)).not.toContain(canary);
    } finally {
      w.warehouse = warehouse;
      await w.cleanup();
    }
  }, 60_000);

  it('a SKU at capacity (assigned ≥ sold on the last snapshot), per customer × SKU, with the documented config', async () => {
    const w = await setUp();
    try {
      // As in the README: the licenses model's skusAtCapacity by customer and SKU, above 0.
      const config = configWith([{ id: 'sku-at-capacity', model: 'licenses', measure: 'skusAtCapacity', by: ['customerId', 'sku'], above: 0, period: 'month', snoozeHours: 1000, channels: ['email'] }]);
      const rows: Snap[] = [
        // c1/E3 full on the 15th but freed by the 30th (the last snapshot counts): not at capacity.
        ['2026-11-15', 'c1', 'E3', 10, 10], ['2026-11-30', 'c1', 'E3', 10, 8],
        ['2026-11-30', 'c1', 'E5', 5, 5], // exactly full: at capacity
        ['2026-11-30', 'c2', 'E3', 4, 6], // over-assigned: at capacity
        ['2026-11-30', 'c3', 'Visio', 0, 0], // none sold: not a SKU at capacity
      ];
      await load(w.warehouse, config, rows, '2026-11-30');
      const start = smtp.mails.length;
      // Worked out from the rows: last snapshot per customer × SKU with sold > 0 and assigned ≥ sold.
      const expected = ['customerId=c1, sku=E5', 'customerId=c2, sku=E3'];
      const now = new Date('2026-12-01T08:00:00Z');
      expect(events(await checkAlerts({ warehouse: w.warehouse, config, secrets, now }))).toEqual(expected.map((s) => `fired ${s}`));
      expectAdminMails(mailsSince(start), expected.map((s) => `PartnerLens alert sku-at-capacity fired: ${s}`));
      // c1 buys 5 more E5 on 1 December: only that subject clears.
      await load(w.warehouse, config, [['2026-12-01', 'c1', 'E5', 10, 5], ['2026-12-01', 'c2', 'E3', 4, 6], ['2026-12-01', 'c1', 'E3', 10, 8]], '2026-12-01');
      expect(events(await checkAlerts({ warehouse: w.warehouse, config, secrets, now }))).toEqual(['cleared customerId=c1, sku=E5', 'quiet customerId=c2, sku=E3']);
      expectAdminMails(mailsSince(start + 2 * admins.length), ['PartnerLens alert sku-at-capacity cleared: customerId=c1, sku=E5']);
    } finally {
      await w.cleanup();
    }
  }, 60_000);

  it('a deployment rate down by more than 10 points against the previous month, worked by hand from the rows', async () => {
    const w = await setUp();
    try {
      const config = configWith([{ id: 'deployment-drop', model: 'licenses', measure: 'deploymentRate', by: ['customerId'], dropBy: 0.1, period: 'month', snoozeHours: 1000, channels: ['email'] }]);
      const rows: Snap[] = [
        // c1: October (9 + 27) / (10 + 30) = 0.90; November (3 + 27) / 40 = 0.75: down 15 points → breach.
        // (Averaging the SKUs' rates would give 0.90 → 0.60: the rate is of summed parts.)
        ['2026-10-31', 'c1', 'E3', 10, 9], ['2026-10-31', 'c1', 'E5', 30, 27], ['2026-11-30', 'c1', 'E3', 10, 3], ['2026-11-30', 'c1', 'E5', 30, 27],
        // c2: 16/20 = 0.80 → 15/20 = 0.75 at the month's last snapshot (the 15th's 2/20 does not count): 5 points.
        ['2026-10-31', 'c2', 'E3', 20, 16], ['2026-11-15', 'c2', 'E3', 20, 2], ['2026-11-30', 'c2', 'E3', 20, 15],
        // c3: 0.50 → 1.00: up, not down.
        ['2026-10-31', 'c3', 'E3', 10, 5], ['2026-11-30', 'c3', 'E3', 10, 10],
        // c4: 8/10 = 0.80 → 14/20 = 0.70: exactly 10 points, not more than 10.
        ['2026-10-31', 'c4', 'E3', 10, 8], ['2026-11-30', 'c4', 'E3', 20, 14],
      ];
      await load(w.warehouse, config, rows, '2026-11-30');
      const start = smtp.mails.length;
      const outcomes = await checkAlerts({ warehouse: w.warehouse, config, secrets, now: new Date('2026-12-01T08:00:00Z') });
      expect(events(outcomes)).toEqual(['fired customerId=c1']);
      expect(outcomes[0]!.message).toContain('deploymentRate fell from 0.9000 to 0.7500 (more than 0.1) against 2026-10-01..2026-10-31');
      expectAdminMails(mailsSince(start), ['PartnerLens alert deployment-drop fired: customerId=c1']);
      expect(await w.warehouse.db.value<number>("SELECT value FROM alert_state WHERE alert = 'deployment-drop'")).toBeCloseTo(0.75, 10);
    } finally {
      await w.cleanup();
    }
  }, 60_000);

  it('a usage rate down by more than 10 points: active (busiest workload) ÷ assigned of the SKUs with usage data', async () => {
    const w = await setUp();
    try {
      const config = configWith([{ id: 'usage-drop', model: 'licenses', measure: 'usageRate', by: ['customerId'], dropBy: 0.1, period: 'month', snoozeHours: 1000, channels: ['email'] }]);
      await load(w.warehouse, config, [
        ['2026-10-31', 'c1', 'E3', 25, 20], ['2026-10-31', 'c1', 'AADP2', 50, 50], ['2026-11-30', 'c1', 'E3', 25, 20], ['2026-11-30', 'c1', 'AADP2', 50, 50],
        ['2026-10-31', 'c2', 'E3', 10, 10], ['2026-11-30', 'c2', 'E3', 10, 10],
      ], '2026-11-30');
      type Use = [date: string, customer: string, workload: string, product: string, active: number];
      const usage: Use[] = [
        // c1: October max(18 exchange, 16 teams) = 18 of E3's 20 assigned = 0.90 (Entra ID P2 has no usage data: not in
        // the base, else 18/70); November max(12, 14) = 14 / 20 = 0.70: down 20 points → breach.
        ['2026-10-31', 'c1', 'exchange', 'E3', 18], ['2026-10-31', 'c1', 'teams', 'E3', 16], ['2026-11-30', 'c1', 'exchange', 'E3', 12], ['2026-11-30', 'c1', 'teams', 'E3', 14],
        // c2: 8/10 = 0.80 → 7/10 = 0.70 on the month's last usage day (the 10th's 2 does not count): exactly 10 points, quiet.
        ['2026-10-31', 'c2', 'exchange', 'E3', 8], ['2026-11-10', 'c2', 'exchange', 'E3', 2], ['2026-11-30', 'c2', 'exchange', 'E3', 7],
      ];
      const usageRows = usage.map(([d, c, wl, p, a]) => `SELECT DATE '${d}' AS date, '${c}' AS customer_id, '${wl}' AS workload, '${p}' AS product_id, ${a} AS licenses_active, 20 AS licenses_qualified, NULL::BIGINT AS _line`).join(' UNION ALL ');
      const run = await runJob({ warehouse: w.warehouse, config, job: workloadUsageJob, source: sqlSource([{ rows: { workload_usage: usageRows }, version: '2026-11-30T00:00:00Z' }], 'partner-center'), period: { from: '2026-11-30', to: '2026-11-30' } });
      expect(run.status).toBe('succeeded');
      const start = smtp.mails.length;
      const outcomes = await checkAlerts({ warehouse: w.warehouse, config, secrets, now: new Date('2026-12-01T08:00:00Z') });
      expect(events(outcomes)).toEqual(['fired customerId=c1']);
      expect(outcomes[0]!.message).toContain('usageRate fell from 0.9000 to 0.7000');
      expectAdminMails(mailsSince(start), ['PartnerLens alert usage-drop fired: customerId=c1']);
    } finally {
      await w.cleanup();
    }
  }, 60_000);

  it('checkAlerts touches nothing when no alerts are configured (it runs after every load)', async () => {
    const w = await setUp();
    await w.warehouse.close();
    // A closed warehouse fails any query: with no alerts the check must not need one (nor a mailer).
    expect(await checkAlerts({ warehouse: w.warehouse, config: configWith([]), secrets, now: new Date() })).toEqual([]);
    const withOne = configWith([{ id: 'stale', maxAge: '1h', channels: ['email'] }]);
    await expect(checkAlerts({ warehouse: w.warehouse, config: withOne, secrets, now: new Date() })).rejects.toThrow();
    await w.cleanup();
  });
});
