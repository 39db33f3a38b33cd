import { describe, expect, it } from 'vitest';
import { defineReport } from '../src/reports/defineReport.js';
import type { ReportQuery, ReportQueryResult } from '../src/reports/queryRunner.js';
import { reportPeriod, windowOf } from '../src/reports/reportPeriod.js';
import { resolveReport } from '../src/reports/resolveReport.js';
import { compareCells, sortRows } from '../src/reports/shapeRows.js';

// The resolver between a definition and the models, driven by a runner that answers from fixed rows:
// which periods it asks for, and what it does with the answers.

const report = defineReport({
  name: 'resolver-test',
  pages: [
    {
      kpis: [
        { model: 'azure', measure: 'cost', by: ['currency'], better: 'neutral' },
        { model: 'licenses', measure: 'licensesSold' },
        { model: 'licenses', measure: 'deploymentRate' },
      ],
      charts: [
        { id: 'by-customer', kind: 'bar', query: { model: 'azure', measures: ['cost'], by: ['customer', 'currency'] }, x: 'customer', y: ['cost'], facet: 'currency' },
      ],
      tables: [
        {
          id: 'low',
          query: {
            model: 'licenses',
            measures: ['licensesSold', 'deploymentRate'],
            by: ['customer'],
            window: 'latest',
            keep: { any: [{ column: 'deploymentRate', op: '<', value: 0.8 }] },
            orderBy: [{ name: 'licensesSold', desc: true }],
            limit: 2,
          },
        },
        {
          id: 'ops',
          query: { model: 'activity', measures: ['operations'], by: ['date:day', 'customer'] },
        },
        {
          id: 'users',
          query: { model: 'users', measures: ['licensesOnInactiveUsers'], by: ['customer', 'user', 'assignedProducts'], window: 'latest' },
        },
      ],
    },
  ],
});

const column = (name: string, role: 'dimension' | 'measure', format: ReportQueryResult['columns'][number]['format'] = 'text') => ({ name, role, label: name.toUpperCase(), format, description: `about ${name}` });

function runner() {
  const asked: ReportQuery[] = [];
  const run = async (q: ReportQuery): Promise<ReportQueryResult> => {
    asked.push(q);
    const by = q.by ?? [];
    if (q.model === 'azure' && by.includes('customer')) {
      return {
        columns: [column('customer', 'dimension'), column('currency', 'dimension'), column('cost', 'measure', 'currency')],
        rows: [
          { customer: 'B', currency: 'USD', cost: 5 },
          { customer: 'A', currency: 'EUR', cost: 7 },
          { customer: 'A', currency: 'USD', cost: 9 },
        ],
      };
    }
    if (q.model === 'azure') {
      const monthly = by[0] === 'date:month';
      const rows = q.from === '2026-09-01' ? [{ currency: 'USD', cost: 100 }] : [{ currency: 'USD', cost: 110 }, { currency: 'EUR', cost: 50 }];
      return {
        columns: [...(monthly ? [column('date', 'dimension', 'date')] : []), column('currency', 'dimension'), column('cost', 'measure', 'currency')],
        rows: monthly ? [{ date: '2026-10-01', currency: 'USD', cost: 110 }, { date: '2026-03-01', currency: 'EUR', cost: 3 }] : rows,
      };
    }
    if (q.model === 'licenses' && by.includes('customer')) {
      return {
        columns: [column('customer', 'dimension'), column('licensesSold', 'measure', 'integer'), column('deploymentRate', 'measure', 'percent')],
        rows: [
          { customer: 'A', licensesSold: 10, deploymentRate: 0.5 },
          { customer: 'B', licensesSold: 30, deploymentRate: 0.9 },
          { customer: 'C', licensesSold: 20, deploymentRate: 0.1 },
          { customer: 'D', licensesSold: 20, deploymentRate: null },
          { customer: 'E', licensesSold: 20, deploymentRate: 0.7 },
        ],
      };
    }
    if (q.model === 'activity') {
      return {
        columns: [column('date', 'dimension', 'date'), column('customer', 'dimension'), column('operations', 'measure', 'integer')],
        rows: [
          { date: '2026-10-01', customer: 'A', operations: 0 },
          { date: '2026-10-01', customer: 'B', operations: 2 },
          { date: '2026-10-02', customer: 'A', operations: 1 },
          { date: '2026-10-02', customer: 'B', operations: 0 },
        ],
      };
    }
    if (q.model === 'licenses' && by[0] === 'date:month') {
      // Twelve months, sold units growing by 10 a month up to 100 in October 2026.
      const months = Array.from({ length: 12 }, (_, i) => `${i < 2 ? 2025 : 2026}-${String(((i + 10) % 12) + 1).padStart(2, '0')}-01`);
      return {
        columns: [column('date', 'dimension', 'date'), column('licensesSold', 'measure', 'integer'), column('deploymentRate', 'measure', 'percent')],
        rows: months.map((date, i) => ({ date, licensesSold: 100 - 10 * (11 - i), deploymentRate: 0.8 })),
      };
    }
    if (q.model === 'licenses') {
      return { columns: [column('licensesSold', 'measure', 'integer'), column('deploymentRate', 'measure', 'percent')], rows: [{ licensesSold: q.from === '2026-09-01' ? 90 : 100, deploymentRate: 0.8 }] };
    }
    return {
      columns: [column('customer', 'dimension'), column('user', 'dimension'), { ...column('assignedProducts', 'dimension'), list: true as const }, column('licensesOnInactiveUsers', 'measure', 'integer')],
      rows: [
        { customer: 'A', user: 'z@a', assignedProducts: ['E3', 'Visio'], licensesOnInactiveUsers: 2 },
        { customer: 'A', user: 'y@a', assignedProducts: ['E3', 'Teams'], licensesOnInactiveUsers: 2 },
        { customer: 'A', user: 'x@a', assignedProducts: ['Visio'], licensesOnInactiveUsers: 1 },
      ],
    };
  };
  return { asked, run };
}

