import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/**
 * Writes a copy of `source` with every CRLF turned into LF. DuckDB's strict CSV mode (which is what
 * catches rows with too many columns) refuses a file that mixes the two line ends — concatenated exports,
 * or Excel's LF inside cells of a CRLF file — so such a file is read from this copy. Line numbers do not
 * change; only the line ends inside quoted text become LF.
 */
export async function normaliseLineEnds(source: string, target: string, { signal }: { signal?: AbortSignal } = {}): Promise<void> {
  let pendingCr = false;
  const strip = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const parts: Buffer[] = [];
      let data = chunk;
      if (pendingCr) {
        if (data[0] !== 10) parts.push(Buffer.from([13]));
        pendingCr = false;
      }
      if (data.length && data[data.length - 1] === 13) {
        pendingCr = true;
        data = data.subarray(0, data.length - 1);
      }
      let start = 0;
      let at = data.indexOf(13);
      while (at !== -1) {
        if (data[at + 1] === 10) {
          parts.push(data.subarray(start, at));
          start = at + 1;
        }
        at = data.indexOf(13, at + 1);
      }
      parts.push(data.subarray(start));
      done(null, Buffer.concat(parts));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from([13]) : undefined);
    },
  });
  await pipeline(createReadStream(source, { highWaterMark: 1 << 20 }), strip, createWriteStream(target), { signal });
}
