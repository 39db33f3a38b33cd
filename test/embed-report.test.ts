import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/config.js';
import { query, type QueryRequest } from '../src/models/query.js';
import type { ResolvedReport } from '../src/reports/resolvedReport.js';
import { startEmbedServer, type EmbedServer } from './helpers/embedServer.js';

// `POST /embed/api/report`: a filter change answered in one round trip. The token's scope holds whatever the
// body asks, and the numbers are the models' own for the same filters (asked here through query() directly).

let server: EmbedServer;
const period = { from: '2026-07-18', to: '2026-10-15' };

beforeAll(async () => {
  server = await startEmbedServer({ customers: 4, asOf: period.to });
}, 120_000);
afterAll(async () => server?.close());

const redraw = (token: string | undefined, body: unknown) =>
  fetch(`${server.url}/embed/api/report`, {
    method: 'POST',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function direct(request: QueryRequest): Promise<Record<string, unknown>[]> {
  return (await query(server.warehouse.db, request, { config: configSchema.parse({}) })).rows;
}

const kpiValue = (report: ResolvedReport, id: string) => report.pages.flatMap((p) => p.kpis).find((k) => k.id === id)?.value;
const tableText = (report: ResolvedReport) => JSON.stringify(report.pages.flatMap((p) => p.tables.map((t) => t.data.rows)));

async function productOf(customerId: string): Promise<string> {
  const rows = await direct({ model: 'subscriptions', measures: ['activeSubscriptions'], by: ['product'], where: [{ dimension: 'customerId', values: [customerId] }], ...period, orderBy: [{ name: 'activeSubscriptions', desc: true }], limit: 1 });
  return String(rows[0]!.product);
}

describe('POST /embed/api/report', () => {
  it('answers the whole report for the chosen customer and product with the numbers query() gives', async () => {
    // A customer with Azure spend, so the customer filter is seen on a model without products too.
    const spenders = await direct({ model: 'azure', measures: ['cost'], by: ['customerId', 'currency'], ...period });
    const y = server.customers.find((c) => spenders.some((r) => r.customerId === c.id && Number(r.cost) > 0))!;
    expect(y).toBeDefined();
    const product = await productOf(y.id);
    const token = await server.token({ report: 'executive-summary' });
    const response = await redraw(token, { report: 'executive-summary', filters: { ...period, customer: y.id, product } });
    expect(response.status).toBe(200);
    const report = (await response.json()) as ResolvedReport;
    expect(report.period).toEqual(period);
    const both = [{ dimension: 'customerId', values: [y.id] }, { dimension: 'product', values: [product] }];
    for (const [model, measure] of [['subscriptions', 'activeSubscriptions'], ['licenses', 'licensesSold'], ['customers', 'customers']] as const) {
      const [row] = await direct({ model, measures: [measure], where: both, ...period });
      expect(kpiValue(report, `${model}.${measure}`), `${model}.${measure}`).toBe(row?.[measure] ?? null);
    }
    // Azure has no product: filtered by customer only, one KPI per currency.
    const costs = await direct({ model: 'azure', measures: ['cost'], by: ['currency'], where: [both[0]!], ...period });
    expect(costs.length).toBeGreaterThan(0);
    for (const row of costs) expect(kpiValue(report, `azure.cost.${String(row.currency)}`)).toBeCloseTo(Number(row.cost), 6);
    // The product filter narrows: the unfiltered customer has at least as many subscriptions, and the
    // customer filter narrows the partner's total.
    const [all] = await direct({ model: 'subscriptions', measures: ['activeSubscriptions'], ...period });
    expect(Number(kpiValue(report, 'subscriptions.activeSubscriptions'))).toBeLessThan(Number(all!.activeSubscriptions));
  });

  it("a customer's token gets that customer's numbers only, and is refused another customer whatever the body asks", async () => {
    const [x, y] = [server.customers[1]!, server.customers[3]!];
    const token = await server.token({ report: 'executive-summary', customer: x.id });
    const refused = await redraw(token, { report: 'executive-summary', filters: { ...period, customer: y.id, product: '' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/limited to one customer/);

    const response = await redraw(token, { report: 'executive-summary', filters: { ...period, customer: '', product: '' } });
    expect(response.status).toBe(200);
    const report = (await response.json()) as ResolvedReport;
    const scope = { customerIds: [x.id] };
    for (const [model, measure] of [['subscriptions', 'activeSubscriptions'], ['licenses', 'licensesSold'], ['customers', 'customers']] as const) {
      const [row] = await direct({ model, measures: [measure], scope, ...period });
      expect(kpiValue(report, `${model}.${measure}`), `${model}.${measure}`).toBe(row?.[measure] ?? null);
    }
    expect(kpiValue(report, 'customers.customers')).toBe(1);
    const text = tableText(report);
    for (const other of server.customers.filter((c) => c.id !== x.id)) expect(text).not.toContain(other.id);
  });

  it('refuses a missing token, a token for another report, a malformed body and an unknown report, as JSON', async () => {
    const token = await server.token({ report: 'executive-summary' });
    const body = { report: 'executive-summary', filters: { customer: '', product: '' } };
    const cases: [Response, number][] = [
      [await redraw(undefined, body), 401],
      [await redraw(await server.token({ report: 'azure-insights' }), body), 403],
      [await redraw(token, '{not json'), 400],
      [await redraw(token, { ...body, filters: { from: 'yesterday' } }), 400],
      [await redraw(token, { ...body, where: [] }), 400],
      [await redraw(token, { ...body, report: 'no-such-report' }), 404],
      [await redraw(token, { ...body, filters: { customer: 'x'.repeat(20_000), product: '' } }), 413],
    ];
    for (const [response, status] of cases) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(((await response.json()) as { error: string }).error).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });

  it('sends the page compressed to a browser that accepts it', async () => {
    const token = await server.token({ report: 'executive-summary' });
    const response = await fetch(`${server.url}/embed/executive-summary?token=${encodeURIComponent(token)}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain('id="pl-boot"');
    // d3 is sent gzipped and arrives byte for byte; a client that does not take gzip gets it plain.
    const d3 = readFileSync('node_modules/d3/dist/d3.min.js');
    const zipped = await fetch(`${server.url}/embed/assets/d3.min.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(Buffer.from(await zipped.arrayBuffer()).equals(d3)).toBe(true);
    const plain = await fetch(`${server.url}/embed/assets/d3.min.js`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBe(d3.length);
  });
});