describe('report periods', () => {
  it('are the calendar month when the data ends on a month end, else the last 30 days, with an equal previous period', () => {
    expect(reportPeriod({ to: '2026-10-31', days: 30 })).toEqual({ period: { from: '2026-10-01', to: '2026-10-31' }, previous: { from: '2026-09-01', to: '2026-09-30' } });
    expect(reportPeriod({ to: '2026-11-24', days: 30 })).toEqual({ period: { from: '2026-10-26', to: '2026-11-24' }, previous: { from: '2026-09-26', to: '2026-10-25' } });
    expect(reportPeriod({ from: '2026-03-01', to: '2026-03-10', days: 30 })).toEqual({ period: { from: '2026-03-01', to: '2026-03-10' }, previous: { from: '2026-02-19', to: '2026-02-28' } });
    const p = reportPeriod({ to: '2026-10-31', days: 30 });
    expect(windowOf('trailing-12-months', p)).toEqual({ from: '2025-11-01', to: '2026-10-31' });
    expect(windowOf('trailing-90-days', p)).toEqual({ from: '2026-08-03', to: '2026-10-31' });
    expect(windowOf('latest', p)).toEqual({ to: '2026-10-31' });
  });
});

describe('resolveReport', () => {
  it('asks each KPI group for the period, the previous period and twelve months, filtered to the customer', async () => {
    const { asked, run } = runner();
    await resolveReport(report, { run, asOfDay: '2026-10-31', customer: { id: 't-1', name: 'Contoso' }, freshness: [], runId: 7 });
    const kpiQueries = asked.filter((q) => !q.by?.includes('customer'));
    // A calendar month and the month before are points of the trend; split by currency, they are asked too.
    expect(kpiQueries.map((q) => [q.model, q.measures.join('+'), (q.by ?? []).join(','), q.from, q.to])).toEqual([
      ['azure', 'cost', 'currency', '2026-10-01', '2026-10-31'],
      ['azure', 'cost', 'currency', '2026-09-01', '2026-09-30'],
      ['azure', 'cost', 'date:month,currency', '2025-11-01', '2026-10-31'],
      ['licenses', 'licensesSold+deploymentRate', 'date:month', '2025-11-01', '2026-10-31'],
    ]);
    // Any other period: asked for itself.
    const { asked: midMonth, run: runMid } = runner();
    await resolveReport(report, { run: runMid, asOfDay: '2026-10-20', freshness: [], runId: 7 });
    expect(midMonth.filter((q) => q.model === 'licenses' && !q.by?.includes('customer')).map((q) => [(q.by ?? []).join(','), q.from, q.to])).toEqual([
      ['', '2026-09-21', '2026-10-20'],
      ['', '2026-08-22', '2026-09-20'],
      ['date:month', '2025-11-01', '2026-10-20'],
    ]);
    for (const q of asked) expect(q.where).toContainEqual({ dimension: 'customerId', values: ['t-1'] });
    expect(asked.find((q) => q.model === 'users')).toMatchObject({ to: '2026-10-31' });
    expect(asked.find((q) => q.model === 'users')!.from).toBeUndefined();
  });

  it('gives one KPI per currency, never a sum, each with its previous value and twelve months of trend', async () => {
    const { run } = runner();
    const resolved = await resolveReport(report, { run, asOfDay: '2026-10-31', freshness: [], runId: null });
    const kpis = resolved.pages[0]!.kpis;
    // Labels are the catalogue's (en-US by default), not whatever the runner's columns carry.
    expect(kpis.map((k) => [k.id, k.label, k.currency, k.value, k.previous, k.format])).toEqual([
      ['azure.cost.EUR', 'Cost', 'EUR', 50, null, 'currency'],
      ['azure.cost.USD', 'Cost', 'USD', 110, 100, 'currency'],
      ['licenses.licensesSold', 'Licenses sold', undefined, 100, 90, 'integer'],
      ['licenses.deploymentRate', 'Deployment rate', undefined, 0.8, 0.8, 'percent'],
    ]);
    const usd = kpis[1]!.trend;
    expect(usd).toHaveLength(12);
    expect(usd[0]).toEqual({ period: '2025-11-01', value: null });
    expect(usd[11]).toEqual({ period: '2026-10-01', value: 110 });
    expect(kpis[0]!.trend.find((t) => t.period === '2026-03-01')!.value).toBe(3);
    expect(resolved.measures.map((m) => `${m.model}.${m.name}`)).toEqual(['azure.cost', 'licenses.licensesSold', 'licenses.deploymentRate', 'activity.operations', 'users.licensesOnInactiveUsers']);
  });

  it('splits a faceted chart into one chart per currency, money columns knowing their currency column', async () => {
    const { run } = runner();
    const charts = (await resolveReport(report, { run, asOfDay: '2026-10-31', freshness: [], runId: null })).pages[0]!.charts;
    expect(charts.map((c) => [c.facet, c.data.rows.map((r) => `${r.customer}:${r.cost}`)])).toEqual([
      ['EUR', ['A:7']],
      ['USD', ['A:9', 'B:5']],
    ]);
    expect(charts[0]!.data.columns.find((c) => c.name === 'cost')!.currency).toEqual({ column: 'currency' });
  });

  it('keeps the rows that match, then orders completely, then cuts to the limit', async () => {
    const { run, asked } = runner();
    const tables = (await resolveReport(report, { run, asOfDay: '2026-10-31', freshness: [], runId: null })).pages[0]!.tables;
    // C and E are under 80 %; D has no rate and is not kept; limit 2 after the filter.
    expect(tables[0]!.data.rows.map((r) => r.customer)).toEqual(['C', 'E']);
    expect(asked.find((q) => q.model === 'licenses' && q.by?.includes('customer'))!.limit).toBeUndefined();
  });

  it('leaves out of a table the days a dense answer filled with zeros', async () => {
    const { run } = runner();
    const ops = (await resolveReport(report, { run, asOfDay: '2026-10-31', freshness: [], runId: null })).pages[0]!.tables[1]!;
    expect(ops.data.rows).toEqual([
      { date: '2026-10-01', customer: 'B', operations: 2 },
      { date: '2026-10-02', customer: 'A', operations: 1 },
    ]);
    expect(ops.data.columns[0]).toMatchObject({ name: 'date', format: 'date', grain: 'day' });
  });

  it('keeps a list dimension\'s lists, one row per user, ordered by every column (lists too)', async () => {
    const { run } = runner();
    const users = (await resolveReport(report, { run, asOfDay: '2026-10-31', freshness: [], runId: null })).pages[0]!.tables[2]!;
    expect(users.data.rows).toEqual([
      { customer: 'A', user: 'x@a', assignedProducts: ['Visio'], licensesOnInactiveUsers: 1 },
      { customer: 'A', user: 'y@a', assignedProducts: ['E3', 'Teams'], licensesOnInactiveUsers: 2 },
      { customer: 'A', user: 'z@a', assignedProducts: ['E3', 'Visio'], licensesOnInactiveUsers: 2 },
    ]);
    expect(users.data.columns.find((c) => c.name === 'assignedProducts')!.list).toBe(true);
    expect(users.data.columns.find((c) => c.name === 'user')!.list).toBeUndefined();
  });
});

