import type { Warehouse } from '../warehouse/openWarehouse.js';

// What the service needs from the CLI to run a forwarded command in-process. The CLI's `runCli(argv, io)`
// (src/cli/runCli.ts) fits this shape; the service is handed it by `partnerlens serve`, so that nothing in
// src/service imports the CLI.

export interface TextSink {
  write(chunk: string): void;
}

/** Lends the service's open warehouse to a command: never opened twice, never closed by the borrower. */
export interface WarehouseLender {
  borrow(options: { path: string; readOnly: boolean; purpose?: string }): Promise<{ warehouse: Warehouse; release(): Promise<void> } | undefined>;
}

export interface CliIo {
  out: TextSink;
  err: TextSink;
  cwd: string;
  env: NodeJS.ProcessEnv;
  warehouses?: WarehouseLender;
}

/** Runs one command line (without `node partnerlens`) and answers its exit code. */
export type CliRunner = (argv: readonly string[], io: CliIo) => Promise<number>;
