import { describe, expect, it } from 'vitest';
import { buildPartner } from '../src/sources/demo/model/buildPartner.js';
import { checksums, dataTables, demoWarehouse } from './demoSupport.js';

const settings = { seed: 11, customers: 10, months: 3, asOf: '2026-06-30' };

async function contentOf(s: typeof settings) {
  const loaded = await demoWarehouse(s);
  try {
    return await checksums(loaded.warehouse.db);
  } finally {
    await loaded.cleanup();
  }
}

describe('demo determinism', () => {
  it('the same seed gives identical tables in two separate warehouses; another seed gives different ones', async () => {
    const first = await contentOf(settings);
    const second = await contentOf(settings);
    expect(second).toEqual(first);
    for (const table of dataTables) expect(first[table]!.rows, table).toBeGreaterThan(0);

    const other = await contentOf({ ...settings, seed: 12 });
    for (const table of dataTables) expect(other[table]!.digest, table).not.toBe(first[table]!.digest);
  });

  it('a bigger partner is the smaller one plus more customers', () => {
    const small = buildPartner({ ...settings, customers: 5 });
    const big = buildPartner({ ...settings, customers: 8 });
    // The last two customers of a partner are its guaranteed newcomer and leaver, so compare the first three.
    expect(big.customers.slice(0, 3).map((c) => [c.id, c.name, c.since, c.staff])).toEqual(small.customers.slice(0, 3).map((c) => [c.id, c.name, c.since, c.staff]));
  });
});
