import { forwardToService } from '../service/forwardCli.js';
import { runCli } from './runCli.js';

// The process's entry point: the one place that touches process streams and the exit code. When a service
// owns the warehouse, it runs the command (same output, same exit code, never "busy").
const argv = process.argv.slice(2);
const io = { out: process.stdout, err: process.stderr, cwd: process.cwd(), env: process.env };
process.exitCode = (await forwardToService(argv, io)) ?? (await runCli(argv, io));
