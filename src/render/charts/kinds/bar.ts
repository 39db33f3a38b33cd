import { textWidth } from '../legend.js';
import { axisFormat, clip, fontSize, valueLabel, valueTicks } from '../axes.js';
import type { ChartKindDrawing } from '../chartKind.js';

// Categories ranked by value, horizontal bars; several measures become grouped bars per category.
export const bar: ChartKindDrawing = {
  noun: 'ui.chart.noun.bar',
  legend: 'swatch',
  omittedNote: (omitted, top, l) => l.t('ui.chart.omitted', { top, omitted }),
  plot({ Plot, data, scheme, common }) {
    const grouped = data.series.length > 1;
    const band = grouped ? data.series.length * 13 + 10 : 24;
    const left = Math.min(260, 16 + Math.max(...data.categories.map((l) => textWidth(clip(l), fontSize))));
    const position = { x: 'y', y: grouped ? 'series' : 'x', ...(grouped ? { fy: 'x' } : {}) };
    return {
      ...common,
      height: data.categories.length * band + 48,
      marginLeft: left,
      marginRight: 72,
      marginTop: 28,
      // The measure is in the title (and the currency in the facet): an axis label would crowd the last tick.
      x: { grid: true, label: null, tickFormat: axisFormat(data), ticks: valueTicks(data) ?? 6, axis: 'top', nice: true },
      color: { domain: data.series, range: scheme },
      marks: [
        Plot.barX(data.points, { ...position, fill: grouped ? 'series' : scheme[0]!, title: 'tooltip' }),
        Plot.text(data.points, { ...position, text: valueLabel(data), textAnchor: 'start', dx: 4, fill: '#333333' }),
        Plot.ruleX([0], { stroke: '#888888' }),
      ],
      ...(grouped
        ? { fy: { domain: data.categories, label: null, axis: 'left' as const, tickFormat: (d: string) => clip(d), padding: 0.15 }, y: { domain: data.series, axis: null } }
        : { y: { domain: data.categories, label: null, tickFormat: (d: string) => clip(d), padding: 0.2 } }),
    };
  },
};
