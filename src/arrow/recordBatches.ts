import { Field, RecordBatch, Schema, Struct, makeData } from 'apache-arrow';
import type { DuckDBResult } from '@duckdb/node-api';
import { arrowColumn } from './arrowColumn.js';

// DuckDB hands a result over in chunks of 2,048 rows; a record batch per chunk would spend more on IPC
// framing and reader overhead than on data, so chunks are gathered into batches of about `rowsPerBatch`
// rows. Memory stays bounded by one batch whatever the result's size: nothing holds the whole answer.

export async function* recordBatches(result: DuckDBResult, { rowsPerBatch = 65_536 }: { rowsPerBatch?: number } = {}): AsyncGenerator<RecordBatch> {
  const columns = result.columnTypes().map((type) => arrowColumn(type));
  const schema = new Schema(result.columnNames().map((name, i) => new Field(name, columns[i]!.type, true)));
  let rows = 0;
  let sent = false;
  const flush = () => {
    const children = columns.map((column) => column.finish());
    const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children }));
    rows = 0;
    sent = true;
    return batch;
  };
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (let c = 0; c < columns.length; c++) columns[c]!.append(chunk.getColumnVector(c), chunk.rowCount);
    rows += chunk.rowCount;
    if (rows >= rowsPerBatch) yield flush();
  }
  // An empty answer is still a stream with its schema: one batch of no rows.
  if (rows > 0 || !sent) yield flush();
}
