import { forwardToService } from '../service/forwardCli.js';
import { runCli } from './runCli.js';
import { stopOnSignals } from './stopOnSignals.js';

// The process's entry point: the one place that touches process streams, signals and the exit code. When a
// service owns the warehouse, it runs the command (same output, same exit code, never "busy").
const argv = process.argv.slice(2);
const signal = argv.find((a) => !a.startsWith('-')) === 'serve' ? undefined : stopOnSignals();
const io = { out: process.stdout, err: process.stderr, cwd: process.cwd(), env: process.env, signal };
process.exitCode = (await forwardToService(argv, io)) ?? (await runCli(argv, io));
