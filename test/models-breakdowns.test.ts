import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { isLeaf } from '../src/models/measureGraph.js';
import { planQuery } from '../src/models/compile/planQuery.js';
import { listModels, query } from '../src/models/query.js';
import { fixtureWarehouse, type FixtureWarehouse } from './modelsFixture.js';

// Every measure of every model by every dimension it can be broken down by, on the hand-made partner:
// each answers (or is refused as not available by that dimension, naming the ones that are), and the
// rows of an additive measure (sums and counts) add up to its total for dimensions that split rows
// into disjoint groups.

let fw: FixtureWarehouse;
beforeAll(async () => {
  fw = await fixtureWarehouse();
});
afterAll(async () => fw.close());

// A user holding two products counts under each: that breakdown does not partition.
const overlapping = new Set(['users.product']);
const period = { from: '2026-01-01', to: '2026-03-31' };

describe('every measure by every dimension', () => {
  for (const model of listModels()) {
    it(`${model.name}: ${Object.keys(model.measures).length} measures × ${Object.keys(model.dimensions).length} dimensions`, async () => {
      const base = model.dimensions.currency ? ['currency'] : [];
      const measures = Object.keys(model.measures);
      const totals = await query(fw.warehouse.db, { model: model.name, measures, by: base, ...period });
      let answered = 0;
      for (const [dimensionName, dimension] of Object.entries(model.dimensions)) {
        const by = [...new Set([...base, dimension.type === 'time' || (dimension.type === 'column' && dimension.date) ? `${dimensionName}:month` : dimensionName])];
        // Which measures the dimension serves: the others are refused, naming where they are available.
        const served = measures.filter((measure) => {
          try {
            planQuery(model, { model: model.name, measures: [measure], by });
            return true;
          } catch (error) {
            expect(error, `${model.name}.${measure} by ${dimensionName}`).toBeInstanceOf(UsageError);
            expect((error as Error).message).toMatch(/cannot be broken down by .*: it is available by /);
            return false;
          }
        });
        if (!served.length) continue;
        const result = await query(fw.warehouse.db, { model: model.name, measures: served, by, ...period });
        answered += served.length;
        for (const measureName of served) {
          const measure = model.measures[measureName]!;
          const additive = isLeaf(measure) && measure.kind !== 'countDistinct' && dimension.type !== 'time' && !overlapping.has(`${model.name}.${dimensionName}`);
          if (!additive) continue;
          for (const total of totals.rows) {
            const parts = result.rows.filter((r) => base.every((b) => r[b] === total[b])).reduce((s, r) => s + Number(r[measureName] ?? 0), 0);
            expect(parts, `${model.name}.${measureName} by ${dimensionName}`).toBeCloseTo(Number(total[measureName] ?? 0), 6);
          }
        }
      }
      expect(answered).toBeGreaterThan(measures.length);
    });
  }
});
