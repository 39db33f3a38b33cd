import { textWidth } from '../legend.js';
import { axisFormat, categoryLabel, clip, fontSize, labelsThatFit, thinTicks, valueTicks, yAxisLabel } from '../axes.js';
import type { ChartKindDrawing } from '../chartKind.js';

// Parts of a total per category (often per month); a month still in progress is drawn lighter and labelled.
export const stackedBar: ChartKindDrawing = {
  noun: 'ui.chart.noun.stackedBar',
  legend: 'swatch',
  omittedNote: (omitted, top, l) => l.t('ui.chart.omittedOther', { top: top - 1, omitted, other: l.t('ui.chart.other') }),
  plot({ Plot, data, scheme, width, common }) {
    const time = data.timeGrain !== undefined;
    const rotate = !time && data.categories.length > 6;
    const bottom = rotate ? 20 + Math.min(140, Math.max(...data.categories.map((c) => textWidth(clip(c, 24), fontSize)))) * 0.6 : 34;
    return {
      ...common,
      height: 300 + (rotate ? bottom - 34 : 0),
      marginLeft: 60,
      marginBottom: bottom,
      x: time
        ? { type: 'band', domain: data.categories, label: null, ticks: thinTicks(data.categories, labelsThatFit(width)), tickFormat: categoryLabel(data), padding: 0.15 }
        : { domain: data.categories, label: null, tickFormat: (d: string) => clip(d, 24), tickRotate: rotate ? -35 : 0, padding: 0.15 },
      y: { grid: true, label: yAxisLabel(data), tickFormat: axisFormat(data), ticks: valueTicks(data), nice: true },
      color: { domain: data.series, range: scheme },
      marks: [
        Plot.barY(data.points, { x: 'x', y: 'y', fill: 'series', title: 'tooltip', order: data.series, ...(data.partial ? { fillOpacity: (p: { partial?: boolean }) => (p.partial ? 0.4 : 1) } : {}) }),
        Plot.ruleY([0], { stroke: '#888888' }),
      ],
    };
  },
};
