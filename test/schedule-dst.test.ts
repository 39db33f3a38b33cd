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
          // From noon UTC two days before the change to noon UTC the day after. Every firing of these
          // schedules falls between 00:00 and 08:00 UTC, so the ticks come every 30 minutes through that window
          // of each day (landing inside the skipped hour and in both copies of the repeated one).
          const clock = fakeClock(`${addDays(day, -2)}T12:00:00Z`);
          const parts = await serviceParts(w.warehouse, scheduleConfig(cron, zone), { clock });
          await parts.tick();
          for (const d of [-1, 0, 1]) {
            for (let half = 0; half <= 17; half++) {
              clock.set(new Date(new Date(`${addDays(day, d)}T00:00:00Z`).getTime() + half * 30 * 60_000));
              await parts.tick();
            }
          }
          clock.set(`${addDays(day, 1)}T12:00:00Z`);
          await parts.tick();
          await parts.stop();
          // Firings on local days D−1, D, D+1, each loading the day before.
          const expected = [-2, -1, 0].map((d) => ({ period: addDays(day, d), n: 1 }));
          expect(await scheduledPeriods(w.warehouse)).toEqual(expected);
          expect(await w.warehouse.db.value('SELECT count(*) FROM customers')).toBe(2);
        });
      }
    }
  }

  it('a schedule firing several times in the repeated hour (London autumn, 0,30 1 * * *) still loads its day once', async () => {
    const clock = fakeClock('2026-10-24T12:00:00Z');
    const parts = await serviceParts(w.warehouse, scheduleConfig('0,30 1 * * *', 'Europe/London'), { clock });
    await parts.tick();
    // 01:00 and 01:30 happen twice on the 25th: 00:00, 00:30 UTC (BST) and 01:00, 01:30 UTC (GMT).
    for (let q = 0; q <= 12; q++) {
      clock.set(new Date(new Date('2026-10-24T23:45:00Z').getTime() + q * 15 * 60_000));
      await parts.tick();
    }
    await parts.stop();
    expect(await scheduledPeriods(w.warehouse)).toEqual([{ period: '2026-10-24', n: 1 }]);
  });

  // The firing on the spring-forward day, worked out by hand: London 01:30 does not exist and runs at
  // 02:00 BST (01:00 UTC); 02:30 BST is 01:30 UTC; New York 01:30 EST is 06:30 UTC; 02:30 does not exist
  // and runs at 03:00 EDT (07:00 UTC). The service goes down 10 minutes before it and comes back 20 after.
  for (const { zone, cron, gapDay, firing } of [
    { zone: 'Europe/London', cron: '30 1 * * *', gapDay: '2026-03-29', firing: '2026-03-29T01:00:00Z' },
    { zone: 'Europe/London', cron: '30 2 * * *', gapDay: '2026-03-29', firing: '2026-03-29T01:30:00Z' },
    { zone: 'America/New_York', cron: '30 1 * * *', gapDay: '2026-03-08', firing: '2026-03-08T06:30:00Z' },
    { zone: 'America/New_York', cron: '30 2 * * *', gapDay: '2026-03-08', firing: '2026-03-08T07:00:00Z' },
  ]) {
    it(`${zone} ${cron}: a restart inside the gap catches the missed period up, once`, async () => {
      const at = new Date(firing).getTime();
      const clock = fakeClock(`${addDays(gapDay, -1)}T12:00:00Z`);
      const first = await serviceParts(w.warehouse, scheduleConfig(cron, zone), { clock });
      await first.tick();
      clock.set(new Date(at - 10 * 60_000));
      await first.tick();
      await first.stop();
      expect(await scheduledPeriods(w.warehouse)).toEqual([]);

      clock.set(new Date(at + 20 * 60_000));
      const second = await serviceParts(w.warehouse, scheduleConfig(cron, zone), { clock });
      await second.tick();
      expect(await scheduledPeriods(w.warehouse)).toEqual([{ period: addDays(gapDay, -1), n: 1 }]);
      // Ticking on through the rest of the day and the next changes nothing but the next day's period.
      for (let i = 0; i < 8; i++) {
        clock.advance(3 * 3_600_000);
        await second.tick();
      }
      await second.stop();
      expect(await scheduledPeriods(w.warehouse)).toEqual([{ period: addDays(gapDay, -1), n: 1 }, { period: gapDay, n: 1 }]);
    });
  }
});
