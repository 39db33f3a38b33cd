import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionPool } from '../src/warehouse/connectionPool.js';
import type { Database } from '../src/warehouse/database.js';
import { fixtureWarehouse, type FixtureWarehouse } from './modelsFixture.js';

// A render's queries run on a pool of connections to the one warehouse instance: never more at once
// than the pool's size, each on a connection of its own, and closing waits for the work still running.

let fw: FixtureWarehouse;
beforeAll(async () => {
  fw = await fixtureWarehouse();
});
afterAll(async () => fw.close());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('connection pool', () => {
  it('runs at most its size at once, each on a connection of its own, never the warehouse\'s own', async () => {
    const pool = connectionPool(fw.warehouse, 2);
    let running = 0;
    let most = 0;
    const used = new Set<Database>();
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => pool.use(async (db) => {
      running += 1;
      most = Math.max(most, running);
      used.add(db);
      const row = await db.one<{ n: number }>('SELECT count(*) + ? AS n FROM main.customers', [i]);
      await pause(10);
      running -= 1;
      return row!.n;
    })));
    expect(answers).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(most).toBe(2);
    expect(used.size).toBe(2);
    expect(used.has(fw.warehouse.db)).toBe(false);
    await pool.close();
  });

  it('closes once the work running is done, refuses work after, and leaves the warehouse usable', async () => {
    const pool = connectionPool(fw.warehouse, 1);
    let finished = false;
    const slow = pool.use(async (db) => {
      await pause(50);
      const n = await db.value<number>('SELECT count(*) FROM main.customers');
      finished = true;
      return n;
    });
    const queued = pool.use(async (db) => db.value<number>('SELECT 1')).then(() => 'ran', (error: Error) => error.message);
    await pause(5);
    await pool.close();
    expect(finished).toBe(true);
    expect(await slow).toBe(5);
    expect(await queued).toMatch(/pool is closed/);
    await expect(pool.use(async (db) => db.value('SELECT 1'))).rejects.toThrow(/pool is closed/);
    expect(await fw.warehouse.db.value<number>('SELECT count(*) FROM main.customers')).toBe(5);
  });
});
