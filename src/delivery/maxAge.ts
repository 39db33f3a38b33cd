import { UsageError } from '../errors.js';

/** `36h`, `2d`, `90m` → minutes. */
export function parseMaxAge(text: string): number {
  const m = /^(\d+)\s*(m|h|d)$/i.exec(text.trim());
  const minutes = m ? Number(m[1]) * ({ m: 1, h: 60, d: 1440 } as Record<string, number>)[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(minutes) || minutes <= 0) throw new UsageError(`--max-age "${text}": expected a duration like 90m, 36h or 2d`);
  return minutes;
}

export function describeMinutes(minutes: number): string {
  return minutes % 1440 === 0 ? `${minutes / 1440}d` : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
