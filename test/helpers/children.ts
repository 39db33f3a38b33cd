import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const cli = fileURLToPath(new URL('../../bin/partnerlens.js', import.meta.url));

export function helper(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/** Runs the real CLI (compiled) and returns what a user sees. */
export function runCli(args: readonly string[], { env = {}, cwd = root, input }: { env?: Record<string, string | undefined>; cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    input,
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

export function runNode(script: string, args: readonly string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, [script, ...args], { env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'error', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

/** Starts a long-running child and resolves once it printed `ready` on stdout. */
export function startChild(script: string, args: readonly string[], ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'error' } });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`child exited with ${code} before ready: ${out}`)));
  });
}
