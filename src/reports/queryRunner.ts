import type { ValueFormat } from './resolvedReport.js';

// The one thing reports need from the semantic models: run a query, get labelled columns and rows.
// Declared here (the shape of src/models/query.ts) so the resolver can be driven by any runner — the
// models over a warehouse in the product, static results where a test exercises the resolver alone.

export interface ReportQuery {
  model: string;
  measures: string[];
  by?: string[];
  where?: { dimension: string; values: string[] }[];
  from?: string;
  to?: string;
  scope?: { customerIds?: string[] };
  orderBy?: { name: string; desc?: boolean }[];
  limit?: number;
}

export interface ReportQueryColumn {
  name: string;
  role: 'dimension' | 'measure';
  label: string;
  format: ValueFormat;
  description?: string;
}

export interface ReportQueryResult {
  columns: ReportQueryColumn[];
  rows: Record<string, string | number | null>[];
}

export type QueryRunner = (query: ReportQuery) => Promise<ReportQueryResult>;
