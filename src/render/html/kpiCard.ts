import type { Localizer } from '../../locale/localizer.js';
import type { Kpi } from '../../reports/resolvedReport.js';
import { escapeHtml } from '../escape.js';
import { kpiChange, kpiLabel } from '../kpiChange.js';
import { sparkline } from '../sparkline.js';

// One KPI: its value, the change against the previous period (worded and coloured by what is good news),
// and a twelve-month sparkline whose points are readable by screen readers as text.

export function kpiCard(kpi: Kpi, l: Localizer, asOf?: string): string {
  const change = kpiChange(kpi, l);
  const value = kpi.value === null ? '—' : l.number(kpi.value, kpi.format, kpi.currency);
  const arrow = change.direction === 'up' ? '▲ ' : change.direction === 'down' ? '▼ ' : '';
  const previous = kpi.previous === null ? '' : `<p class="kpi-previous">${escapeHtml(l.t('ui.kpi.previous', { value: l.number(kpi.previous, kpi.format, kpi.currency) }))}</p>`;
  return (
    `<li class="kpi"${kpi.description ? ` title="${escapeHtml(kpi.description)}"` : ''}>` +
    `<h3>${escapeHtml(kpiLabel(kpi))}</h3>` +
    `<p class="kpi-value">${escapeHtml(value)}</p>` +
    `<p class="kpi-change ${change.tone}"><span aria-hidden="true">${arrow}</span>${escapeHtml(change.text)}<span class="visually-hidden">${escapeHtml(l.t('ui.kpi.comparedHidden'))}</span></p>` +
    previous +
    sparklineSvg(kpi, l, asOf) +
    '</li>'
  );
}

function sparklineSvg(kpi: Kpi, l: Localizer, asOf: string | undefined): string {
  const line = sparkline(kpi, l, asOf);
  if (!line) return '';
  const tail = line.partial
    ? `<line x1="${line.partial.from.x}" y1="${line.partial.from.y}" x2="${line.partial.to.x}" y2="${line.partial.to.y}" stroke="#1f4e9c" stroke-width="1.5" stroke-dasharray="3,2"/>` +
      `<circle cx="${line.last.x}" cy="${line.last.y}" r="2.5" fill="#fff" stroke="#1f4e9c" stroke-width="1.2"/>`
    : `<circle cx="${line.last.x}" cy="${line.last.y}" r="2.5" fill="#1f4e9c"/>`;
  return (
    `<svg class="spark" width="${line.width}" height="${line.height}" viewBox="0 0 ${line.width} ${line.height}" role="img" aria-label="${escapeHtml(line.summary)}">` +
    `<polyline fill="none" stroke="#1f4e9c" stroke-width="1.5" points="${line.points.join(' ')}"/>` +
    tail +
    '</svg>'
  );
}
