import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export interface FileFacts {
  /** sha256 of the bytes: a file already loaded under any name is a no-op. */
  hash: string;
  size: number;
  /** Modification time (ISO): which of two files restating the same day wins. */
  modifiedAt: string;
  /** Line ends seen: a file mixing CRLF and LF is read from a normalised copy (DuckDB's strict mode refuses the mix). */
  crlf: number;
  lf: number;
}

/** One streaming pass over the file: its hash and its line-end style, in bounded memory. */
export async function fileFacts(path: string, { signal }: { signal?: AbortSignal } = {}): Promise<FileFacts> {
  const before = await stat(path);
  const hash = createHash('sha256');
  let crlf = 0;
  let lf = 0;
  let previousLast = -1;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    let at = chunk.indexOf(10);
    while (at !== -1) {
      const before = at > 0 ? chunk[at - 1] : previousLast;
      if (before === 13) crlf++;
      else lf++;
      at = chunk.indexOf(10, at + 1);
    }
    previousLast = chunk.length ? chunk[chunk.length - 1]! : previousLast;
  }
  return { hash: hash.digest('hex'), size: before.size, modifiedAt: before.mtime.toISOString(), crlf, lf };
}
