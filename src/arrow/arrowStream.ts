import { PassThrough, Readable, type Readable as ReadableType } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RecordBatchStreamWriter } from 'apache-arrow';
import type { DuckDBResult } from '@duckdb/node-api';
import { recordBatches } from './recordBatches.js';

export const arrowStreamMediaType = 'application/vnd.apache.arrow.stream';

/**
 * A DuckDB result as the bytes of an Arrow IPC stream. Batches are built only as the reader takes bytes
 * (Node stream backpressure, one batch buffered), so a slow client holds back the query rather than
 * filling memory. A failure mid-stream destroys the returned stream with that error.
 */
export function arrowStream(result: DuckDBResult, options: { rowsPerBatch?: number } = {}): ReadableType {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  pipeline(Readable.from(recordBatches(result, options), { objectMode: true, highWaterMark: 1 }), RecordBatchStreamWriter.throughNode(), out).catch(() => undefined);
  return out;
}
