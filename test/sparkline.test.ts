import { describe, expect, it } from 'vitest';
import { localizerFor } from '../src/locale/catalogue.js';
import { kpiCard } from '../src/render/html/kpiCard.js';
import { sparkline } from '../src/render/sparkline.js';
import type { Kpi } from '../src/reports/resolvedReport.js';

const months = ['2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01'];
const kpi: Kpi = {
  id: 'cost', label: 'Cost', format: 'currency', currency: 'EUR', value: 40, previous: 300, better: 'neutral',
  trend: months.map((period, i) => ({ period, value: [100, 200, 300, 40][i]! })),
};

describe('KPI sparkline', () => {
  it('draws a month still in progress apart (dashed, hollow), not as a collapse of the solid line', () => {
    const line = sparkline(kpi, localizerFor('en-US'), '2026-12-02')!;
    // Four months over 176 px: x = 0, 58.7, 117.3, 176; the solid line stops at November.
    expect(line.points.map((p) => p.split(',')[0])).toEqual(['0.0', '58.7', '117.3']);
    expect(line.partial).toEqual({ from: { x: '117.3', y: line.points[2]!.split(',')[1] }, to: { x: '176.0', y: line.last.y } });
    const svg = kpiCard(kpi, localizerFor('en-US'), '2026-12-02');
    expect(svg).toContain('stroke-dasharray="3,2"');
    expect(svg).toContain('fill="#fff"');
  });
  it('draws a complete last month as part of the line', () => {
    const line = sparkline(kpi, localizerFor('en-US'), '2026-12-31')!;
    expect(line.points).toHaveLength(4);
    expect(line.partial).toBeUndefined();
    expect(kpiCard(kpi, localizerFor('en-US'), '2026-12-31')).not.toContain('stroke-dasharray');
  });
  it('says the trend in the report\'s locale', () => {
    expect(sparkline(kpi, localizerFor('fr-FR'))!.summary).toContain('40,00\u00a0€');
    expect(sparkline(kpi, localizerFor('en-US'))!.summary).toContain('EUR 40.00');
  });
});
