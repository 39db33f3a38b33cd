import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC, type Table } from 'apache-arrow';
import { startTestService, type TestService } from './http-support.js';

// POST /api/query with `Accept: application/vnd.apache.arrow.stream`: the same rows as the JSON answer,
// read back with tableFromIPC, with Arrow types (dates as DateDay, measures Float64, texts plain Utf8,
// lists as List<Utf8>, nulls kept), for a result of more than 100,000 rows.

const settings = { seed: 1, customers: 20, months: 3, asOf: '2026-11-30' };
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ settings });
  // Each subscription twice more under a product of its own: three times the products per customer, so the
  // daily answer passes 100,000 rows without the minutes a bigger demo partner takes to load.
  await svc.db.run("INSERT INTO subscriptions SELECT s.* REPLACE (s.subscription_id || '#' || k AS subscription_id, s.product || ' #' || k AS product) FROM subscriptions s, range(1, 3) r(k)");
  await svc.db.run("INSERT INTO subscription_history SELECT h.* REPLACE (h.subscription_id || '#' || k AS subscription_id) FROM subscription_history h, range(1, 3) r(k)");
}, 120_000);
afterAll(async () => svc?.close());

async function both(body: object): Promise<{ json: Record<string, unknown>[]; table: Table; contentType: string | null }> {
  const post = (accept: string) => fetch(`${svc.url}/api/query`, { method: 'POST', headers: { authorization: `Bearer ${svc.keys.admin}`, 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
  const asJson = await post('application/json');
  expect(asJson.status).toBe(200);
  const json = (await asJson.json()) as Record<string, unknown>[];
  const asArrow = await post('application/vnd.apache.arrow.stream');
  expect(asArrow.status).toBe(200);
  const table = tableFromIPC(new Uint8Array(await asArrow.arrayBuffer()));
  return { json, table, contentType: asArrow.headers.get('content-type') };
}

/** An Arrow row as the JSON answer writes it: a DateDay as its day, a list as an array. */
function asJsonRow(table: Table, types: Record<string, string>, i: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of table.schema.fields) {
    const value = table.getChild(field.name)!.get(i);
    if (value === null) row[field.name] = null;
    else if (types[field.name] === 'Date32<DAY>') row[field.name] = new Date(value as number).toISOString().slice(0, 10);
    else if (types[field.name]!.startsWith('List')) row[field.name] = [...(value as Iterable<unknown>)];
    else row[field.name] = value;
  }
  return row;
}

describe('Arrow answers of POST /api/query', () => {
  it('a result of over 100,000 rows equals the JSON answer, types included', async () => {
    const { json, table, contentType } = await both({ model: 'subscriptions', measures: ['subscriptions', 'activeSubscriptions'], by: ['date:day', 'customer', 'product', 'status'] });
    expect(contentType).toBe('application/vnd.apache.arrow.stream');
    expect(json.length).toBeGreaterThanOrEqual(100_000);
    expect(table.numRows).toBe(json.length);
    expect(table.batches.length).toBeGreaterThan(1);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({ date: 'Date32<DAY>', customer: 'Utf8', product: 'Utf8', status: 'Utf8', subscriptions: 'Float64', activeSubscriptions: 'Float64' });
    expect(table.schema.fields.map((f) => f.name)).toEqual(Object.keys(json[0]!));
    const mismatches: number[] = [];
    for (let i = 0; i < json.length; i++) {
      const a = asJsonRow(table, types, i);
      const b = json[i]!;
      if (a.date !== b.date || a.customer !== b.customer || a.product !== b.product || a.status !== b.status || a.subscriptions !== b.subscriptions || a.activeSubscriptions !== b.activeSubscriptions) mismatches.push(i);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('lists, a date dimension with missing values, and nulls come through as in JSON', async () => {
    const { json, table } = await both({ model: 'users', measures: ['licensedUsers', 'inactiveLicensedUsers'], by: ['user', 'assignedProducts', 'lastActivity'] });
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({ user: 'Utf8', assignedProducts: 'List<Utf8>', lastActivity: 'Date32<DAY>', licensedUsers: 'Float64', inactiveLicensedUsers: 'Float64' });
    expect(json.length).toBeGreaterThan(100);
    expect(json.some((r) => r.lastActivity === null)).toBe(true);
    expect(json.some((r) => Array.isArray(r.assignedProducts) && (r.assignedProducts as unknown[]).length > 1)).toBe(true);
    expect(Array.from({ length: table.numRows }, (_, i) => asJsonRow(table, types, i))).toEqual(json);
  });

  it('an empty answer is a stream with the schema and no rows; errors stay JSON', async () => {
    const { json, table } = await both({ model: 'customers', measures: ['customers'], by: ['customer'], where: [{ dimension: 'customer', values: ['nobody at all'] }] });
    expect(json).toEqual([]);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['customer', 'customers']);
    const bad = await fetch(`${svc.url}/api/query`, { method: 'POST', headers: { authorization: `Bearer ${svc.keys.admin}`, 'content-type': 'application/json', accept: 'application/vnd.apache.arrow.stream' }, body: JSON.stringify({ model: 'nope', measures: ['x'] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/valid models/);
  });
});
