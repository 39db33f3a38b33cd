import type { ResolvedReport } from '../../reports/resolvedReport.js';
import type { RenderedChart } from '../charts/renderChart.js';
import { chartKey, chartTitle } from '../charts/renderChart.js';
import { escapeHtml } from '../escape.js';
import { localizerFor } from '../../locale/catalogue.js';
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

export function renderHtml(report: ResolvedReport, { charts, rowLimit = 200 }: HtmlOptions): string {
  const l = localizerFor(report.locale);
  const t = (key: string, params?: Record<string, string | number>) => escapeHtml(l.t(key, params));
  const day = (iso: string) => l.date(iso, 'day');
  const filters = report.filters.length ? report.filters.map((f) => `${escapeHtml(f.label)}${t('ui.punctuation.colon')}<bdi>${escapeHtml(f.value)}</bdi>`).join(t('ui.punctuation.semicolon')) : t('ui.filter.none');
  const freshness = report.freshness.length
    ? `<table class="freshness"><caption>${t('ui.freshness.caption')}</caption><thead><tr><th scope="col">${t('ui.freshness.dataset')}</th><th scope="col">${t('ui.freshness.source')}</th><th scope="col">${t('ui.freshness.asOf')}</th><th scope="col">${t('ui.freshness.run')}</th></tr></thead><tbody>${report.freshness
        .map((f) => `<tr><th scope="row">${escapeHtml(f.dataset)}</th><td>${escapeHtml(f.source)}</td><td>${escapeHtml(l.stamp(f.asOf))}</td><td>${escapeHtml(String(f.runId))}</td></tr>`)
        .join('')}</tbody></table>${report.freshness
        .filter((f) => f.note)
        .map((f) => `<p class="note">${escapeHtml(f.dataset)}${t('ui.punctuation.colon')}${escapeHtml(f.note!)}</p>`)
        .join('')}`
    : `<p class="note">${t('ui.freshness.noData').replace('{command}', '<code>partnerlens demo</code>')}</p>`;
  const nav =
    report.pages.length > 1
      ? `<nav class="pages" aria-label="${t('ui.html.pagesNav')}">${report.pages.map((p, i) => `<a href="#page-${i + 1}">${escapeHtml(p.title)}</a>`).join('')}</nav>`
      : '';

  const pages = report.pages.map((page, i) => {
    const kpis = page.kpis.length ? `<ul class="kpis" aria-label="${t('ui.html.keyFigures')}">${page.kpis.map((k) => kpiCard(k, l, report.period.to)).join('')}</ul>` : '';
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
      (table) =>
        `<section class="table-block${table.note ? ' insight' : ''}" id="table-${domId(table.id)}"><h3>${escapeHtml(table.title)}</h3>` +
        (table.description ? `<p>${escapeHtml(table.description)}</p>` : '') +
        (table.note ? `<p>${escapeHtml(table.note)}</p>` : '') +
        htmlTable({ caption: table.title, data: table.data, limit: rowLimit, l }) +
        '</section>',
    );
    return `<section class="page" id="page-${i + 1}" aria-labelledby="page-${i + 1}-title"><h2 id="page-${i + 1}-title">${escapeHtml(page.title)}</h2>${kpis}${figures.join('\n')}${tables.join('\n')}</section>`;
  });

  const glossary = report.measures.length
    ? `<h2>${t('ui.definitions.heading')}</h2><dl>${report.measures.map((m) => `<dt>${escapeHtml(m.label)}</dt><dd>${escapeHtml(m.description)} <span class="note">(${escapeHtml(m.model)}.${escapeHtml(m.name)})</span></dd>`).join('')}</dl>`
    : '';

  return `<!DOCTYPE html>
<html lang="${escapeHtml(l.locale)}">
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
<dt>${t('ui.period.label')}</dt><dd>${t('ui.period.range', { from: day(report.period.from), to: day(report.period.to) })} <span class="note">${t('ui.period.compared', { from: day(report.previous.from), to: day(report.previous.to) })}</span></dd>
<dt>${t('ui.filter.label')}</dt><dd>${filters}</dd>
<dt>${t('ui.run.label')}</dt><dd>${report.runId === null ? t('ui.run.none') : `#${report.runId}`}</dd>
</dl>
${freshness}
</header>
${nav}
<main>
${pages.join('\n')}
</main>
<footer>
${glossary}
<p>${t('ui.html.footer', { run: report.runId === null ? '—' : `#${report.runId}` }).replace('{report}', `<code>${escapeHtml(report.name)}</code>`)}</p>
</footer>
</div>
</body>
</html>
`;
}
