import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BusyError, httpStatusOf, oneLine } from '../../errors.js';
import { log } from '../../util/log.js';

/**
 * Every error as JSON `{ error }` with the status of `httpStatusOf`. An error no class names is a bug:
 * it is logged (redacted) and the client gets a bare 500, never a message or a stack that could carry
 * internals.
 */
export function errorResponse(error: unknown, c: Context): Response {
  const status = httpStatusOf(error) as ContentfulStatusCode;
  if (status >= 500 && status !== 502) {
    log.error('http.internal-error', { method: c.req.method, path: c.req.path, error: oneLine(error) });
    return c.json({ error: 'internal error' }, 500);
  }
  if (error instanceof BusyError && error.runId !== undefined) return c.json({ error: oneLine(error), id: error.runId }, status);
  return c.json({ error: oneLine(error) }, status);
}
