// Progress for long work: a live line on a terminal, nothing otherwise (structured logs say what happened).

export interface Progress {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

export function progress(label: string, { total }: { total?: number } = {}): Progress {
  const tty = Boolean(process.stderr.isTTY) && !process.env.CI;
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
      process.stderr.write(`\r\x1b[2K${label}${pct} ${count}${note ? ' ' + note : ''}`);
    },
    finish(note) {
      if (!tty) return;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(`\r\x1b[2K${label} done in ${secs}s${note ? ' ' + note : ''}\n`);
    },
  };
}
