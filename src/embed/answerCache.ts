// Answers kept by key, least recently used first out, bounded by their size in bytes (what a JSON answer
// weighs is known once it is made). A key is asked once while its answer is being made: callers arriving
// meanwhile share it. A failed answer is not kept: the next caller gets its own attempt.

export interface AnswerCache<T> {
  /** The kept answer for `key`, else `make()`'s, kept once made (when it fits). */
  get(key: string, make: () => Promise<T>): Promise<T>;
  /** Kept answers now (for tests and logs). */
  readonly size: number;
  readonly bytes: number;
  clear(): void;
}

export function answerCache<T>({ maxBytes, maxEntryBytes = maxBytes, sizeOf }: { maxBytes: number; maxEntryBytes?: number; sizeOf: (value: T) => number }): AnswerCache<T> {
  // A Map iterates in insertion order: re-inserting on use makes its first entry the least recently used.
  const entries = new Map<string, { answer: Promise<T>; bytes: number }>();
  let bytes = 0;

  const evict = () => {
    for (const [key, entry] of entries) {
      if (bytes <= maxBytes) break;
      entries.delete(key);
      bytes -= entry.bytes;
    }
  };

  return {
    get(key, make) {
      const kept = entries.get(key);
      if (kept) {
        entries.delete(key);
        entries.set(key, kept);
        return kept.answer;
      }
      const entry = { answer: make(), bytes: 0 };
      entries.set(key, entry);
      entry.answer.then(
        (value) => {
          if (entries.get(key) !== entry) return;
          entry.bytes = sizeOf(value);
          bytes += entry.bytes;
          // An answer larger than one entry may be is served to its callers, never kept.
          if (entry.bytes > maxEntryBytes) {
            entries.delete(key);
            bytes -= entry.bytes;
          }
          evict();
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return entry.answer;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}
