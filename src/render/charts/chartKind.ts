import type * as PlotApi from '@observablehq/plot';
import type { Localizer } from '../../locale/localizer.js';
import type { ChartData } from './chartData.js';

// What one chart kind is: how it reads aloud and how Plot draws it. Each kind is one small file in
// `kinds/`; the server (svgDocument.ts) and the embedded view (the browser's own Plot) call the same `plot`.

export type Plot = typeof PlotApi;

export interface KindContext {
  Plot: Plot;
  data: ChartData;
  /** One colour per series, in `data.series` order. */
  scheme: string[];
  width: number;
  /** Options every chart shares (document, font, width, class). */
  common: Record<string, unknown>;
}

export interface ChartKindDrawing {
  /** For the alternative text ("Line chart: …"): its catalogue key. */
  noun: string;
  /** Which legend goes above the plot. */
  legend: 'swatch' | 'ramp';
  plot(context: KindContext): PlotApi.PlotOptions & { height: number };
  /** Said under the chart when `top` left series or categories out. */
  omittedNote(omitted: number, top: number, l: Localizer): string;
}
