import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { AccessError, EXIT, InputError, oneLine } from '../errors.js';
import { log, redact } from '../util/log.js';
import type { CliRunner, WarehouseProvider } from './cliRunner.js';

const requestSchema = z
  .object({
    argv: z.array(z.string().max(10_000)).max(1_000),
    cwd: z.string().min(1),
    /** Whether the client's stdout and stderr are terminals: progress is drawn as it would be there. */
    tty: z.object({ out: z.boolean(), err: z.boolean() }).strict().default({ out: false, err: false }),
  })
  .strict();

/** One line of the answer: text (or base64 bytes, e.g. an Arrow stream) for stdout or stderr, then the exit code last. */
export type CliChunk = { out: string } | { err: string } | { outBytes: string } | { errBytes: string } | { exit: number };

/**
 * `POST /internal/cli`: runs a command line for the CLI beside the service, in-process, on the service's
 * warehouse, streaming its output back as NDJSON. Loopback only, and only with the credential from the
 * owner file (compared in constant time): the caller proved it is the service's OS user.
 */
export function cliEndpoint({ credential, runner, lender, env = process.env }: { credential: string; runner: CliRunner | undefined; lender: WarehouseProvider; env?: NodeJS.ProcessEnv }): Hono {
  const app = new Hono();
  const expected = digest(credential);
  app.post('/cli', bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json({ error: 'request body over 1 MB' }, 413) }), async (c) => {
    const address = getConnInfo(c).remote.address ?? '';
    if (!isLoopback(address)) throw new AccessError('the CLI endpoint answers loopback callers only');
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), expected)) throw new AccessError('bad or missing service credential', { status: 401 });
    if (!runner) return c.json({ error: 'this service cannot run CLI commands yet' }, 501);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new InputError('request body is not JSON');
    }
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) throw new InputError(`expected { argv: string[], cwd: string }: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { argv, cwd, tty } = parsed.data;
    c.header('content-type', 'application/x-ndjson');
    // The client hanging up (Ctrl-C, SIGTERM) stops the command as it would stop it running locally.
    const hangUp = new AbortController();
    c.req.raw.signal.addEventListener('abort', () => hangUp.abort(new Error('stopped: the CLI client went away')), { once: true });
    return stream(c, async (out) => {
      const send = (chunk: CliChunk) => void out.write(JSON.stringify(chunk) + '\n');
      log.info('service.cli', { command: argv[0] ?? '' });
      let code: number;
      try {
        const sinks = {
          out: { write: (chunk: string | Uint8Array) => send(typeof chunk === 'string' ? { out: chunk } : { outBytes: Buffer.from(chunk).toString('base64') }), isTTY: tty.out },
          err: { write: (chunk: string | Uint8Array) => send(typeof chunk === 'string' ? { err: chunk } : { errBytes: Buffer.from(chunk).toString('base64') }), isTTY: tty.err },
        };
        code = await runner(argv, { ...sinks, cwd, env, warehouses: lender, signal: hangUp.signal });
      } catch (error) {
        send({ err: `partnerlens: ${redact(oneLine(error))}\n` });
        code = EXIT.failure;
      }
      send({ exit: code });
    });
  });
  return app;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function isLoopback(address: string): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}
