// Progress for long work: a live line on a terminal, nothing otherwise (structured logs say what happened).

export interface Progress {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

/** Where a live line goes: a command's error stream (its `isTTY` decides whether anything is drawn). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export type ProgressFactory = (label: string, options?: { total?: number }) => Progress;

export function progress(label: string, { total, stream = process.stderr, env = process.env }: { total?: number; stream?: ProgressStream; env?: NodeJS.ProcessEnv } = {}): Progress {
  const tty = Boolean(stream.isTTY) && !env.CI;
  let last = 0;
  const started = Date.now();
  return {
    update(done, note) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const pct = total ? ` ${Math.min(100, Math.round((done / total) * 100))}%` : '';
      const count = total ? `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}` : done.toLocaleString('en-US');
      stream.write(`\r\x1b[2K${label}${pct} ${count}${note ? ' ' + note : ''}`);
    },
    finish(note) {
      if (!tty) return;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`\r\x1b[2K${label} done in ${secs}s${note ? ' ' + note : ''}\n`);
    },
  };
}
