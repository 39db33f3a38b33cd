import { availableParallelism } from 'node:os';
import type { Database } from './database.js';
import type { Warehouse } from './openWarehouse.js';

// A few connections on the warehouse's one instance, so that a report's queries run side by side: while
// DuckDB executes one, another's rows are parsed in JavaScript, and small queries that keep one core busy
// share the machine (measured on 2 cores: 5–35 % off most reports). A report made of a few very large
// answers gains nothing, as their parsing then competes with DuckDB for the same cores. More connections
// than cores only queue inside DuckDB.

export interface ConnectionPool {
  /** Runs `work` on a free connection, waiting for one when all are busy. */
  use<T>(work: (db: Database) => Promise<T>): Promise<T>;
  /**
   * Closes the pool's connections (its own: the warehouse's main one stays free for its owner), once the
   * queries still running on them are done: a failed report must not close a connection under another.
   */
  close(): Promise<void>;
}

/** Connections a render's queries share (measured on 2 cores; more only queue inside DuckDB). */
export const defaultPoolSize = 2;

/**
 * DuckDB threads for a warehouse whose queries run on a pool: the cores shared among its connections. Two
 * queries of two threads each on two cores were 5–25 % slower, report by report, than with one thread each.
 */
export function pooledThreads(poolSize = defaultPoolSize): number {
  return Math.max(1, Math.floor(availableParallelism() / poolSize));
}

export function connectionPool(warehouse: Warehouse, size = defaultPoolSize): ConnectionPool {
  const idle: Database[] = [];
  const opened: Database[] = [];
  const waiting: { resolve: (db: Database) => void; reject: (error: Error) => void }[] = [];
  let count = 0;
  const running = new Set<Promise<unknown>>();

  let closed = false;

  async function acquire(): Promise<Database> {
    if (closed) throw new Error('the connection pool is closed');
    const free = idle.pop();
    if (free) return free;
    if (count < size) {
      count += 1;
      try {
        const db = await warehouse.connect();
        opened.push(db);
        return db;
      } catch (error) {
        count -= 1;
        throw error;
      }
    }
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  }

  function release(db: Database): void {
    const next = waiting.shift();
    if (next) next.resolve(db);
    else idle.push(db);
  }

  return {
    async use(work) {
      const db = await acquire();
      const done = work(db);
      running.add(done);
      try {
        return await done;
      } finally {
        running.delete(done);
        release(db);
      }
    },
    async close() {
      closed = true;
      for (const waiter of waiting.splice(0)) waiter.reject(new Error('the connection pool is closed'));
      while (running.size) await Promise.allSettled([...running]);
      for (const db of opened.splice(0)) db.connection.closeSync();
    },
  };
}
