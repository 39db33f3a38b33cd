// The CLI's one seam: how a command reaches the outside world.
//
//   runCli(argv: string[], io: CliIo): Promise<number>            (src/cli/runCli.ts)
//     argv  — the arguments after the program name (`process.argv.slice(2)`).
//     io    — { out, err, cwd, env, warehouses? }: `out`/`err` take text (`write(text)`, `isTTY` optional),
//             `cwd` resolves every relative path the user typed, `env` is read instead of `process.env`,
//             `warehouses` lends the warehouse (default: open the file for the command, close it after).
//     → the exit code (0 ok, 1 failed, 2 usage, 3 refused, 4 busy; see `exitCodeOf` in src/errors.ts).
//
// A command gets a CommandContext and nothing else: it writes through `out`/`err`/`print`, draws progress
// through `progress`, resolves paths with `resolvePath`, and reaches the warehouse only through
// `withWarehouse({ readOnly, purpose }, work)`. The service runs any command in-process by calling runCli
// with the forwarding client's streams and a provider that lends its open warehouse without closing it.

import { isAbsolute, resolve } from 'node:path';
import { loadConfig, loadSecrets, type Config, type Secrets } from '../config/config.js';
import { deepFreeze } from '../config/deepFreeze.js';
import { progress as drawProgress, type Progress, type ProgressFactory } from '../util/progress.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';

/** Text sink: a process stream, a socket wrapper, or a buffer in tests. */
export interface TextSink {
  /** Bytes as well as text: `query --format arrow` writes an Arrow stream. A sink that returns false and
   * has `once('drain')` is waited for, so a big binary answer does not pile up in memory. */
  write(text: string | Uint8Array): unknown;
  isTTY?: boolean;
}

export interface WarehouseRequest {
  /** The file the configuration (or --db) names, absolute. */
  path: string;
  readOnly: boolean;
  memoryLimit: string;
  purpose?: string;
  threads?: number;
}

/** Lends a warehouse for the length of `work`. The default opens and closes the file; the service lends its own. */
export interface WarehouseProvider {
  use<T>(request: WarehouseRequest, work: (warehouse: Warehouse) => Promise<T>): Promise<T>;
}

export interface CliIo {
  out: TextSink;
  err: TextSink;
  cwd: string;
  env: NodeJS.ProcessEnv;
  warehouses?: WarehouseProvider;
  /** Aborted when the user stops the command (Ctrl-C, SIGTERM, or the forwarding client hanging up). */
  signal?: AbortSignal;
}

/** Options declared once on the program and seen by every command. */
export interface GlobalOptions {
  db?: string | undefined;
  json?: boolean | undefined;
  verbose?: boolean | undefined;
}

export interface CommandContext {
  /** Read-only (deep-frozen): a long-running service shares it between commands. */
  readonly config: Config;
  readonly secrets: Secrets;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly out: TextSink;
  readonly err: TextSink;
  /** Aborted when the user stops the command: runs end at the next step, the statement in flight is interrupted. */
  readonly signal: AbortSignal;
  /** Prints the machine-readable summary (with --json) or the human text, on `out`. */
  print(human: string, machine: unknown): void;
  /** A path the user gave, made absolute against the command's working folder. */
  resolvePath(path: string): string;
  /** A live progress line on `err` when it is a terminal; nothing otherwise. */
  progress: ProgressFactory;
  /** False when the warehouse is lent (the service's instance): a command must not change its settings. */
  readonly ownsWarehouse: boolean;
  withWarehouse<T>(options: { readOnly?: boolean; purpose?: string; threads?: number }, work: (warehouse: Warehouse) => Promise<T>): Promise<T>;
}

/** The default provider: opens the file for one command and always closes it (releasing the writer lock). */
export const openingProvider: WarehouseProvider = {
  async use(request, work) {
    const { openWarehouse } = await import('../warehouse/openWarehouse.js');
    const warehouse = await openWarehouse(request);
    try {
      return await work(warehouse);
    } finally {
      await warehouse.close();
    }
  },
};

export function createContext(io: CliIo, options: GlobalOptions): CommandContext {
  const resolvePath = (path: string) => (isAbsolute(path) ? path : resolve(io.cwd, path));
  const loaded = loadConfig(io.env, io.cwd);
  const dbPath = resolvePath(options.db ?? loaded.warehouse.path);
  const config = deepFreeze({ ...loaded, warehouse: { ...loaded.warehouse, path: dbPath } });
  const json = Boolean(options.json);
  const provider = io.warehouses ?? openingProvider;
  const signal = io.signal ?? new AbortController().signal;
  return {
    config,
    secrets: loadSecrets(io.env),
    json,
    verbose: Boolean(options.verbose),
    cwd: io.cwd,
    env: io.env,
    out: io.out,
    err: io.err,
    signal,
    print(human, machine) {
      io.out.write(json ? JSON.stringify(machine, null, 2) + '\n' : human.endsWith('\n') ? human : human + '\n');
    },
    resolvePath,
    ownsWarehouse: !io.warehouses,
    progress: (label, { total } = {}): Progress => drawProgress(label, { total, stream: io.err, env: io.env }),
    withWarehouse(request, work) {
      signal.throwIfAborted();
      return provider.use({ path: config.warehouse.path, memoryLimit: config.warehouse.memoryLimit, readOnly: request.readOnly ?? false, purpose: request.purpose, threads: request.threads }, async (warehouse) => {
        // A long DuckDB statement does not look at the signal: interrupt it (its transaction rolls back).
        const interrupt = () => warehouse.db.connection.interrupt();
        signal.addEventListener('abort', interrupt, { once: true });
        try {
          return await work(warehouse);
        } finally {
          signal.removeEventListener('abort', interrupt);
        }
      });
    },
  };
}
