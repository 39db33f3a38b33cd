import type { CliIo } from '../cli/context.js';

// What the service needs from the CLI to run a forwarded command in-process: `runCli(argv, io)` of
// src/cli/runCli.ts has this shape. `partnerlens serve` hands it over, so that src/service never imports the
// CLI's code (only its types).

export type { CliIo, TextSink, WarehouseProvider } from '../cli/context.js';

/** Runs one command line (without `node partnerlens`) and answers its exit code. */
export type CliRunner = (argv: readonly string[], io: CliIo) => Promise<number>;
