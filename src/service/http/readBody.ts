import type { Context } from 'hono';
import type { z } from 'zod';
import { UsageError } from '../../errors.js';

/** The request body as JSON checked by `schema`: a bad body is a 400 naming the field and what was expected. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new UsageError('expected a JSON body (Content-Type: application/json)');
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new UsageError('the request body is not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'body';
    throw new UsageError(`${where}: ${issue.message}`);
  }
  return parsed.data;
}
