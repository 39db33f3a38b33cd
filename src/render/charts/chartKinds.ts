import type { ChartKind } from '../../reports/defineReport.js';
import type { ChartKindDrawing } from './chartKind.js';
import { bar } from './kinds/bar.js';
import { distribution } from './kinds/distribution.js';
import { heatmap } from './kinds/heatmap.js';
import { line } from './kinds/line.js';
import { stackedBar } from './kinds/stackedBar.js';

/** Every chart kind a report may name, and how it is drawn: a new kind is a new file and one line here. */
export const chartKinds: Record<ChartKind, ChartKindDrawing> = {
  line,
  bar,
  'stacked-bar': stackedBar,
  heatmap,
  distribution,
};
