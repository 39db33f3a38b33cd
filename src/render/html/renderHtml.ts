import type { ResolvedReport } from '../../reports/resolvedReport.js';
import type { RenderedChart } from '../charts/renderChart.js';
import { chartKey, chartTitle } from '../charts/renderChart.js';
import { escapeHtml } from '../escape.js';
import { formatDate, formatStamp } from '../format.js';
import { css } from './css.js';
import { htmlTable } from './htmlTable.js';
import { kpiCard } from './kpiCard.js';

// A report as one self-contained HTML file: inline CSS and SVG, no script, no network. A strict
// Content-Security-Policy is the second line of defence behind escaping every value.

export interface HtmlOptions {
  /** Rendered SVG of each chart, keyed by `chartKey`. */
  charts: ReadonlyMap<string, RenderedChart>;
  /** Rows shown per table; the workbook has all of them. */
  rowLimit?: number;
}

const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** An element id from a chart key: facet values (a meter's name) may hold spaces and punctuation. */
function domId(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]+/g, '-');
}

function day(iso: string): string {
  return formatDate(iso, 'day');
}

export function renderHtml(report: ResolvedReport, { charts, rowLimit = 200 }: HtmlOptions): string {
  const filters = report.filters.length ? report.filters.map((f) => `${escapeHtml(f.label)}: <bdi>${escapeHtml(f.value)}</bdi>`).join('; ') : 'none';
  const freshness = report.freshness.length
    ? `<table class="freshness"><caption>Data freshness</caption><thead><tr><th scope="col">Dataset</th><th scope="col">Source</th><th scope="col">Data as of</th><th scope="col">Run</th></tr></thead><tbody>${report.freshness
        .map((f) => `<tr><th scope="row">${escapeHtml(f.dataset)}</th><td>${escapeHtml(f.source)}</td><td>${escapeHtml(formatStamp(f.asOf))}</td><td>${escapeHtml(String(f.runId))}</td></tr>`)
        .join('')}</tbody></table>${report.freshness
        .filter((f) => f.note)
        .map((f) => `<p class="note">${escapeHtml(f.dataset)}: ${escapeHtml(f.note!)}</p>`)
        .join('')}`
    : '<p class="note">No data has been loaded yet: run a job or <code>partnerlens demo</code>.</p>';
  const nav =
    report.pages.length > 1
      ? `<nav class="pages" aria-label="Pages of this report">${report.pages.map((p, i) => `<a href="#page-${i + 1}">${escapeHtml(p.title)}</a>`).join('')}</nav>`
      : '';

  const pages = report.pages.map((page, i) => {
    const kpis = page.kpis.length ? `<ul class="kpis" aria-label="Key figures">${page.kpis.map(kpiCard).join('')}</ul>` : '';
    const described = new Set<string>();
    const figures = page.charts.map((chart) => {
      const rendered = charts.get(chartKey(chart));
      // Facets of one chart (one per currency or meter) share a description: say it once.
      const description = chart.description && !described.has(chart.id) ? `<p>${escapeHtml(chart.description)}</p>` : '';
      described.add(chart.id);
      const note = rendered?.note ? `<p class="note">${escapeHtml(rendered.note)}</p>` : '';
      return `<figure class="chart" id="chart-${domId(chartKey(chart))}"><figcaption><h3>${escapeHtml(chartTitle(chart))}</h3>${description}</figcaption>${rendered?.svg ?? ''}${note}</figure>`;
    });
    const tables = page.tables.map(
      (t) =>
        `<section class="table-block${t.note ? ' insight' : ''}" id="table-${domId(t.id)}"><h3>${escapeHtml(t.title)}</h3>` +
        (t.description ? `<p>${escapeHtml(t.description)}</p>` : '') +
        (t.note ? `<p>${escapeHtml(t.note)}</p>` : '') +
        htmlTable({ caption: t.title, data: t.data, limit: rowLimit }) +
        '</section>',
    );
    return `<section class="page" id="page-${i + 1}" aria-labelledby="page-${i + 1}-title"><h2 id="page-${i + 1}-title">${escapeHtml(page.title)}</h2>${kpis}${figures.join('\n')}${tables.join('\n')}</section>`;
  });

  const glossary = report.measures.length
    ? `<h2>Definitions</h2><dl>${report.measures.map((m) => `<dt>${escapeHtml(m.label)}</dt><dd>${escapeHtml(m.description)} <span class="note">(${escapeHtml(m.model)}.${escapeHtml(m.name)})</span></dd>`).join('')}</dl>`
    : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="PartnerLens">
<title>${escapeHtml(report.title)} — PartnerLens</title>
<style>${css}</style>
</head>
<body>
<div class="wrap">
<header class="report-header">
<p class="brand">PartnerLens</p>
<h1>${escapeHtml(report.title)}</h1>
<p class="description">${escapeHtml(report.description)}</p>
<dl class="meta">
<dt>Period</dt><dd>${day(report.period.from)} to ${day(report.period.to)} <span class="note">(compared with ${day(report.previous.from)} to ${day(report.previous.to)})</span></dd>
<dt>Filters</dt><dd>${filters}</dd>
<dt>Run</dt><dd>${report.runId === null ? 'no run yet' : `#${report.runId}`}</dd>
</dl>
${freshness}
</header>
${nav}
<main>
${pages.join('\n')}
</main>
<footer>
${glossary}
<p>Report <code>${escapeHtml(report.name)}</code> produced by PartnerLens from run ${report.runId === null ? '—' : `#${report.runId}`}. Figures are as of the times above; money is never summed across currencies.</p>
</footer>
</div>
</body>
</html>
`;
}
