import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface FileFacts {
  /** sha256 of the bytes: a file already loaded under any name is a no-op. */
  hash: string;
  size: number;
  /** Modification time (ISO): which of two files restating the same day wins. */
  modifiedAt: string;
  /**
   * Line ends seen: a file mixing CRLF and bare LF (concatenated exports, Excel's LF inside cells of a CRLF
   * file) is read from a normalised copy, since DuckDB's strict mode refuses the mix.
   */
  lineEnds: 'lf' | 'crlf' | 'mixed' | 'none';
}

/**
 * One pass over the file: its hash and its line-end style. The bytes go through one reused 1 MB buffer: the
 * pass runs while DuckDB reads the same file, and a stream's fresh buffer per chunk (freed only when the
 * collector runs) added tens of MB to the load's peak.
 */
export async function fileFacts(path: string, { signal, onBytes }: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {}): Promise<FileFacts> {
  const handle = await open(path, 'r');
  try {
    const before = await handle.stat();
    const hash = createHash('sha256');
    const ends = lineEndScanner();
    const buffer = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, bytes);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      ends.update(chunk);
      bytes += bytesRead;
      onBytes?.(bytes);
    }
    return { hash: hash.digest('hex'), size: before.size, modifiedAt: before.mtime.toISOString(), lineEnds: ends.result() };
  } finally {
    await handle.close();
  }
}

/** The line-end style of bytes seen in order, chunk by chunk (a CRLF may be split across two chunks). */
export function lineEndScanner(): { update(chunk: Buffer): void; result(): FileFacts['lineEnds'] } {
  let crlf = false;
  let lf = false;
  let previousLast = -1;
  return {
    update(chunk) {
      if (!(crlf && lf)) {
        let from = 0;
        if (previousLast === 13 && chunk[0] === 10) {
          crlf = true;
          from = 1;
        }
        // Most files have no CR at all: one native search settles the chunk, no walk over its lines.
        if (chunk.indexOf(13) === -1) {
          if (chunk.indexOf(10, from) !== -1) lf = true;
        } else {
          for (let at = chunk.indexOf(10, from); at !== -1 && !(crlf && lf); at = chunk.indexOf(10, at + 1)) {
            if (at > 0 && chunk[at - 1] === 13) crlf = true;
            else lf = true;
          }
        }
      }
      previousLast = chunk.length ? chunk[chunk.length - 1]! : previousLast;
    },
    result: () => (crlf && lf ? 'mixed' : crlf ? 'crlf' : lf ? 'lf' : 'none'),
  };
}
