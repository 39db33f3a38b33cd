import type { DataColumn, DataTable, ResolvedChart, ResolvedReport } from '../../reports/resolvedReport.js';
import { chartPng } from '../charts/chartPng.js';
import { chartKey, chartTitle, type RenderedChart } from '../charts/renderChart.js';
import { formatStamp } from '../format.js';
import { kpiChange } from '../kpiChange.js';
import { XlsxWriter, type FormattedCell, type SheetCell, type SheetColumn, type SheetImage, type WrittenSheet, type XlsxWriterOptions } from './xlsxWriter.js';

// A report as a workbook: the KPI sheet first, then one sheet per chart (its data as a table, the chart
// as a picture beside it) and per table, the KPI trends, and an About sheet with definitions, freshness
// and filters. Every sheet is a real Excel table an analyst can filter, sort and pivot.

export interface XlsxOptions {
  charts: ReadonlyMap<string, RenderedChart>;
  writer?: Omit<XlsxWriterOptions, 'title' | 'subject' | 'modified'>;
}

export interface XlsxResult {
  sheets: WrittenSheet[];
}

function sheetColumns(data: DataTable): SheetColumn[] {
  return data.columns.map((c) => ({
    header: c.label,
    format: c.list ? 'text' : c.format,
    grain: c.grain,
    currency: currencySource(c, data.columns),
  }));
}

function currencySource(column: DataColumn, columns: readonly DataColumn[]): SheetColumn['currency'] {
  if (!column.currency) return undefined;
  if ('code' in column.currency) return column.currency.code;
  const name = column.currency.column;
  const index = columns.findIndex((c) => c.name === name);
  return index >= 0 ? { index } : undefined;
}

function* sheetRows(data: DataTable): Iterable<SheetCell[]> {
  for (const row of data.rows) yield data.columns.map((c) => row[c.name] ?? null);
}

function newestAsOf(report: ResolvedReport): string | undefined {
  return report.freshness.map((f) => f.asOf).sort().at(-1);
}

