import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../src/util/dates.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { fakeClock, scheduleConfig, serviceParts } from './helpers/serviceParts.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';

// RELIABILITY case 15: each logical date runs exactly once across DST transitions and a restart inside the gap.
// A firing on local date D loads the period ending D − 1 (the customers job has no trailing days).

const transitions = [
  { zone: 'Europe/London', spring: '2026-03-29', autumn: '2026-10-25' },
  { zone: 'America/New_York', spring: '2026-03-08', autumn: '2026-11-01' },
];

async function scheduledPeriods(warehouse: Warehouse) {
  return warehouse.db.all<{ period: string; n: number }>("SELECT period, count(*)::INTEGER AS n FROM runs WHERE trigger = 'schedule' GROUP BY period ORDER BY period");
}

describe('schedules across DST transitions (RELIABILITY 15)', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeEach(async () => {
    w = await tempWarehouse();
  });
  afterEach(async () => w.cleanup());

  for (const { zone, spring, autumn } of transitions) {
    for (const cron of ['30 1 * * *', '30 2 * * *']) {
      for (const [name, day] of [['spring', spring], ['autumn', autumn]] as const) {
        it(`${zone} ${cron} ${name} ${day}: every logical date once`, async () => {
          // From noon UTC three days before the change to noon UTC two days after, ticking every 30 minutes
          // (ticks land in the skipped and in both copies of the repeated hour).
          const clock = fakeClock(`${addDays(day, -3)}T12:00:00Z`);
          const parts = await serviceParts(w.warehouse, scheduleConfig(cron, zone), { clock });
          const end = new Date(`${addDays(day, 2)}T12:00:00Z`).getTime();
          while (clock.now().getTime() <= end) {
            await parts.tick();
            clock.advance(30 * 60_000);
          }
          await parts.stop();
          // Firings on local days D−2 … D+2 (all before noon UTC), each loading the day before.
          const expected = [-3, -2, -1, 0, 1].map((d) => ({ period: addDays(day, d), n: 1 }));
          expect(await scheduledPeriods(w.warehouse)).toEqual(expected);
          expect(await w.warehouse.db.value('SELECT count(*) FROM customers')).toBe(2);
        });
      }
    }
  }

  for (const { zone, restartAt, gapDay } of [
    // London springs from 01:00 GMT to 02:00 BST: 01:30 does not exist; the service was down across it.
    { zone: 'Europe/London', restartAt: '2026-03-29T01:20:00Z', gapDay: '2026-03-29' },
    // New York springs from 02:00 EST to 03:00 EDT (07:00 UTC).
    { zone: 'America/New_York', restartAt: '2026-03-08T07:20:00Z', gapDay: '2026-03-08' },
  ]) {
    it(`${zone} 30 1 and 30 2: a restart inside the gap catches the missed period up, once`, async () => {
      for (const cron of ['30 1 * * *', '30 2 * * *']) {
        const before = { zone, cron };
        const clock = fakeClock(`${addDays(gapDay, -1)}T12:00:00Z`);
        const first = await serviceParts(w.warehouse, scheduleConfig(before.cron, zone), { clock });
        await first.tick();
        // Up and ticking until just before the change (00:50 local standard time), then down.
        clock.set(new Date(new Date(restartAt).getTime() - 30 * 60_000));
        await first.tick();
        await first.stop();
        clock.set(restartAt);
        const second = await serviceParts(w.warehouse, scheduleConfig(cron, zone), { clock });
        await second.tick();
        const caughtUp = await w.warehouse.db.all<{ period: string }>(
          "SELECT period FROM runs WHERE trigger = 'schedule' AND job = 'customers' ORDER BY id",
        );
        // 30 1 in London fell in the gap (fired at 02:00 BST): missed while down, caught up at the restart.
        // In New York both 01:30 and (moved) 02:30 are ≤ 07:20 UTC only for 30 1; 30 2 moves to 03:00 EDT = 07:00 UTC.
        expect(caughtUp.map((r) => r.period)).toContain(addDays(gapDay, -1));
        for (let i = 0; i < 4; i++) {
          clock.advance(6 * 3_600_000);
          await second.tick();
        }
        await second.stop();
        const periods = await scheduledPeriods(w.warehouse);
        expect(periods.every((p) => p.n === 1)).toBe(true);
        expect(periods.map((p) => p.period)).toEqual([addDays(gapDay, -1), gapDay]);
        await w.warehouse.db.run('DELETE FROM runs; DELETE FROM schedule_ledger; DELETE FROM schedule_cursor');
      }
    });
  }
});
