import type { Localizer } from '../../locale/localizer.js';
import type { Kpi } from '../../reports/resolvedReport.js';
import { escapeHtml } from '../escape.js';
import { kpiChange, kpiLabel } from '../kpiChange.js';

// One KPI: its value, the change against the previous period (worded and coloured by what is good news),
// and a twelve-month sparkline whose points are readable by screen readers as text.

export function kpiCard(kpi: Kpi, l: Localizer): string {
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
    sparkline(kpi, l) +
    '</li>'
  );
}

function sparkline(kpi: Kpi, l: Localizer): string {
  const values = kpi.trend.filter((t) => t.value !== null) as { period: string; value: number }[];
  if (values.length < 2) return '';
  const width = 176;
  const height = 34;
  const min = Math.min(...values.map((v) => v.value));
  const max = Math.max(...values.map((v) => v.value));
  const span = max - min || 1;
  const step = width / Math.max(1, kpi.trend.length - 1);
  const coords: string[] = [];
  kpi.trend.forEach((t, i) => {
    if (t.value === null) return;
    const x = (i * step).toFixed(1);
    const y = (height - 3 - ((t.value - min) / span) * (height - 6)).toFixed(1);
    coords.push(`${x},${y}`);
  });
  const first = values[0]!;
  const last = values.at(-1)!;
  const summary = l.t('ui.kpi.trend', {
    months: kpi.trend.length,
    first: l.number(first.value, kpi.format, kpi.currency),
    firstMonth: l.date(first.period, 'month'),
    last: l.number(last.value, kpi.format, kpi.currency),
    lastMonth: l.date(last.period, 'month'),
  });
  return (
    `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(summary)}">` +
    `<polyline fill="none" stroke="#1f4e9c" stroke-width="1.5" points="${coords.join(' ')}"/>` +
    `<circle cx="${coords.at(-1)!.split(',')[0]}" cy="${coords.at(-1)!.split(',')[1]}" r="2.5" fill="#1f4e9c"/></svg>`
  );
}
