import { spawn } from 'node:child_process';

export interface Measured {
  seconds: number;
  /** Peak resident set size of the child, in MB (from /usr/bin/time or /proc polling). */
  peakMb: number;
  stdout: string;
}

/**
 * Runs a command as a child process and reports wall time and peak memory (VmHWM of the child, polled
 * from /proc), so that each measurement has a process of its own.
 */
export function measure(command: string, args: readonly string[], { env = process.env, cwd }: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Measured> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakKb = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const poll = setInterval(async () => {
      try {
        const { readFile } = await import('node:fs/promises');
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+)/.exec(status);
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        /* the child has ended */
      }
    }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}`));
      else resolvePromise({ seconds, peakMb: peakKb / 1024, stdout });
    });
  });
}
