import { parseDuration } from '../util/parseDuration.js';

/** `36h`, `2d`, `90m` → minutes. */
export function parseMaxAge(text: string): number {
  return parseDuration(text, { what: '--max-age', units: ['m', 'h', 'd'], examples: '90m, 36h or 2d', minSeconds: 60 }) / 60;
}

export function describeMinutes(minutes: number): string {
  return minutes % 1440 === 0 ? `${minutes / 1440}d` : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
