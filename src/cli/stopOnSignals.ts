/** After the first Ctrl-C, a command has this long to stop cleanly before the process exits anyway. */
const GRACE_MS = 10_000;

/**
 * Ctrl-C or SIGTERM stops the command instead of killing the process: a run ends at its next step with
 * nothing of its unfinished batch published and is recorded as failed, a DuckDB statement in flight is
 * interrupted, and a command forwarded to the service is stopped there too (the request is dropped). A
 * second signal, or a command still going after the grace period, exits at once. `serve` has its own stop.
 */
export function stopOnSignals(): AbortSignal {
  const controller = new AbortController();
  const stop = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(1);
    process.stderr.write(`partnerlens: ${name}: stopping (again to exit at once)\n`);
    controller.abort(new Error(`stopped by ${name}`));
    setTimeout(() => process.exit(1), GRACE_MS).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}
