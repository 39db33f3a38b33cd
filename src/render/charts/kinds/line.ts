import { axisFormat, categoryLabel, labelsThatFit, thinTicks, valueTicks, yAxisLabel } from '../axes.js';
import type { ChartKindDrawing } from '../chartKind.js';

// A measure over time, one line per series. A period still in progress ends the line dashed, on a hollow
// dot: a two-day month is not a collapse.
export const line: ChartKindDrawing = {
  noun: 'ui.chart.noun.line',
  legend: 'swatch',
  omittedNote: (omitted, top, l) => l.t('ui.chart.omitted', { top, omitted }),
  plot({ Plot, data, scheme, width, common }) {
    const grain = data.timeGrain;
    const complete = data.points.filter((p) => !p.partial);
    const last = data.categories.filter((c) => c !== data.partial).at(-1);
    const tail = data.partial ? data.points.filter((p) => p.x === data.partial || p.x === last) : [];
    return {
      ...common,
      height: 300,
      marginLeft: 60,
      marginRight: 24,
      marginBottom: 34,
      // Given a count, d3 still labels every month; the categories it may label, thinned to what fits, it keeps.
      x: { type: 'utc', label: null, ticks: thinTicks(data.categories, Math.min(grain === 'month' ? 12 : 8, labelsThatFit(width))).map((c) => new Date(c)), tickFormat: categoryLabel(data) },
      y: { grid: true, label: yAxisLabel(data), tickFormat: axisFormat(data), ticks: valueTicks(data), zero: true, nice: true },
      color: { domain: data.series, range: scheme },
      marks: [
        Plot.ruleY([0], { stroke: '#bbbbbb' }),
        Plot.lineY(complete, { x: 'date', y: 'y', stroke: 'series', strokeWidth: 2, z: 'series' }),
        ...(tail.length ? [Plot.lineY(tail, { x: 'date', y: 'y', stroke: 'series', strokeWidth: 2, z: 'series', strokeDasharray: '4,3' })] : []),
        Plot.dot(complete.filter((p) => p.y !== null), { x: 'date', y: 'y', fill: 'series', r: 2.5, title: 'tooltip' }),
        ...(data.partial ? [Plot.dot(data.points.filter((p) => p.partial && p.y !== null), { x: 'date', y: 'y', stroke: 'series', fill: 'white', strokeWidth: 1.5, r: 3.5, title: 'tooltip' })] : []),
      ],
    };
  },
};