export async function renderXlsx(report: ResolvedReport, path: string, { charts, writer: writerOptions = {} }: XlsxOptions): Promise<XlsxResult> {
  const writer = new XlsxWriter(path, { ...writerOptions, title: report.title, subject: report.description, modified: newestAsOf(report) });
  const sheets: WrittenSheet[] = [];
  const contents: { name: string; what: string }[] = [];
  const period = `${report.period.from} to ${report.period.to} (compared with ${report.previous.from} to ${report.previous.to})`;
  const filters = report.filters.length ? report.filters.map((f) => `${f.label}: ${f.value}`).join('; ') : 'none';
  const add = async (what: string, written: WrittenSheet[]) => {
    sheets.push(...written);
    for (const w of written) contents.push({ name: w.name, what: w.continues ? `${what} — continued from "${w.continues}" (rows ${w.firstRow.toLocaleString('en-US')} to ${(w.firstRow + w.rows - 1).toLocaleString('en-US')})` : what });
  };

  try {
    const kpis = report.pages.flatMap((p) => p.kpis);
    await add(
      'Key figures with the change against the previous period',
      await writer.addSheet({
        name: 'KPIs',
        preamble: [
          { text: report.title, style: 'title' },
          { text: report.description, style: 'note' },
          { text: `Period: ${period}` },
          { text: `Filters: ${filters}` },
          { text: `Data as of ${report.freshness.length ? formatStamp(newestAsOf(report)!) : 'no data loaded yet'}${report.runId === null ? '' : `, run ${report.runId}`} (every source on the About sheet)` },
        ],
        columns: [
          { header: 'KPI', format: 'text', width: 34 },
          { header: 'Value', format: 'number', width: 18 },
          { header: 'Previous period', format: 'number', width: 18 },
          { header: 'Change', format: 'number', width: 16 },
          { header: 'Relative change', format: 'percent', width: 16 },
          { header: 'Change, worded', format: 'text', width: 28 },
          { header: 'Definition', format: 'text', width: 90 },
        ],
        rows: kpis.map((k) => {
          const change = kpiChange(k);
          const cell = (value: number | null): FormattedCell => ({ value, format: k.format, currency: k.currency });
          // A rate's change is in percentage points (87 % → 90 % is +3.0 pts), not a percentage.
          const delta: FormattedCell = k.format === 'percent' && change.delta !== null ? { value: change.delta * 100, format: 'number', numFmt: '+0.0" pts";-0.0" pts";0.0" pts"' } : cell(change.delta);
          return [k.currency ? `${k.label} (${k.currency})` : k.label, cell(k.value), cell(k.previous), delta, change.ratio, change.text, k.description ?? null];
        }),
      }),
    );

    for (const page of report.pages) {
      for (const group of groupCharts(page.charts)) {
        const first = group[0]!;
        const images: SheetImage[] = [];
        for (const chart of group) {
          const rendered = charts.get(chartKey(chart));
          if (!rendered) continue;
          images.push({ png: chartPng(rendered.titled.svg), widthPx: rendered.width, heightPx: rendered.titled.height, name: chartTitle(chart), description: rendered.alt });
        }
        const data: DataTable = { columns: first.data.columns, rows: group.flatMap((c) => c.data.rows) };
        const notes = group.map((c) => charts.get(chartKey(c))?.note).filter((n): n is string => Boolean(n));
        await add(
          `Chart "${first.title}": its data and the chart`,
          await writer.addSheet({
            name: first.spec.sheet ?? first.title,
            tableName: first.title,
            preamble: [
              { text: first.title, style: 'title' },
              { text: [first.description, ...notes, data.rows.length ? '' : 'No data for this period and these filters.'].filter(Boolean).join(' ') || `${page.title} · ${period}`, style: 'note' },
            ],
            columns: sheetColumns(data),
            rows: sheetRows(data),
            images,
          }),
        );
      }
      for (const table of page.tables) {
        await add(
          table.title,
          await writer.addSheet({
            name: table.sheet ?? table.title,
            tableName: table.title,
            preamble: [
              { text: table.title, style: 'title' },
              { text: [table.description, table.note, table.data.rows.length ? '' : 'No rows for this period and these filters.'].filter(Boolean).join(' ') || `${page.title} · ${period}`, style: 'note' },
            ],
            columns: sheetColumns(table.data),
            rows: sheetRows(table.data),
          }),
        );
      }
    }

    if (kpis.some((k) => k.trend.length)) {
      const periods = [...new Set(kpis.flatMap((k) => k.trend.map((t) => t.period)))].sort();
      const byPeriod = kpis.map((k) => new Map(k.trend.map((t) => [t.period, t.value])));
      await add(
        'Each KPI month by month over the trailing twelve months',
        await writer.addSheet({
          name: 'KPI trends',
          columns: [
            { header: 'Month', format: 'date', grain: 'month', width: 12 },
            ...kpis.map((k) => ({ header: k.currency ? `${k.label} (${k.currency})` : k.label, format: k.format, currency: k.currency })),
          ],
          rows: periods.map((p) => [p, ...byPeriod.map((m) => m.get(p) ?? null)]),
        }),
      );
    }

    const about: SheetCell[][] = [
      ['Report', report.title],
      ['Description', report.description],
      ['Report name', report.name],
      ['Period', period],
      ['Filters', filters],
      ['Run', report.runId === null ? 'no run yet' : String(report.runId)],
      ['Money', 'Amounts are in the currency shown next to them; amounts in different currencies are never added together.'],
      [null, null],
      ['Data freshness', null],
      ...report.freshness.map((f) => [`${f.dataset} (${f.source})`, `data as of ${formatStamp(f.asOf)}, loaded by run ${f.runId}${f.note ? `; ${f.note}` : ''}`]),
      [null, null],
      ['Measures shown', null],
      ...report.measures.map((m) => [m.label, `${m.description} [${m.model}.${m.name}, ${m.format}]`]),
      [null, null],
      ['Sheets', null],
      ...contents.map((c) => [c.name, c.what]),
      ['About', 'This sheet'],
    ];
    await writer.addSheet({
      name: 'About',
      columns: [
        { header: 'Item', format: 'text', width: 36 },
        { header: 'Details', format: 'text', width: 110, wrap: true },
      ],
      rows: about,
      table: false,
    });
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { sheets };
}

/** Facets of one chart definition (one per currency) share a sheet: their data is one table. */
function groupCharts(charts: readonly ResolvedChart[]): ResolvedChart[][] {
  const groups = new Map<string, ResolvedChart[]>();
  for (const chart of charts) groups.set(chart.id, [...(groups.get(chart.id) ?? []), chart]);
  return [...groups.values()];
}
