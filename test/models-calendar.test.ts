import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binder } from '../src/models/compile/binder.js';
import { windowBounds } from '../src/models/compile/calendar.js';
import { spineCtes, spineName } from '../src/models/compile/spines.js';
import type { Window } from '../src/models/measureGraph.js';
import { grains, type Grain } from '../src/models/modelSchema.js';
import { fixtureWarehouse, type FixtureWarehouse } from './modelsFixture.js';

// Period bounds are computed twice: in SQL (the spine of periods a query joins) and in JavaScript (the
// bounds that pre-filter big tables and key event rows). They must agree for every grain and window.

let fw: FixtureWarehouse;
beforeAll(async () => {
  fw = await fixtureWarehouse({ fill: false });
});
afterAll(async () => fw.close());

const ranges = [
  { from: '2026-01-01', to: '2026-03-31' },
  { from: '2026-01-15', to: '2026-03-20' },
  { from: '2024-02-29', to: '2024-03-31' },
  { from: '2025-12-31', to: '2025-12-31' },
  { from: '2025-05-31', to: '2026-05-30' },
  { from: '2024-02-01', to: '2024-02-29' },
  { from: '2025-11-01', to: '2026-10-31' },
];
const windows: Window[] = [
  { shift: 0, span: { kind: 'period' } },
  { shift: 1, span: { kind: 'period' } },
  { shift: 0, span: { kind: 'trailing', days: 30 } },
  { shift: 1, span: { kind: 'trailing', days: 90 } },
  { shift: 0, span: { kind: 'monthToDate' } },
  { shift: 1, span: { kind: 'monthToDate' } },
];

describe('period bounds', () => {
  for (const grain of [undefined, ...grains] as (Grain | undefined)[]) {
    it(`SQL spines and JavaScript bounds agree (${grain ?? 'no time breakdown'})`, async () => {
      for (const range of ranges) {
        for (const window of windows) {
          const binder = new Binder();
          const ctes = spineCtes([window], grain, binder, range);
          const sql = `WITH ${ctes.map(([n, b]) => `${n} AS (${b})`).join(', ')} SELECT strftime(min(ws), '%Y-%m-%d') AS lo, strftime(max(we), '%Y-%m-%d') AS hi FROM ${spineName(window)}`;
          const row = await fw.warehouse.db.one<{ lo: string; hi: string }>(sql, binder.params);
          const bounds = windowBounds(range, grain, window);
          const label = `${JSON.stringify(range)} ${JSON.stringify(window)}`;
          expect(bounds.hi, label).toBe(row!.hi);
          // Exact where rows are keyed by them; a superset for overlapping windows, which only pre-filter.
          if (window.span.kind === 'period' || !grain) expect(bounds.lo, label).toBe(row!.lo);
          else expect(bounds.lo <= row!.lo, label).toBe(true);
        }
      }
    });
  }
});
