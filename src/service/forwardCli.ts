import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { loadConfig } from '../config/config.js';
import { EXIT } from '../errors.js';
import { log } from '../util/log.js';
import type { CliChunk } from './cliEndpoint.js';
import { findService } from './ownerFile.js';

/** Where the client writes what the service streams back (a process stream takes text and bytes). */
interface OutputSink {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
}

/** Commands that never go through the service: the service itself, and help. */
const local = new Set(['serve', 'help']);

/**
 * When a live service owns the warehouse this command would open, sends the command to it and writes what
 * it streams back: the same output and exit code as running it here, and never "busy". Answers undefined
 * when the command should run locally (no service, a stale owner file, a service that cannot run CLI
 * commands, or one that went away before answering).
 */
export async function forwardToService(
  argv: readonly string[],
  { cwd = process.cwd(), env = process.env, out = process.stdout, err = process.stderr, signal }: { cwd?: string; env?: NodeJS.ProcessEnv; out?: OutputSink; err?: OutputSink; signal?: AbortSignal } = {},
): Promise<number | undefined> {
  const command = argv.find((a) => !a.startsWith('-'));
  if (!command || local.has(command) || argv.some((a) => ['--help', '-h', '--version', '-V'].includes(a))) return undefined;
  const dbPath = warehousePath(argv, cwd, env);
  if (!dbPath) return undefined;
  const service = findService(dbPath);
  if (!service) return undefined;

  let response: Response;
  try {
    response = await fetch(`${service.url}/internal/cli`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv, cwd, tty: { out: Boolean(out.isTTY), err: Boolean(err.isTTY) } }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) return stopped(err, service.pid);
    log.debug('cli.forward_unreachable', { url: service.url, cause: String(error) });
    return undefined;
  }
  if (response.status === 501) return undefined;
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    err.write(`partnerlens: the service (pid ${service.pid}) refused the command: ${body.error ?? `HTTP ${response.status}`}\n`);
    return response.status === 401 || response.status === 403 ? EXIT.refused : EXIT.failure;
  }
  const lines = createInterface({ input: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (!line) continue;
      const chunk = JSON.parse(line) as CliChunk;
      if ('out' in chunk) out.write(chunk.out);
      else if ('err' in chunk) err.write(chunk.err);
      else if ('outBytes' in chunk) out.write(Buffer.from(chunk.outBytes, 'base64'));
      else if ('errBytes' in chunk) err.write(Buffer.from(chunk.errBytes, 'base64'));
      else return chunk.exit;
    }
  } catch (error) {
    if (signal?.aborted) return stopped(err, service.pid);
    throw error;
  }
  err.write(`partnerlens: the service (pid ${service.pid}) stopped before the command finished\n`);
  return EXIT.failure;
}

/** Stopped by the user: the request was dropped, which stops the command in the service too. */
function stopped(err: OutputSink, pid: number): number {
  err.write(`partnerlens: stopped; the service (pid ${pid}) stops the command and keeps nothing of an unfinished batch\n`);
  return EXIT.failure;
}

/** The warehouse the command would open: `--db`, else PARTNERLENS_DB or the configuration's. */
function warehousePath(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db' && argv[i + 1]) return resolve(cwd, argv[i + 1]!);
    if (a.startsWith('--db=')) return resolve(cwd, a.slice(5));
  }
  try {
    return resolve(cwd, loadConfig(env, cwd).warehouse.path);
  } catch {
    // A broken configuration is for the command itself to report.
    return undefined;
  }
}