describe('resolveReport, queries side by side', () => {
  it('asks every query at once and assembles the same report whatever order the answers come in', async () => {
    const { run } = runner();
    let queries = 0;
    const inOrder = await resolveReport(report, { run: (q) => ((queries += 1), run(q)), asOfDay: '2026-10-31', freshness: [], runId: 1 });
    // No answer comes before every query is asked (or 2 s pass: a resolver that waits for each answer
    // before asking the next is then seen with one in flight, not left hanging); then the last asked
    // answers first. No race with a loaded machine's timing.
    const asked: ReportQuery[] = [];
    let inFlight = 0;
    let most = 0;
    let open!: () => void;
    const allAsked = new Promise<void>((resolve) => (open = resolve));
    const fallback = setTimeout(() => open(), 2000);
    const reversed = async (q: ReportQuery): Promise<ReportQueryResult> => {
      asked.push(q);
      const position = asked.length;
      inFlight += 1;
      most = Math.max(most, inFlight);
      if (asked.length === queries) open();
      await allAsked;
      await new Promise((resolve) => setTimeout(resolve, 10 * (queries - position)));
      inFlight -= 1;
      return run(q);
    };
    const shuffled = await resolveReport(report, { run: reversed, asOfDay: '2026-10-31', freshness: [], runId: 1 });
    clearTimeout(fallback);
    expect(queries).toBeGreaterThan(1);
    expect(asked.length).toBe(queries);
    expect(most).toBe(queries);
    expect(shuffled).toEqual(inOrder);
    expect(shuffled.measures.map((m) => `${m.model}.${m.name}`)).toEqual(['azure.cost', 'licenses.licensesSold', 'licenses.deploymentRate', 'activity.operations', 'users.licensesOnInactiveUsers']);
  });

  it('fails with the failing query\'s error, leaving no promise unhandled', async () => {
    const { run } = runner();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failing = async (q: ReportQuery): Promise<ReportQueryResult> => {
        if (q.model === 'activity') throw new Error('the activity query failed');
        await new Promise((resolve) => setTimeout(resolve, 20));
        return run(q);
      };
      await expect(resolveReport(report, { run: failing, asOfDay: '2026-10-31', freshness: [], runId: 1 })).rejects.toThrow('the activity query failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('row shaping', () => {
  it('orders numbers by value, text by a fixed collation, missing values last in either direction', () => {
    expect(['b', 'Ä', 'a', 'z'].sort(compareCells)).toEqual(['a', 'Ä', 'b', 'z']);
    const rows = [{ n: 2, s: 'x' }, { n: null, s: 'y' }, { n: 10, s: 'z' }, { n: 2, s: 'w' }];
    expect(sortRows([...rows], [{ name: 'n', desc: true }], ['n', 's']).map((r) => r.s)).toEqual(['z', 'w', 'x', 'y']);
    expect(sortRows([...rows], [{ name: 'n' }], ['n', 's']).map((r) => r.s)).toEqual(['w', 'x', 'z', 'y']);
  });

  it('sorts large tables exactly as comparing every cell would, repeated text, numbers, lists and gaps included', () => {
    // Seeded, so that a failure can be replayed.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const names = ['Contoso', 'contoso', 'Ängström', 'Zeta', 'Fabrikam 10', 'Fabrikam 9', 'Adatum', 'ádatum', '', 'Northwind'];
    const pick = <T,>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      customer: pick([...names, null]),
      month: pick(['2026-01-01', '2026-02-01', '2026-10-01', null]),
      user: random() < 0.1 ? null : `user${Math.floor(random() * 2500)}@x`,
      products: random() < 0.5 ? [pick(names), pick(names)] : pick(names),
      n: random() < 0.2 ? null : Math.floor(random() * 5),
      i,
    }));
    const orderBy = [{ name: 'n', desc: true }, { name: 'customer' }];
    const columns = ['customer', 'month', 'user', 'products', 'n', 'i'];
    const reference = [...rows].sort((a, b) => {
      for (const { name, desc } of [...orderBy, ...['month', 'user', 'products', 'i'].map((name) => ({ name, desc: false }))]) {
        const x = a[name as keyof typeof a] as Parameters<typeof compareCells>[0];
        const y = b[name as keyof typeof b] as Parameters<typeof compareCells>[0];
        const c = compareCells(x, y);
        if (c !== 0) return desc && x !== null && y !== null ? -c : c;
      }
      return 0;
    });
    expect(sortRows([...rows], orderBy, columns).map((r) => r.i)).toEqual(reference.map((r) => r.i));
  });
});
