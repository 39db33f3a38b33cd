// The pack's whole stylesheet, inline: the file opens anywhere without network access, and prints.

export const css = `
:root { --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --accent: #1f4e9c; --good: #1a7f37; --bad: #c62828; --bg-soft: #f4f6fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.45 "Segoe UI", "DejaVu Sans", Verdana, sans-serif; color: var(--ink); background: #fff; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
.report-header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 20px; }
.brand { margin: 0; color: var(--accent); font-weight: 600; letter-spacing: .04em; text-transform: uppercase; font-size: 12px; }
h1 { margin: 4px 0 6px; font-size: 26px; }
h2 { font-size: 20px; margin: 28px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 4px; }
.description { margin: 0 0 12px; color: var(--muted); max-width: 80ch; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: var(--bg-soft); border-bottom: 2px solid var(--line); font-weight: 600; overflow-wrap: normal; }
tbody th { font-weight: 500; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
td.empty { color: var(--muted); }
.freshness { width: auto; font-size: 12px; }
.freshness th, .freshness td { padding: 2px 10px 2px 0; border: 0; background: none; }
nav.pages { margin: 0 0 8px; font-size: 13px; }
nav.pages a { color: var(--accent); margin-right: 14px; }
.kpis { list-style: none; padding: 0; margin: 0 0 20px; display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: #fff; }
.kpi h3 { font-size: 13px; font-weight: 500; color: var(--muted); }
.kpi-value { font-size: 24px; font-weight: 600; margin: 2px 0; white-space: nowrap; }
.kpi-change { margin: 0; font-size: 12px; color: var(--muted); }
.kpi-change.good { color: var(--good); }
.kpi-change.bad { color: var(--bad); }
.kpi-previous { margin: 0; font-size: 12px; color: var(--muted); }
.spark { display: block; margin-top: 6px; }
figure.chart { margin: 0 0 28px; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption p, .table-block > p { margin: 0 0 8px; color: var(--muted); }
.note { font-size: 12px; color: var(--muted); margin: 6px 0 0; }
.insight { border-left: 4px solid var(--accent); padding-left: 10px; }
.table-block { margin: 0 0 28px; }
.table-wrap { overflow-x: auto; }
ul.cell-list { margin: 0; padding-left: 16px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-top: 36px; border-top: 1px solid var(--line); padding-top: 12px; font-size: 12px; color: var(--muted); }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
footer dt { font-weight: 600; color: var(--ink); }
footer dd { margin: 0; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 10pt; }
  .wrap { max-width: none; padding: 0; }
  nav.pages { display: none; }
  section.page { break-before: page; }
  section.page:first-of-type { break-before: auto; }
  .kpi, figure.chart, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  h2, h3 { break-after: avoid; }
}
`;
