import { UsageError } from '../errors.js';

const unitSeconds = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
export type DurationUnit = keyof typeof unitSeconds;

export interface DurationRule {
  /** What the text is, for the error: `--ttl`, `--max-age`, `maxAge of alert "x"`. */
  what: string;
  units: readonly DurationUnit[];
  /** Shown in the error: `30m, 1h or 900s`. */
  examples: string;
  /** The unit of a bare number; none: a unit is required. */
  bareUnit?: DurationUnit;
  /** Bounds, in seconds, with how to say them. */
  minSeconds?: number;
  max?: { seconds: number; words: string };
}

/** `90m`, `36h`, `2d`, `900s` → seconds, within the units and bounds a setting allows. */
export function parseDuration(text: string, { what, units, examples, bareUnit, minSeconds = 1, max }: DurationRule): number {
  const m = /^(\d+)\s*([a-z]?)$/i.exec(text.trim());
  const unit = (m?.[2] ? m[2].toLowerCase() : bareUnit) as DurationUnit | undefined;
  if (!m || !unit || !units.includes(unit)) throw new UsageError(`${what} "${text}": expected a duration like ${examples}`);
  const seconds = Number(m[1]) * unitSeconds[unit];
  if (!Number.isSafeInteger(seconds) || seconds < minSeconds) throw new UsageError(`${what} "${text}": expected a duration of at least ${minSeconds} s`);
  if (max && seconds > max.seconds) throw new UsageError(`${what} "${text}": ${max.words}`);
  return seconds;
}
