import { createReadStream } from 'node:fs';

export interface LineQuery {
  /** Line numbers as DuckDB's CSV reader counts them (records and blank lines, a multi-line record as one). */
  duckLines: readonly number[];
  /** 0-based positions of rows among the rows DuckDB accepted (i.e. not among `rejectedDuckLines`). */
  ordinals: readonly number[];
  rejectedDuckLines: ReadonlySet<number>;
}

export interface LineAnswer {
  duckToPhysical: Map<number, number>;
  ordinalToPhysical: Map<number, number>;
}

/**
 * Finds the line a user sees in an editor for rows DuckDB reported, walking the file once up to the last
 * row asked for. DuckDB counts a record with embedded line breaks as one line, so its numbers drift from
 * the file's after such a record; this walk follows quotes to count both. Only runs when rows were
 * rejected, never on the bulk path.
 */
export async function lineMap(path: string, query: LineQuery): Promise<LineAnswer> {
  const duckToPhysical = new Map<number, number>();
  const ordinalToPhysical = new Map<number, number>();
  const wantDuck = new Set(query.duckLines);
  const wantOrdinal = new Set(query.ordinals);
  let remaining = wantDuck.size + wantOrdinal.size;
  if (!remaining) return { duckToPhysical, ordinalToPhysical };

  let duck = 1;
  let physical = 1;
  let recordStart = 1;
  let content = false;
  let quoted = false;
  let ordinal = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  outer: for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 34) {
        quoted = !quoted; // `""` inside quotes toggles twice: no net change
        content = true;
      } else if (byte === 10) {
        if (!quoted) {
          if (content && duck >= 2) {
            if (wantDuck.has(duck)) {
              duckToPhysical.set(duck, recordStart);
              remaining--;
            }
            if (!query.rejectedDuckLines.has(duck)) {
              if (wantOrdinal.has(ordinal)) {
                ordinalToPhysical.set(ordinal, recordStart);
                remaining--;
              }
              ordinal++;
            }
            if (remaining <= 0) break outer;
          }
          duck++;
          content = false;
          recordStart = physical + 1;
        }
        physical++;
      } else if (byte !== 13) {
        content = true;
      }
    }
  }
  stream.destroy();
  // A last record without a line end.
  if (remaining > 0 && content && duck >= 2) {
    if (wantDuck.has(duck)) duckToPhysical.set(duck, recordStart);
    if (!query.rejectedDuckLines.has(duck) && wantOrdinal.has(ordinal)) ordinalToPhysical.set(ordinal, recordStart);
  }
  return { duckToPhysical, ordinalToPhysical };
}
