import { log } from './log.js';

/**
 * Runs `work` and logs how long it took as a debug event (`PARTNERLENS_LOG_LEVEL=debug`): the ingest
 * path's steps, so that a slow load says where its time went without a profiler.
 */
export async function timed<T>(step: string, work: () => Promise<T>, fields: Record<string, unknown> = {}): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    log.debug('step.timed', { step, ms: Math.round(performance.now() - started), ...fields });
  }
}
