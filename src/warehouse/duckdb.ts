import { createRequire } from 'node:module';

// DuckDB's client, loaded with `require`. Imported as an ES module, Node first scans each of the package's
// CommonJS files for the names it exports (cjs-module-lexer): 0.24–0.73 s on this machine against
// 0.10–0.25 s required, eight runs each — a quarter of a `render` that takes a second. Every value the
// product uses from the package comes through here; types may be imported from the package directly.
const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');

export const { DuckDBDataChunk, DuckDBInstance, DuckDBTypeId, VARCHAR } = duckdb;
type Api = typeof import('@duckdb/node-api');
export type DuckDBDataChunk = InstanceType<Api['DuckDBDataChunk']>;
export type DuckDBInstance = InstanceType<Api['DuckDBInstance']>;
export type DuckDBTypeId = import('@duckdb/node-api').DuckDBTypeId;
