import { textWidth } from '../legend.js';
import { categoryLabel, clip, fontSize, labelsThatFit, thinTicks } from '../axes.js';
import type { Point } from '../chartData.js';
import type { ChartKindDrawing } from '../chartKind.js';

// Rows × columns coloured by one measure: rates on a red–amber–green scale, amounts on one blue ramp.
export const heatmap: ChartKindDrawing = {
  noun: 'ui.chart.noun.heatmap',
  legend: 'ramp',
  omittedNote: (omitted, top, l) => l.t('ui.chart.omitted', { top, omitted }),
  plot({ Plot, data, width, common }) {
    const points = data.points;
    const left = Math.min(260, 16 + Math.max(...data.series.map((l) => textWidth(clip(l), fontSize))));
    const cellWidth = (width - left - 16) / Math.max(1, data.categories.length);
    const percent = data.yFormat === 'percent';
    const max = Math.max(...points.map((p) => p.y ?? 0), percent ? 1 : 0);
    return {
      ...common,
      height: data.series.length * 22 + 44,
      marginLeft: left,
      marginRight: 16,
      marginTop: 30,
      x: { type: 'band', domain: data.categories, label: null, axis: 'top', ticks: thinTicks(data.categories, labelsThatFit(width)), tickFormat: data.timeGrain ? categoryLabel(data) : (d: string) => clip(d, 12) },
      y: { domain: data.series, label: null, tickFormat: (d: string) => clip(d) },
      color: percent ? { type: 'linear', domain: [0, 0.5, 1], range: ['#d73027', '#fee08b', '#1a9850'], clamp: true } : { type: 'linear', domain: [0, max || 1], range: ['#eef3fb', '#1f4e9c'] },
      marks: [
        Plot.cell(points, { x: 'x', y: 'series', fill: 'y', title: 'tooltip', inset: 0.5 }),
        ...(cellWidth >= 38
          ? [Plot.text(points, { x: 'x', y: 'series', text: (p: Point) => (p.y === null ? '' : data.l.compact(p.y, data.yFormat === 'currency' ? 'number' : data.yFormat)), fill: (p: Point) => (!percent && (p.y ?? 0) > max * 0.55 ? 'white' : '#222222'), fontSize: 10 })]
          : []),
      ],
    };
  },
};
