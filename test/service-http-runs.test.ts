import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import customers from '../jobs/customers.js';
import { createApiKey } from '../src/access/apiKeys.js';
import type { Source } from '../src/sources/source.js';
import { startService } from '../src/service/startService.js';
import { fakeClock, scheduleConfig, twoCustomers } from './helpers/serviceParts.js';
import { insertUser, operatorUpn } from './http-support.js';
import { tempDir } from './helpers/tempWarehouse.js';

// RELIABILITY 6 and 8 through HTTP, on the service's real coordinator: a scheduled run holds the writer;
// POST /api/runs for the same job and period answers 409 naming it; another period is queued (202); one run
// per period, no duplicate rows.

describe('POST /api/runs beside a scheduled run (the real service)', () => {
  it('409 with the scheduled run id for the same period, 202 for another, one run each, no duplicates', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'w.duckdb');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gated = (): Source => ({ name: 'demo', async *batches(job, context) { await gate; yield* twoCustomers().batches(job, context); } });
    const clock = fakeClock('2026-05-01T02:59:00Z');
    const config = { ...scheduleConfig('0 3 * * *', 'UTC'), warehouse: { path, memoryLimit: '512MB' } };
    const service = await startService({ config, secrets: { embedSecret: 'e'.repeat(32) } as never, port: 0, jobs: [customers], sourceFor: gated, clock });
    try {
      const db = service.runtime.warehouse.db;
      await insertUser(db, operatorUpn, ['operator']);
      const { key } = await createApiKey(db, { actor: operatorUpn, role: 'operator' });
      clock.set('2026-05-01T03:00:00Z');
      await service.scheduler.tick();
      let scheduled: number | undefined;
      for (let i = 0; i < 200 && scheduled === undefined; i++) {
        scheduled = (await service.coordinator.active('customers', { from: '2026-04-30', to: '2026-04-30' }))?.id;
        if (scheduled === undefined) await new Promise((r) => setTimeout(r, 10));
      }
      const post = (body: unknown) => fetch(`${service.url}/api/runs`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const same = await post({ job: 'customers', from: '2026-04-30', to: '2026-04-30' });
      expect(same.status).toBe(409);
      expect(await same.json()).toMatchObject({ id: scheduled });
      const other = await post({ job: 'customers', from: '2026-04-29', to: '2026-04-29' });
      expect(other.status).toBe(202);
      const { id } = (await other.json()) as { id: number };
      open();
      await service.scheduler.settled();
      await (await service.coordinator.active('customers', { from: '2026-04-29', to: '2026-04-29' }))?.done;
      expect(await db.all('SELECT id, period, trigger, status FROM runs ORDER BY id')).toEqual([
        { id: scheduled, period: '2026-04-30', trigger: 'schedule', status: 'succeeded' },
        { id, period: '2026-04-29', trigger: 'api', status: 'succeeded' },
      ]);
      expect(await db.value('SELECT count(*) FROM customers')).toBe(2);
    } finally {
      await service.stop();
      cleanup();
    }
  });
});
