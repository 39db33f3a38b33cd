import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../jobs/index.js';
import { configSchema } from '../src/config/config.js';
import { answerCache } from '../src/embed/answerCache.js';
import { runJob } from '../src/jobs/runJob.js';
import { query } from '../src/models/query.js';
import type { ResolvedReport } from '../src/reports/resolvedReport.js';
import { startEmbedServer, type EmbedServer } from './helpers/embedServer.js';
import { sqlSource } from './helpers/sqlSource.js';

// The embedded view's answers are kept per data version, scope and filters: a load that publishes shows in
// the very next answer, and a customer-scoped token never gets an answer made for another scope. Against
// embedRoutes on 127.0.0.1 over a real demo warehouse; new data arrives through the real job runner.

const config = configSchema.parse({});
// The demo's data ends on 15 October 2026; executive-summary's default period is the 30 days ending then.
const period = { from: '2026-09-16', to: '2026-10-15' };
let server: EmbedServer;

beforeAll(async () => {
  server = await startEmbedServer({ customers: 4, asOf: period.to });
}, 120_000);
afterAll(async () => server?.close());

async function redraw(token: string, filters: Record<string, string> = {}): Promise<ResolvedReport> {
  const response = await fetch(`${server.url}/embed/api/report`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    // The period by name: the load below vouches for a far later day, which would move the default period.
    body: JSON.stringify({ report: 'executive-summary', filters: { to: period.to, customer: '', product: '', ...filters } }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ResolvedReport;
}

async function pageBoot(token: string): Promise<{ resolved: ResolvedReport; customers: { id: string; name: string }[]; fixedCustomer?: { id: string } }> {
  const response = await fetch(`${server.url}/embed/executive-summary?token=${encodeURIComponent(token)}`);
  expect(response.status).toBe(200);
  const doc = new JSDOM(await response.text()).window.document;
  return JSON.parse(doc.getElementById('pl-boot')!.textContent!) as never;
}

const kpi = (report: ResolvedReport, id: string) => report.pages.flatMap((p) => p.kpis).find((k) => k.id === id)?.value ?? null;

async function costByCurrency(customer?: string, within: { from: string; to: string } = period): Promise<Map<string, number>> {
  const rows = (await query(server.warehouse.db, { model: 'azure', measures: ['cost'], by: ['currency'], ...within, ...(customer ? { where: [{ dimension: 'customerId', values: [customer] }] } : {}) }, { config })).rows;
  return new Map(rows.map((r) => [String(r.currency), Number(r.cost)]));
}

describe('embed answers kept per data version', () => {
  it('shows what a load published in the next answer, never the answer kept from before', async () => {
    const token = await server.token({ report: 'executive-summary' });
    // The day and customer with the most Azure cost in the period, and that slice's cost per currency, from the raw rows.
    const slice = (await server.warehouse.db.one<{ customer_id: string; date: string }>(
      `SELECT customer_id, CAST(date AS VARCHAR) AS date FROM azure_usage WHERE date BETWEEN ?::DATE AND ?::DATE GROUP BY ALL ORDER BY sum(cost) DESC LIMIT 1`, [period.from, period.to]))!;
    const sliceCost = await server.warehouse.db.all<{ currency: string; cost: number }>(
      'SELECT currency, CAST(sum(cost) AS DOUBLE) AS cost FROM azure_usage WHERE customer_id = ? AND date = ?::DATE GROUP BY currency', [slice.customer_id, slice.date]);
    expect(sliceCost.length).toBeGreaterThan(0);

    const before = await redraw(token);
    const again = await redraw(token);
    expect(again).toEqual(before);
    const beforeRun = before.runId;

    // A load re-states that slice with three times the cost (a newer version of the same customer-day).
    const outcome = await runJob({
      warehouse: server.warehouse, config, job: jobs.find((j) => j.name === 'azure-usage')!, period,
      source: sqlSource([{ version: '2099-01-01T00:00:00Z', rows: { azure_usage: `SELECT * EXCLUDE (run_id) REPLACE (cost * 3 AS cost) FROM main.azure_usage WHERE customer_id = '${slice.customer_id}' AND date = DATE '${slice.date}'` } }]),
    });
    expect(outcome.status).toBe('succeeded');

    const after = await redraw(token);
    expect(after.runId).toBe(outcome.runId);
    expect(after.runId).not.toBe(beforeRun);
    for (const { currency, cost } of sliceCost) {
      const was = kpi(before, `azure.cost.${currency}`)!;
      // By hand: the period's cost grows by twice the slice's old cost.
      expect(kpi(after, `azure.cost.${currency}`)!).toBeCloseTo(was + 2 * cost, 4);
      // And as the model answers it now.
      expect(kpi(after, `azure.cost.${currency}`)!).toBeCloseTo((await costByCurrency()).get(currency)!, 4);
    }
    // The page (kept whole) carries the new answer too.
    expect((await pageBoot(token)).resolved.runId).toBe(outcome.runId);
  }, 60_000);

  it('never gives a customer-scoped token an answer made for another scope', async () => {
    // Two customers active in the period (each counts 1 in its own report).
    const active = (await query(server.warehouse.db, { model: 'customers', measures: ['customers'], by: ['customerId'], ...period }, { config })).rows.filter((r) => r.customers === 1).map((r) => server.customers.find((c) => c.id === r.customerId)!);
    expect(active.length).toBeGreaterThanOrEqual(2);
    const [x, y] = [active[0]!, active[1]!];
    const all = await server.token({ report: 'executive-summary' });
    const onlyX = await server.token({ report: 'executive-summary', customer: x.id });
    const onlyY = await server.token({ report: 'executive-summary', customer: y.id });
    const total = (await query(server.warehouse.db, { model: 'customers', measures: ['customers'], ...period }, { config })).rows[0]!.customers as number;
    expect(total).toBeGreaterThan(1);

    // The partner-wide answer and page are made (and kept) first; then each scope asks the same filters.
    expect(kpi(await redraw(all), 'customers.customers')).toBe(total);
    expect((await pageBoot(all)).customers.length).toBe(server.customers.length);
    for (const [token, customer] of [[onlyX, x], [onlyY, y], [onlyX, x]] as const) {
      const answer = await redraw(token);
      expect(kpi(answer, 'customers.customers'), customer.name).toBe(1);
      const cost = await costByCurrency(customer.id);
      for (const k of answer.pages[0]!.kpis.filter((k) => k.id.startsWith('azure.cost.'))) expect(k.value).toBeCloseTo(cost.get(k.currency!) ?? 0, 4);
      const boot = await pageBoot(token);
      expect(boot.fixedCustomer?.id).toBe(customer.id);
      expect(boot.customers.map((c) => c.id)).toEqual([customer.id]);
      // The page's period is the default one, which the other test's load may have moved: asked for that period.
      const pageCost = await costByCurrency(customer.id, boot.resolved.period);
      for (const k of boot.resolved.pages[0]!.kpis.filter((k) => k.id.startsWith('azure.cost.'))) expect(k.value).toBeCloseTo(pageCost.get(k.currency!) ?? 0, 4);
      const pageCustomers = (await query(server.warehouse.db, { model: 'customers', measures: ['customers'], ...boot.resolved.period, where: [{ dimension: 'customerId', values: [customer.id] }] }, { config })).rows[0]?.customers ?? 0;
      expect(kpi(boot.resolved, 'customers.customers') ?? 0).toBe(pageCustomers);
      expect(boot.resolved.title).toContain(customer.name);
    }
    // And the partner-wide answer is still the partner's.
    expect(kpi(await redraw(all), 'customers.customers')).toBe(total);
  }, 60_000);
});

describe('warm-up', () => {
  it('makes every partner-wide report page and answer before a viewer asks, and executive-summary\'s period choices', async () => {
    const { reports } = await import('../reports/index.js');
    const embeddable = reports.filter((r) => r.scope !== 'customer');
    await server.answers.warm();
    const { entries, bytes } = server.answers.cached;
    // Per report its page and answer; the filters' choices once; three period choices for the small reports.
    expect(entries).toBeGreaterThanOrEqual(2 * embeddable.length + 1 + 3);
    expect(bytes).toBeGreaterThan(0);
    // Warmed answers are the ones viewers get: the same as a direct resolve of the page.
    const token = await server.token({ report: 'executive-summary' });
    const kept = server.answers.cached.entries;
    expect((await pageBoot(token)).resolved.title).toBe('Executive summary');
    expect(server.answers.cached.entries).toBe(kept);
  }, 120_000);
});

describe('warm-up after a load', () => {
  it('runs once on the new data: the warm-up\'s own first read of the new version does not ask for another', async () => {
    await server.answers.warm();
    // A load publishes (the same rows again, under a new run): a new data version.
    const outcome = await runJob({
      warehouse: server.warehouse, config, job: jobs.find((j) => j.name === 'customers')!, period,
      source: sqlSource([{ version: '2099-01-02T00:00:00Z', rows: { customers: 'SELECT * EXCLUDE (run_id) FROM main.customers' } }]),
    });
    expect(outcome.status).toBe('succeeded');
    const level = process.env.PARTNERLENS_LOG_LEVEL;
    process.env.PARTNERLENS_LOG_LEVEL = 'info';
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (lines.push(String(chunk)), write(chunk, ...rest))) as typeof process.stderr.write;
    try {
      // As the service does after a load.
      await server.answers.warm();
    } finally {
      process.stderr.write = write;
      process.env.PARTNERLENS_LOG_LEVEL = level;
    }
    expect(lines.filter((l) => l.includes('"event":"embed.warmed"'))).toHaveLength(1);
  }, 120_000);
});

describe('answerCache', () => {
  const sized = () => answerCache<string>({ maxBytes: 10, maxEntryBytes: 6, sizeOf: (v) => v.length });

  it('keeps answers up to its byte budget, the least recently used out first', async () => {
    const cache = sized();
    let made = 0;
    const make = (value: string) => async () => {
      made += 1;
      return value;
    };
    await cache.get('a', make('aaaa'));
    await cache.get('b', make('bbbb'));
    await cache.get('a', make('never'));
    expect(made).toBe(2);
    // 4 + 4 + 4 > 10: 'b', used least recently, goes.
    await cache.get('c', make('cccc'));
    expect(cache.bytes).toBe(8);
    expect(await cache.get('a', make('again'))).toBe('aaaa');
    expect(await cache.get('b', make('BBBB'))).toBe('BBBB');
    expect(made).toBe(4);
  });

  it('makes an answer once for callers asking together, keeps no failure and nothing larger than one entry may be', async () => {
    const cache = sized();
    let made = 0;
    const slow = async () => {
      made += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'ok';
    };
    expect(await Promise.all([cache.get('k', slow), cache.get('k', slow)])).toEqual(['ok', 'ok']);
    expect(made).toBe(1);
    await expect(cache.get('bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await cache.get('bad', async () => 'fine')).toBe('fine');
    expect(await cache.get('big', async () => 'xxxxxxx')).toBe('xxxxxxx');
    expect(await cache.get('big', async () => 'second')).toBe('second');
    expect(cache.bytes).toBeLessThanOrEqual(10);
  });
});
