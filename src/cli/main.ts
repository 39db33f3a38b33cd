import { runCli } from './runCli.js';

// The process's entry point: the one place that touches process streams and the exit code.
process.exitCode = await runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr, cwd: process.cwd(), env: process.env });
