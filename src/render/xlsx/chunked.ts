import { once } from 'node:events';
import type { PassThrough } from 'node:stream';

/** Writes through a stream in 64 KB pieces, waiting when the zip is behind: memory stays flat. */
export class Chunked {
  private buffer = '';
  constructor(private readonly stream: PassThrough) {}

  /** Adds text; true when the buffer is full and the caller should `await flush()`. */
  push(text: string): boolean {
    this.buffer += text;
    return this.buffer.length >= 65_536;
  }

  async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk, 'utf8')) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    if (this.buffer) await this.flush();
    this.stream.end();
  }
}

// Sync iterables stay sync: a million rows should not cost a million awaits.
export function iterate<T>(rows: Iterable<T> | AsyncIterable<T>): { next(): Promise<IteratorResult<T>> | IteratorResult<T> } {
  if (Symbol.asyncIterator in rows) return (rows as AsyncIterable<T>)[Symbol.asyncIterator]();
  return (rows as Iterable<T>)[Symbol.iterator]();
}

