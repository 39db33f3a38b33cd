import { z } from 'zod';
import { UsageError } from '../errors.js';
import { parseDay } from '../util/dates.js';

// Each command's options are parsed by one zod schema; a problem becomes a UsageError naming the flag.

const flag = (key: PropertyKey | undefined) => (typeof key === 'string' ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'option');

export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = flag(issue.path[0]);
    // A message may place the flag itself ("invalid {flag}: …"); otherwise it follows the flag.
    if (issue.message.includes('{flag}')) return issue.message.replaceAll('{flag}', name);
    return `${name}${/^[a-z]/.test(issue.message) ? ' ' : ': '}${issue.message}`;
  });
  throw new UsageError(problems.join('; '));
}

/** A whole number typed on the command line, within bounds. */
export const wholeNumber = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const n = Number(text);
    if (/^\d+$/.test(text.trim()) && Number.isSafeInteger(n) && n >= min && n <= max) return n;
    ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${text}"` });
    return z.NEVER;
  });

/** A day, YYYY-MM-DD, that exists. */
export const day = z.string().transform((text, ctx) => {
  try {
    return parseDay(text, '{flag}');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

