import type { z } from 'zod';
import type { Rejection } from '../../../runs/runHistory.js';
import type { StageContext } from '../../source.js';
import { createTextSink, type TextRow, type TextSink } from '../textSink.js';

/** Raw text kept with a rejected item: enough to see what was wrong, not a whole page. */
const rawLimit = 2000;

/**
 * What one pull collected: rows per table, rejected items and the count of items read, all kept per part
 * (one collection), so that a collection that starts over is counted once. Nothing reaches the stage
 * tables before `finish`, which the pull calls only after its last page arrived.
 */
export interface Collector {
  /** Parses each item with `schema`: a good one becomes a row of `table`, a bad one a rejected row. */
  items<S extends z.ZodType<TextRow | null>>(part: string, source: string, table: string, schema: S, items: readonly unknown[]): void;
  /** Adds a row that needs no parsing. */
  row(part: string, table: string, row: TextRow): void;
  /** Records an item (or a whole collection, e.g. one customer refused) as rejected. */
  reject(part: string, rejection: Rejection): void;
  discard(part: string): Promise<void>;
  finish(): Promise<{ read: number; rejected: number; staged: Record<string, number> }>;
  drop(): Promise<void>;
}

export async function createCollector(stage: StageContext, tables: readonly string[]): Promise<Collector> {
  const sinks = new Map<string, TextSink>();
  for (const table of tables) {
    const stageName = stage.stages[table];
    if (!stageName) throw new Error(`invalid table for this job: ${table}`);
    sinks.set(table, await createTextSink(stage.db, { table, stage: stageName }));
  }
  const parts = new Map<string, { read: number; rejections: Rejection[] }>();
  const partOf = (part: string) => {
    let entry = parts.get(part);
    if (!entry) parts.set(part, (entry = { read: 0, rejections: [] }));
    return entry;
  };
  const sink = (table: string) => {
    const found = sinks.get(table);
    if (!found) throw new Error(`invalid table for this job: ${table}`);
    return found;
  };

  return {
    items(part, source, table, schema, items) {
      const entry = partOf(part);
      const target = sink(table);
      for (const item of items) {
        entry.read++;
        const parsed = schema.safeParse(item);
        if (parsed.success) {
          if (parsed.data) target.add(part, parsed.data);
          continue;
        }
        const issue = parsed.error.issues[0];
        entry.rejections.push({
          source,
          line: null,
          field: issue?.path.length ? issue.path.join('.') : null,
          reason: issue?.message ?? 'invalid item',
          raw: JSON.stringify(item)?.slice(0, rawLimit) ?? null,
        });
      }
    },
    row(part, table, row) {
      sink(table).add(part, row);
    },
    reject(part, rejection) {
      const entry = partOf(part);
      entry.read++;
      entry.rejections.push(rejection);
    },
    async discard(part) {
      parts.delete(part);
      for (const s of sinks.values()) await s.discard(part);
    },
    async finish() {
      const staged: Record<string, number> = {};
      for (const [table, s] of sinks) staged[table] = await s.finish(stage.runId);
      let read = 0;
      const rejections: Rejection[] = [];
      for (const entry of parts.values()) {
        read += entry.read;
        rejections.push(...entry.rejections);
      }
      if (rejections.length) await stage.reject(rejections);
      return { read, rejected: rejections.length, staged };
    },
    async drop() {
      for (const s of sinks.values()) await s.drop();
    },
  };
}
