import type { QueryColumn, QueryRequest, QueryResult } from '../models/query.js';

// The one thing reports need from the semantic models: run a query, get labelled columns and rows. A
// function type, so the resolver can be driven by any runner — the models over a warehouse in the product,
// static results where a test exercises the resolver alone. The shapes are the models' own.

export type ReportQuery = QueryRequest;
export type ReportQueryColumn = QueryColumn;
export type ReportQueryResult = Pick<QueryResult, 'columns' | 'rows'>;

export type QueryRunner = (query: ReportQuery) => Promise<ReportQueryResult>;
