import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../src/config/config.js';
import { addDays, isoDate } from '../src/util/dates.js';
import { createFakeClock } from './fake-partner-center/fakeClock.js';
import { startFakePartnerCenter, type FakePartnerCenter } from './fake-partner-center/fakePartnerCenter.js';
import { fakeSecrets, openHarness, type Harness } from './fake-partner-center/pcHarness.js';
import { startFakeGraph, type FakeGraph } from './fake-graph/fakeGraph.js';
import { asExport, microsByCurrency, usageLines, type UsageLine } from './fake-graph/graphData.js';

// Azure usage through Graph's partner billing export, against a fake Graph and a fake Blob Storage over
// real HTTP. Expected totals are summed here from the generated lines, in integer micro-units per currency.

let pc: FakePartnerCenter;
let graph: FakeGraph;
let h: Harness;
const today = isoDate(new Date());
const currentStart = `${today.slice(0, 7)}-01`;
const lastStart = `${addDays(currentStart, -1).slice(0, 7)}-01`;
const olderStart = `${addDays(lastStart, -1).slice(0, 7)}-01`;
let unique = 0;

function graphConfig(extra: Partial<Config['graph']> = {}): Config {
  return configSchema.parse({
    partnerCenter: { apiUrl: pc.url, authority: pc.authority, tenantId: pc.tenantId, clientId: pc.clientId, concurrency: 4, timeoutMs: 5_000, maxAttempts: 3, pageSize: 50, currencies: ['USD', 'EUR'] },
    graph: { apiUrl: graph.url, authority: graph.authority, azureUsage: 'export', userActivity: false, blobConcurrency: 1, ...extra },
  });
}

const customers = [
  { id: 'c0000001-0000-4000-a000-000000000001', name: 'Contoso', currency: 'USD' },
  { id: 'c0000001-0000-4000-a000-000000000002', name: 'Fabrikam', currency: 'EUR' },
  { id: 'c0000001-0000-4000-a000-000000000003', name: 'Tailspin', currency: 'USD' },
];

/** Serves `lines` as the exports of their billing periods (split per currency, as Graph does), 4 blobs each. */
function serve(periods: Record<string, UsageLine[]>): void {
  for (const [period, lines] of Object.entries(periods)) {
    for (const currency of ['USD', 'EUR']) {
      const key = period.startsWith('billed/') ? period : `unbilled/${currency}/${period}`;
      if (period.startsWith('billed/') && currency === 'EUR') continue;
      graph.exports.set(key, asExport(`etag-${++unique}-${key}`, lines.filter((l) => period.startsWith('billed/') || l.BillingCurrency === currency), 4));
    }
  }
}

async function totals(): Promise<Record<string, bigint>> {
  const rows = await h.warehouse.db.all<{ currency: string; micros: bigint }>('SELECT currency, (sum(cost) * 1000000)::BIGINT AS micros FROM azure_usage GROUP BY currency');
  return Object.fromEntries(rows.map((r) => [r.currency, BigInt(r.micros)]));
}

beforeAll(async () => {
  pc = await startFakePartnerCenter({ customers: 3, today });
  graph = await startFakeGraph({ clientId: pc.clientId, clientSecret: pc.clientSecret, refreshToken: pc.refreshToken, partnerTenant: pc.tenantId });
});
afterAll(async () => {
  await graph?.close();
  await pc?.close();
});
beforeEach(async () => {
  graph.exports.clear();
  graph.failing.clear();
  graph.expireSas = false;
  graph.brokenBlob = undefined;
  graph.blobRequests.length = 0;
  graph.exportPosts.length = 0;
  pc.invoices = [];
  h = await openHarness(pc, { config: graphConfig(), secrets: fakeSecrets(pc), clock: createFakeClock() });
});
afterEach(async () => {
  await h.close();
});

const yesterday = addDays(today, -1);
const period = { from: lastStart, to: yesterday };
const current = () => usageLines({ customers, from: currentStart, days: Math.max(1, Number(today.slice(8, 10)) - 1), seed: 11 });
const last = () => usageLines({ customers, from: lastStart, days: 28, seed: 12 });

