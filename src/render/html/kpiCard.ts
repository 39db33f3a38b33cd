import type { Kpi } from '../../reports/resolvedReport.js';
import { escapeHtml } from '../escape.js';
import { formatNumber } from '../format.js';
import { kpiChange } from '../kpiChange.js';
import { sparkline } from '../sparkline.js';

// One KPI: its value, the change against the previous period (worded and coloured by what is good news),
// and a twelve-month sparkline whose points are readable by screen readers as text.

export function kpiCard(kpi: Kpi): string {
  const change = kpiChange(kpi);
  const label = kpi.currency ? `${kpi.label} (${kpi.currency})` : kpi.label;
  const value = kpi.value === null ? '—' : formatNumber(kpi.value, kpi.format, kpi.currency);
  const arrow = change.direction === 'up' ? '▲ ' : change.direction === 'down' ? '▼ ' : '';
  const previous = kpi.previous === null ? '' : `<p class="kpi-previous">previous period: ${escapeHtml(formatNumber(kpi.previous, kpi.format, kpi.currency))}</p>`;
  return (
    `<li class="kpi"${kpi.description ? ` title="${escapeHtml(kpi.description)}"` : ''}>` +
    `<h3>${escapeHtml(label)}</h3>` +
    `<p class="kpi-value">${escapeHtml(value)}</p>` +
    `<p class="kpi-change ${change.tone}"><span aria-hidden="true">${arrow}</span>${escapeHtml(change.text)}<span class="visually-hidden"> compared with the previous period</span></p>` +
    previous +
    sparklineSvg(kpi) +
    '</li>'
  );
}

function sparklineSvg(kpi: Kpi): string {
  const line = sparkline(kpi);
  if (!line) return '';
  return (
    `<svg class="spark" width="${line.width}" height="${line.height}" viewBox="0 0 ${line.width} ${line.height}" role="img" aria-label="${escapeHtml(line.summary)}">` +
    `<polyline fill="none" stroke="#1f4e9c" stroke-width="1.5" points="${line.points.join(' ')}"/>` +
    `<circle cx="${line.last.x}" cy="${line.last.y}" r="2.5" fill="#1f4e9c"/></svg>`
  );
}
