import { Readable } from 'node:stream';
import { Table, tableToIPC, type RecordBatch, type Schema } from 'apache-arrow';
import type { DuckDBResult } from '@duckdb/node-api';
import { recordBatches } from './recordBatches.js';

export const arrowStreamMediaType = 'application/vnd.apache.arrow.stream';

/**
 * A DuckDB result as the bytes of an Arrow IPC stream: the schema message, one message per record batch,
 * the end-of-stream marker. Batches are built only as the reader takes bytes (one batch buffered), so a
 * slow client holds back the work rather than filling memory; a failure destroys the stream with that
 * error, so a client never mistakes a short answer for a whole one.
 */
export function arrowStream(result: DuckDBResult, options: { rowsPerBatch?: number } = {}): Readable {
  return Readable.from(ipcMessages(recordBatches(result, options)), { objectMode: true, highWaterMark: 1 });
}

// Arrow's own stream writer (`RecordBatchStreamWriter.throughNode()`) leaves an unhandled rejection behind
// when its input fails; the public `tableToIPC` of one batch is its schema message, the batch's message and
// the end marker, so the middle part is that batch's message. (No dictionaries are written: texts are Utf8.)
const endOfStream = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

async function* ipcMessages(batches: AsyncIterable<RecordBatch>): AsyncGenerator<Uint8Array> {
  let schemaBytes = -1;
  let firstHeader: Uint8Array | undefined;
  for await (const batch of batches) {
    if (schemaBytes < 0) {
      const header = schemaMessage(batch.schema);
      schemaBytes = header.byteLength;
      firstHeader = header;
      yield header;
    }
    const bytes = tableToIPC(new Table([batch]), 'stream');
    if (schemaBytes === firstHeader?.byteLength && !sameBytes(bytes.subarray(0, schemaBytes), firstHeader)) throw new Error('invalid Arrow framing: the schema message differs');
    firstHeader = undefined;
    yield bytes.subarray(schemaBytes, bytes.byteLength - endOfStream.byteLength);
  }
  yield endOfStream;
}

function schemaMessage(schema: Schema): Uint8Array {
  const bytes = tableToIPC(new Table(schema), 'stream');
  return bytes.subarray(0, bytes.byteLength - endOfStream.byteLength);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}
