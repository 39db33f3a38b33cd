import { catalogue, localizerFor } from '../locale/catalogue.js';
import type { Locale } from '../locale/locales.js';
import type { ReportDefinition } from '../reports/defineReport.js';
import type { ResolvedReport } from '../reports/resolvedReport.js';
import { escapeHtml } from '../render/escape.js';
import type { CustomerRef } from '../reports/warehouseFacts.js';

// The embedded report's HTML: a shell and its data. No value reaches a script: the data travels as JSON in a
// `<script type="application/json">` (never executed, with `<` escaped so it cannot close the element),
// and the page's code comes from the service's own files.

/** Everything the page's script needs to draw the report and redraw it for other filters. */
export interface EmbedBoot {
  report: Pick<ReportDefinition, 'name' | 'scope' | 'periodDays' | 'pages'>;
  /** The page's locale and the catalogue texts its script writes (`ui.*`, `format.*`): see `embedLabels`. */
  locale: Locale;
  labels: Record<string, string>;
  resolved: ResolvedReport;
  /** The newest day with data: the default period ends here. */
  asOfDay: string;
  customers: CustomerRef[];
  /** The token's customer, or the customer this customer-scoped page is about: the filter is fixed. */
  fixedCustomer?: CustomerRef;
  products: string[];
  /** Each model the report reads, with its dimensions: filters apply only where the model has the dimension. */
  modelDimensions: Record<string, string[]>;
  /** The drill from a customer row opens this report. */
  drillReport?: string;
}

/** JSON safe inside an HTML element: nothing in it can end the element or start markup. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Where the page's assets are: the service's versioned URLs. */
export interface PageAssets {
  css: string;
  d3: string;
  plot: string;
  /** `modulepreload` hints: every module the page's script imports. */
  modules: string[];
}

/**
 * The page for `boot`, whose `resolved` arrives as the HTML-safe JSON the answer cache keeps. `firstScreen`:
 * the report's top drawn on the server (see firstScreen.ts), shown until the script draws it all.
 */
export function embedPage(boot: Omit<EmbedBoot, 'resolved'>, answer: { json: string; title: string; description: string }, assets: PageAssets, firstScreen = ''): string {
  const r = answer;
  const l = localizerFor(boot.locale);
  // Spliced, not parsed and serialised again: the report is the bulk of the island.
  const island = `{"resolved":${answer.json},${jsonForHtml(boot).slice(1)}`;
  return (
    `<!DOCTYPE html><html lang="${escapeHtml(boot.locale)}"><head>` +
    '<meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(r.title)} — PartnerLens</title>` +
    // No request for /favicon.ico (a 404 in every embedding page's console).
    '<link rel="icon" href="data:,">' +
    `<link rel="stylesheet" href="${escapeHtml(assets.css)}">` +
    // Deferred: fetched while the page is parsed, run in this order before the page's module (also deferred).
    // Named before the data, and every module the page imports named too: all are asked for at once.
    `<script defer src="${escapeHtml(assets.d3)}"></script>` +
    `<script defer src="${escapeHtml(assets.plot)}"></script>` +
    '<script type="module" src="/embed/lib/embed/client/embedPage.js"></script>' +
    assets.modules.map((m) => `<link rel="modulepreload" href="${escapeHtml(m)}">`).join('') +
    '</head><body>' +
    `<header class="top"><p class="brand">PartnerLens</p><h1 id="pl-title">${escapeHtml(r.title)}</h1>` +
    `<p class="description">${escapeHtml(r.description)}</p><p class="asof" id="pl-asof"></p></header>` +
    `<form id="pl-filters" class="filters" aria-label="${escapeHtml(l.t('ui.filter.label'))}"></form>` +
    `<p id="pl-status" class="status" role="status" aria-live="polite">${escapeHtml(l.t('ui.embed.loading'))}</p>` +
    `<main id="pl-content">${firstScreen}</main>` +
    // Last: the browser shows the server-drawn top of the report before this (the bulk of the page) arrives.
    `<script type="application/json" id="pl-boot">${island}</script>` +
    '</body></html>'
  );
}

/** The catalogue texts the page's script writes itself (headings, notes, formats); the report's own texts arrive resolved. */
export function embedLabels(locale: Locale): Record<string, string> {
  return Object.fromEntries(Object.entries(catalogue(locale)).filter(([key]) => key.startsWith('ui.') || key.startsWith('format.')));
}
