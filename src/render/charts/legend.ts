import { escapeXml } from '../escape.js';
import type { ChartData } from './chartData.js';

// Legends drawn as SVG. Plot's own swatch legends are HTML, which neither an SVG file nor the PNG
// renderer can show; these sit above the plot in the same SVG.

/** Width of a text in DejaVu Sans (the chart font), from its average advance: good enough to lay out. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += /[il.,:;'|!]/.test(ch) ? 0.3 : /[mwMW@%]/.test(ch) ? 0.9 : /[A-Z0-9]/.test(ch) ? 0.68 : 0.6;
  return em * size;
}

function clip(label: string, max = 34): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

export function swatchLegend(series: readonly string[], colours: readonly string[], width: number, label: string): { svg: string; height: number } {
  const items: string[] = [];
  let x = 12;
  let line = 0;
  series.forEach((name, i) => {
    const label = clip(name);
    const advance = 18 + textWidth(label, 11) + 18;
    if (x + advance > width - 8 && x > 12) {
      x = 12;
      line++;
    }
    const y = 8 + line * 18;
    items.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${colours[i] ?? '#999999'}"/><text x="${x + 17}" y="${y + 10}" fill="#333333">${escapeXml(label)}</text>`);
    x += advance;
  });
  return { svg: `<g aria-label="${escapeXml(label)}">${items.join('')}</g>`, height: (line + 1) * 18 + 12 };
}

/** A colour ramp for heat maps: low to high, with the measure's own formatting at both ends. */
export function rampLegend(data: ChartData, width: number): { svg: string; height: number } {
  const percent = data.yFormat === 'percent';
  const values = data.points.map((p) => p.y ?? 0);
  const max = percent ? 1 : Math.max(0, ...values) || 1;
  const stops = percent
    ? '<stop offset="0" stop-color="#d73027"/><stop offset="0.5" stop-color="#fee08b"/><stop offset="1" stop-color="#1a9850"/>'
    : '<stop offset="0" stop-color="#eef3fb"/><stop offset="1" stop-color="#1f4e9c"/>';
  const label = data.currency ? `${data.yLabel} (${data.currency})` : data.yLabel;
  const barX = 12 + textWidth(label, 11) + 12;
  const barWidth = Math.min(220, width - barX - 80);
  const low = data.l.compact(0, data.yFormat);
  // Rates above 100 % are drawn in the top colour: the end of the ramp reads "100%+".
  const high = percent ? data.l.t('ui.chart.andAbove', { value: data.l.compact(max, data.yFormat) }) : data.l.compact(max, data.yFormat);
  return {
    svg:
      `<g aria-label="${escapeXml(data.l.t('ui.chart.legend'))}"><defs><linearGradient id="ramp-${percent ? 'rate' : 'amount'}" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>` +
      `<text x="12" y="18" fill="#333333">${escapeXml(label)}</text>` +
      `<rect x="${barX}" y="8" width="${barWidth}" height="12" fill="url(#ramp-${percent ? 'rate' : 'amount'})"/>` +
      `<text x="${barX}" y="33" fill="#333333" text-anchor="start">${escapeXml(low)}</text>` +
      `<text x="${barX + barWidth}" y="33" fill="#333333" text-anchor="end">${escapeXml(high)}</text></g>`,
    height: 40,
  };
}
