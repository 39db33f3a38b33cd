import { axisFormat, valueLabel, valueTicks, yAxisLabel } from '../axes.js';
import type { ChartKindDrawing } from '../chartKind.js';

// A measure over ordered buckets (deployment 0–20 % … >100 %), each bar labelled with its value.
export const distribution: ChartKindDrawing = {
  noun: 'ui.chart.noun.distribution',
  legend: 'swatch',
  omittedNote: (omitted, top, l) => l.t('ui.chart.omitted', { top, omitted }),
  plot({ Plot, data, scheme, common }) {
    return {
      ...common,
      height: 280,
      marginLeft: 60,
      marginTop: 36,
      marginBottom: 38,
      x: { domain: data.categories, label: data.xColumn.label, padding: 0.25 },
      y: { grid: true, label: yAxisLabel(data), tickFormat: axisFormat(data), ticks: valueTicks(data), nice: true },
      color: { domain: data.series, range: scheme },
      marks: [
        Plot.barY(data.points, { x: 'x', y: 'y', fill: data.series.length > 1 ? 'series' : scheme[0]!, title: 'tooltip' }),
        Plot.text(data.points, { x: 'x', y: 'y', text: valueLabel(data), dy: -7, fill: '#333333' }),
        Plot.ruleY([0], { stroke: '#888888' }),
      ],
    };
  },
};