describe('azure-usage from the Graph billing export', () => {
  it('loads the current and last periods of every currency; totals equal the sum over the blobs\' lines', async () => {
    const lines = { current: current(), last: last() };
    serve(lines);
    const outcome = await h.run('azure-usage', { period });
    expect(outcome.status, outcome.cause ?? '').toBe('succeeded');
    expect(graph.exportPosts.map((p) => p.key).sort()).toEqual(['unbilled/EUR/current', 'unbilled/EUR/last', 'unbilled/USD/current', 'unbilled/USD/last']);
    expect(graph.exportPosts.every((p) => p.body.attributeSet === 'full')).toBe(true);
    expect(await totals()).toEqual(microsByCurrency([...lines.current, ...lines.last]));
    expect(await h.warehouse.db.value('SELECT count(*)::INT FROM azure_usage')).toBe(lines.current.length + lines.last.length);
    // Polling honoured the operation's Retry-After (3 s), twice per export before it succeeded.
    expect(h.clock.waits.filter((w) => w === 3000).length).toBe(4 * 3);
    // Blobs went to storage with the SAS only.
    expect(graph.blobRequests.length).toBe(16);
    expect(graph.blobRequests.every((r) => !r.bearerSent && r.sasOk)).toBe(true);
    expect(await h.warehouse.db.value('SELECT count(*)::INT FROM graph_export_blobs')).toBe(16);
    const row = await h.warehouse.db.one<{ source_format: string; subscription_id: string; region: string }>(
      'SELECT source_format, subscription_id, region FROM azure_usage WHERE customer_id = ? ORDER BY date, meter LIMIT 1', [customers[0]!.id]);
    expect(row).toMatchObject({ source_format: 'graph-export', subscription_id: `sub-${customers[0]!.id.slice(0, 8)}-0` });
  });

  it('a second run with the same eTags loads nothing and fetches no blob; a changed eTag restates its days', async () => {
    const lines = { current: current(), last: last() };
    serve(lines);
    expect((await h.run('azure-usage', { period })).status).toBe('succeeded');
    const fetched = graph.blobRequests.length;
    const again = await h.run('azure-usage', { period });
    expect(again.status).toBe('succeeded');
    expect(again.counts.loaded).toBe(0);
    expect(again.batches).toHaveLength(0);
    expect(graph.blobRequests.length).toBe(fetched);

    // Microsoft restates last month for USD: every USD line of it costs one micro-unit more, and one line goes.
    const restated = lines.last.filter((l) => l.BillingCurrency === 'USD').slice(1).map((l) => ({ ...l, BillingPreTaxTotal: Math.round(l.BillingPreTaxTotal * 1e6 + 1) / 1e6 }));
    graph.exports.set('unbilled/USD/last', asExport(`etag-${++unique}-restated`, restated, 3));
    const third = await h.run('azure-usage', { period });
    expect(third.status).toBe('succeeded');
    expect(third.batches.map((b) => b.label)).toEqual(['Graph billing export unbilled/USD/last']);
    const expected = microsByCurrency([...lines.current, ...lines.last.filter((l) => l.BillingCurrency !== 'USD'), ...restated]);
    expect(await totals()).toEqual(expected);
  });

  it('backfills billed months from Partner Center invoices with one billed export per invoice', async () => {
    const older = usageLines({ customers: [customers[0]!], from: olderStart, days: 20, seed: 13 });
    pc.invoices = [
      { id: 'G000111', invoiceType: 'OneTime', billingPeriodStartDate: `${olderStart}T00:00:00Z`, billingPeriodEndDate: `${addDays(lastStart, -1)}T00:00:00Z` },
      { id: 'D000222', invoiceType: 'Recurring', billingPeriodStartDate: `${olderStart}T00:00:00Z`, billingPeriodEndDate: `${addDays(lastStart, -1)}T00:00:00Z` },
    ];
    serve({ 'billed/G000111': older });
    const outcome = await h.run('azure-usage', { period: { from: olderStart, to: addDays(lastStart, -1) } });
    expect(outcome.status, outcome.cause ?? '').toBe('succeeded');
    expect(graph.exportPosts.map((p) => p.body)).toEqual([{ invoiceId: 'G000111', attributeSet: 'full' }]);
    expect(await totals()).toEqual(microsByCurrency(older));
  });

  it('rejects bad lines naming the blob and line, and loads the rest', async () => {
    const lines = last().filter((l) => l.BillingCurrency === 'USD');
    const exported = asExport(`etag-${++unique}-bad`, lines, 2);
    const blob = exported.blobs[1]!;
    const badDate = JSON.parse(blob.lines[4]!) as UsageLine;
    blob.lines[4] = JSON.stringify({ ...badDate, UsageDate: 'yesterday' });
    blob.lines[9] = '{"CustomerId": "truncated';
    graph.exports.set('unbilled/USD/last', exported);
    graph.exports.set('unbilled/EUR/last', asExport(`etag-${++unique}-eur`, [], 1));
    const outcome = await h.run('azure-usage', { period: { from: lastStart, to: addDays(currentStart, -1) } });
    expect(outcome.status).toBe('partial');
    const rejected = await h.warehouse.db.all<{ source: string; line: number; field: string | null; reason: string }>('SELECT source, line, field, reason FROM rejected_rows ORDER BY line');
    expect(rejected).toEqual([
      { source: blob.name, line: 5, field: 'UsageDate', reason: '"yesterday" is not a date' },
      { source: blob.name, line: 10, field: null, reason: 'not a JSON object with the reconciliation columns' },
    ]);
    const kept = lines.filter((_, i) => !(i % 2 === 1 && (Math.floor(i / 2) === 4 || Math.floor(i / 2) === 9)));
    expect(await totals()).toEqual(microsByCurrency(kept));
  });

  it('a refresh token refused in the partner tenant fails the run, asking to re-authorize (not a customer without consent)', async () => {
    serve({ last: last() });
    const secrets = { ...fakeSecrets(pc), clientSecret: undefined, refreshToken: 'CANARY-refused-refresh-token-3f9e' };
    const outcome = await h.run('azure-usage', { period: { from: lastStart, to: addDays(currentStart, -1) }, secrets });
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/consent expired, re-authorize: the refresh token was refused \(invalid_grant/);
    expect(outcome.cause).not.toContain('CANARY-refused-refresh-token-3f9e');
  });

  it('a failed export operation fails the run with its reason, and what was loaded stays', async () => {
    const lines = { current: current(), last: last() };
    serve(lines);
    expect((await h.run('azure-usage', { period })).status).toBe('succeeded');
    const before = await totals();
    graph.exports.set('unbilled/USD/current', asExport(`etag-${++unique}-new`, lines.current.filter((l) => l.BillingCurrency === 'USD').slice(3), 2));
    graph.failing.add('unbilled/USD/current');
    const outcome = await h.run('azure-usage', { period });
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/Graph export unbilled\/USD\/current failed .*The export could not be generated/);
    expect(await totals()).toEqual(before);
  });

  it('an expired SAS fails the run without the SAS anywhere; an interrupted download resumes without fetching blobs again', async () => {
    const lines = { last: last().filter((l) => l.BillingCurrency === 'EUR') };
    graph.exports.set('unbilled/EUR/last', asExport(`etag-${++unique}-eur`, lines.last, 4));
    graph.exports.set('unbilled/USD/last', asExport(`etag-${++unique}-usd`, [], 1));
    const lastOnly = { from: lastStart, to: addDays(currentStart, -1) };
    graph.expireSas = true;
    const expired = await h.run('azure-usage', { period: lastOnly });
    expect(expired.status).toBe('failed');
    expect(expired.cause).toMatch(/export blob part-0000\d\.json\.gz: refused by storage \(HTTP 403: the export's SAS token has expired/);
    const history = JSON.stringify(await h.warehouse.db.all('SELECT * FROM runs')) + JSON.stringify(await h.warehouse.db.all('SELECT * FROM rejected_rows'));
    for (const sas of graph.issued.sasTokens) expect(history).not.toContain(sas.split('sig=')[1]);
    for (const token of graph.issued.accessTokens) expect(history).not.toContain(token);

    graph.expireSas = false;
    graph.blobRequests.length = 0;
    graph.brokenBlob = 'part-00003.json.gz';
    const broken = await h.run('azure-usage', { period: lastOnly });
    expect(broken.status).toBe('failed');
    expect(broken.cause).toMatch(/export blob part-00003\.json\.gz: failed after 3 attempts/);
    expect(await h.warehouse.db.value('SELECT count(*)::INT FROM azure_usage')).toBe(0);

    graph.brokenBlob = undefined;
    graph.blobRequests.length = 0;
    const resumed = await h.run('azure-usage', { period: lastOnly });
    expect(resumed.status, resumed.cause ?? '').toBe('succeeded');
    // Blobs 1 and 2 came whole in the broken run, and the (empty) USD export was published by it: only 3 and 4 are fetched now.
    expect(graph.blobRequests.map((r) => r.name).sort()).toEqual(['part-00003.json.gz', 'part-00004.json.gz']);
    expect(await totals()).toEqual(microsByCurrency(lines.last));
  });
});
