import type { Locale } from '../locale/locales.js';
import type { ValueFormat } from '../locale/valueFormats.js';
import type { ChartSpec } from './defineReport.js';

// What a report is once its queries have run: plain data, the one input of every renderer (HTML, XLSX,
// embedded views). Renderers never query; tests build these by hand to exercise renderers alone.

export { valueFormats, type ValueFormat } from '../locale/valueFormats.js';

/** A cell: text, number, missing, or a list of texts (several products one user holds) shown as a list. */
export type Cell = string | number | null | readonly string[];
export type DataRow = Readonly<Record<string, Cell>>;

export interface DataColumn {
  name: string;
  label: string;
  role: 'dimension' | 'measure';
  format: ValueFormat;
  description?: string;
  /** Currency measures: the ISO code, or the name of the column holding each row's ISO code. */
  currency?: { code: string } | { column: string };
  /** Cells hold lists of texts. */
  list?: boolean;
  /** Date dimensions: the time grain the dates stand for (a month is shown as "Jan 2026"). */
  grain?: TimeGrain;
}

export const timeGrains = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type TimeGrain = (typeof timeGrains)[number];

export interface DataTable {
  columns: DataColumn[];
  rows: DataRow[];
}

export interface Kpi {
  id: string;
  label: string;
  description?: string;
  format: ValueFormat;
  /** ISO code when the KPI is money; one KPI per currency, never a sum across currencies. */
  currency?: string;
  value: number | null;
  previous: number | null;
  /** Which direction is good news: colours the change. */
  better: 'up' | 'down' | 'neutral';
  /** Monthly values over the trailing twelve months, oldest first. */
  trend: { period: string; value: number | null }[];
}

export interface ResolvedChart {
  id: string;
  title: string;
  description?: string;
  spec: ChartSpec;
  /** The facet value (e.g. the currency) when one chart of the definition became several. */
  facet?: string;
  /** Its sheet's name in the workbook, when the catalogue gives one. */
  sheet?: string;
  data: DataTable;
}

export interface ResolvedTable {
  id: string;
  title: string;
  /** Its sheet's name in the workbook, when the definition gives one. */
  sheet?: string;
  description?: string;
  data: DataTable;
  /** Why a reader should care (low adoption, upsell): shown under the title. */
  note?: string;
}

export interface ResolvedPage {
  title: string;
  kpis: Kpi[];
  charts: ResolvedChart[];
  tables: ResolvedTable[];
}

export interface FreshnessEntry {
  dataset: string;
  source: string;
  asOf: string;
  runId: number;
  /** What the dataset lacks, in words (user_activity: customers without GDAP consent, tenants concealing names). */
  note?: string;
}

export interface MeasureDefinition {
  model: string;
  name: string;
  label: string;
  format: ValueFormat;
  description: string;
}

export interface ResolvedReport {
  name: string;
  /** The language and formats its texts are in; renderers format values in it too. */
  locale: Locale;
  title: string;
  description: string;
  period: { from: string; to: string };
  previous: { from: string; to: string };
  /** Filters as a reader reads them: [{ label: 'Customer', value: 'Contoso (tenant …)' }]. */
  filters: { label: string; value: string }[];
  freshness: FreshnessEntry[];
  /** The newest run that loaded any data shown. */
  runId: number | null;
  pages: ResolvedPage[];
  /** Every measure shown, for the About sheet and the HTML glossary. */
  measures: MeasureDefinition[];
}
