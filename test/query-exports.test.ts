import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../jobs/index.js';
import { loadConfig } from '../src/config/config.js';
import { UsageError } from '../src/errors.js';
import { runJob } from '../src/jobs/runJob.js';
import { listModels, query } from '../src/models/query.js';
import { createFilesSource } from '../src/sources/files/filesSource.js';
import { fixtureWarehouse, type FixtureWarehouse } from './modelsFixture.js';

// The models over real exports, ingested the way a partner ingests them (`partnerlens ingest`): the
// reconciliation file, a real FOCUS 1.0 sample, Partner Center JSON pages and a Graph user report. Every
// measure answers by every dimension; Azure costs agree with the files read here independently.

const files = [
  'fixtures/files/recon-daily-rated-usage-synthetic.csv',
  'fixtures/files/focus-1.0-sample.csv',
  'fixtures/files/m365-active-user-detail-synthetic.csv',
  'fixtures/files/pc-json',
];

let fw: FixtureWarehouse;
beforeAll(async () => {
  fw = await fixtureWarehouse({ fill: false });
  const config = loadConfig({}, fw.dir);
  const source = createFilesSource({ config, secrets: {} as never, paths: files, customer: 'graph-tenant' });
  for (const job of jobs) await runJob({ warehouse: fw.warehouse, config, job, source, period: { from: '2000-01-01', to: '2100-12-31' } });
});
afterAll(async () => fw.close());

/** Sums of a money column by the values of key columns, read with a plain CSV parser. */
function sums(file: string, money: string, keys: string[]): Map<string, bigint> {
  const [header = [], ...rows] = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const at = (name: string) => header.indexOf(name);
  const out = new Map<string, bigint>();
  for (const row of rows) {
    const value = row[at(money)] ?? '';
    if (value === '' || value === 'NULL') continue;
    const key = keys.map((k) => row[at(k)]).join('|');
    out.set(key, (out.get(key) ?? 0n) + micros(value));
  }
  return out;
}

/** Exact to 12 decimals, as the warehouse keeps money. */
function micros(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', frac = ''] = text.replace('-', '').split('.');
  return (negative ? -1n : 1n) * (BigInt(whole) * 10n ** 12n + BigInt((frac + '0'.repeat(12)).slice(0, 12)));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.some((f) => f !== ''));
}

describe('the models over ingested real exports', () => {
  it('Azure cost by provider and currency equals the files\' own totals', async () => {
    const expected = new Map<string, bigint>();
    for (const [key, value] of sums(files[0]!, 'BillingPreTaxTotal', ['BillingCurrency'])) expected.set(`Microsoft|${key}`, value);
    for (const [key, value] of sums(files[1]!, 'BilledCost', ['ProviderName', 'BillingCurrency'])) expected.set(key, (expected.get(key) ?? 0n) + value);
    const { rows } = await query(fw.warehouse.db, { model: 'azure', measures: ['cost'], by: ['provider', 'currency'] });
    expect(rows.length).toBe(expected.size);
    for (const row of rows) {
      const want = expected.get(`${row.provider}|${row.currency}`);
      expect(want, `${row.provider} ${row.currency}`).toBeDefined();
      expect(row.cost as number).toBeCloseTo(Number(want) / 1e12, 6);
    }
  });

  it('the reconciliation file\'s customers, one currency each, by month', async () => {
    const expected = sums(files[0]!, 'BillingPreTaxTotal', ['CustomerName', 'BillingCurrency']);
    const { rows } = await query(fw.warehouse.db, { model: 'azure', measures: ['cost'], by: ['customer', 'currency'], where: [{ dimension: 'provider', values: ['Microsoft'] }] });
    for (const [key, value] of expected) {
      const [customer, currency] = key.split('|');
      expect(rows.find((r) => r.customer === customer && r.currency === currency)?.cost as number, key).toBeCloseTo(Number(value) / 1e12, 6);
    }
  });

  it('every measure answers by every dimension', async () => {
    let answered = 0;
    for (const model of listModels()) {
      const base = model.dimensions.currency ? ['currency'] : [];
      for (const [name, dimension] of Object.entries(model.dimensions)) {
        const by = [...new Set([...base, dimension.type === 'time' ? `${name}:month` : name])];
        const measures = Object.keys(model.measures);
        try {
          await query(fw.warehouse.db, { model: model.name, measures, by });
          answered += measures.length;
          continue;
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
        // Some measures are not available by this dimension: each on its own.
        for (const measure of measures) {
          try {
            await query(fw.warehouse.db, { model: model.name, measures: [measure], by });
            answered++;
          } catch (error) {
            expect(error, `${model.name}.${measure} by ${name}`).toBeInstanceOf(UsageError);
            expect((error as Error).message).toMatch(/cannot be broken down by/);
          }
        }
      }
    }
    expect(answered).toBeGreaterThan(200);
  });

  it('licensed users from the Graph report, days counted from its refresh date', async () => {
    const { rows } = await query(fw.warehouse.db, { model: 'users', measures: ['licensedUsers', 'licensesOnInactiveUsers'], by: ['inactiveFor'] });
    expect(rows.reduce((s, r) => s + Number(r.licensedUsers), 0)).toBeGreaterThan(0);
    expect(rows.map((r) => r.inactiveFor).every((b) => ['active', '30-59', '60-89', '90+', 'never'].includes(String(b)))).toBe(true);
  });
});
