import type { DataColumn, DataTable, ResolvedChart, ResolvedReport, ValueFormat } from '../../reports/resolvedReport.js';
import { chartPng } from '../charts/chartPng.js';
import { chartKey, chartTitle, type RenderedChart } from '../charts/renderChart.js';
import { localizerFor } from '../../locale/catalogue.js';
import { kpiChange, kpiLabel } from '../kpiChange.js';
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
  const l = localizerFor(report.locale);
  const { t } = l;
  const colon = t('ui.punctuation.colon');
  const writer = new XlsxWriter(path, { ...writerOptions, title: report.title, subject: report.description, modified: newestAsOf(report), locale: report.locale });
  const sheets: WrittenSheet[] = [];
  const contents: { name: string; what: string }[] = [];
  const day = (iso: string) => l.date(iso, 'day');
  const period = `${t('ui.period.range', { from: day(report.period.from), to: day(report.period.to) })} ${t('ui.period.compared', { from: day(report.previous.from), to: day(report.previous.to) })}`;
  const filters = report.filters.length ? report.filters.map((f) => `${f.label}${colon}${f.value}`).join(t('ui.punctuation.semicolon')) : t('ui.filter.none');
  const add = async (what: string, written: WrittenSheet[]) => {
    sheets.push(...written);
    for (const w of written) {
      contents.push({ name: w.name, what: w.continues ? t('ui.xlsx.continued', { what, sheet: w.continues, first: l.number(w.firstRow, 'integer'), last: l.number(w.firstRow + w.rows - 1, 'integer') }) : what });
    }
  };
  // What kind of value each measure is, in words (the About sheet's definitions).
  const formatNames: Record<ValueFormat, string> = {
    currency: t('ui.format.currency'), percent: t('ui.format.percent'), integer: t('ui.format.integer'),
    number: t('ui.format.number'), date: t('ui.format.date'), text: t('ui.format.text'),
  };
  const asOf = report.freshness.length ? l.stamp(newestAsOf(report)!) : t('ui.xlsx.noDataYet');

  try {
    const kpis = report.pages.flatMap((p) => p.kpis);
    await add(
      t('ui.xlsx.kpis.what'),
      await writer.addSheet({
        name: t('ui.xlsx.kpis.sheet'),
        preamble: [
          { text: report.title, style: 'title' },
          { text: report.description, style: 'note' },
          { text: `${t('ui.period.label')}${colon}${period}` },
          { text: `${t('ui.filter.label')}${colon}${filters}` },
          { text: report.runId === null ? t('ui.xlsx.asOf', { asOf }) : t('ui.xlsx.asOfRun', { asOf, run: report.runId }) },
        ],
        columns: [
          { header: t('ui.xlsx.kpis.kpi'), format: 'text', width: 34 },
          { header: t('ui.xlsx.kpis.value'), format: 'number', width: 18 },
          { header: t('ui.xlsx.kpis.previous'), format: 'number', width: 18 },
          { header: t('ui.xlsx.kpis.change'), format: 'number', width: 16 },
          { header: t('ui.xlsx.kpis.relative'), format: 'percent', width: 16 },
          { header: t('ui.xlsx.kpis.worded'), format: 'text', width: 28 },
          { header: t('ui.xlsx.kpis.definition'), format: 'text', width: 90 },
        ],
        rows: kpis.map((k) => {
          const change = kpiChange(k, l);
          const cell = (value: number | null): FormattedCell => ({ value, format: k.format, currency: k.currency });
          // A rate's change is in percentage points (87 % → 90 % is +3.0 pts), not a percentage.
          const pts = t('ui.xlsx.pointsUnit');
          const delta: FormattedCell = k.format === 'percent' && change.delta !== null ? { value: change.delta * 100, format: 'number', numFmt: `+0.0" ${pts}";-0.0" ${pts}";0.0" ${pts}"` } : cell(change.delta);
          return [kpiLabel(k), cell(k.value), cell(k.previous), delta, change.ratio, change.text, k.description ?? null];
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
          t('ui.xlsx.chartSheet', { title: first.title }),
          await writer.addSheet({
            name: first.sheet ?? first.title,
            tableName: first.title,
            preamble: [
              { text: first.title, style: 'title' },
              { text: [first.description, ...notes, data.rows.length ? '' : t('ui.chart.emptyFilters')].filter(Boolean).join(' ') || `${page.title} · ${period}`, style: 'note' },
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
              { text: [table.description, table.note, table.data.rows.length ? '' : t('ui.table.empty')].filter(Boolean).join(' ') || `${page.title} · ${period}`, style: 'note' },
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
        t('ui.xlsx.trends.what'),
        await writer.addSheet({
          name: t('ui.xlsx.trends.sheet'),
          columns: [
            { header: t('ui.xlsx.trends.month'), format: 'date', grain: 'month', width: 12 },
            ...kpis.map((k) => ({ header: kpiLabel(k), format: k.format, currency: k.currency })),
          ],
          rows: periods.map((p) => [p, ...byPeriod.map((m) => m.get(p) ?? null)]),
        }),
      );
    }

    const about: SheetCell[][] = [
      [t('ui.about.report'), report.title],
      [t('ui.about.description'), report.description],
      [t('ui.about.reportName'), report.name],
      [t('ui.period.label'), period],
      [t('ui.filter.label'), filters],
      [t('ui.run.label'), report.runId === null ? t('ui.run.none') : String(report.runId)],
      [t('ui.about.money'), t('ui.about.moneyRule')],
      [null, null],
      [t('ui.freshness.caption'), null],
      ...report.freshness.map((f) => [`${f.dataset} (${f.source})`, t('ui.about.freshnessLine', { asOf: l.stamp(f.asOf), run: f.runId }) + (f.note ? `${t('ui.punctuation.semicolon')}${f.note}` : '')]),
      [null, null],
      [t('ui.about.measures'), null],
      ...report.measures.map((m) => [m.label, `${m.description} [${m.model}.${m.name}, ${formatNames[m.format]}]`]),
      [null, null],
      [t('ui.about.sheets'), null],
      ...contents.map((c) => [c.name, c.what]),
      [t('ui.about.sheet'), t('ui.about.thisSheet')],
    ];
    await writer.addSheet({
      name: t('ui.about.sheet'),
      columns: [
        { header: t('ui.about.item'), format: 'text', width: 36 },
        { header: t('ui.about.details'), format: 'text', width: 110, wrap: true },
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
