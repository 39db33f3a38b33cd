import { z } from 'zod';
import { UsageError } from '../errors.js';
import { locales, type Locale } from './locales.js';

// The boundary check of a locale given by a person: on the command line, in the configuration (through
// `localeSchema`), in a delivery or a URL.

export const localeSchema = z.enum(locales, { error: (issue) => `unknown locale ${JSON.stringify(issue.input)}: expected ${locales.join(' or ')}` });

/** A locale named by `where` (`--locale`, `locale=`): a UsageError naming both otherwise. */
export function parseLocale(value: string, where = '--locale'): Locale {
  const parsed = localeSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${where}: unknown locale "${value}": expected ${locales.join(' or ')}`);
  return parsed.data;
}
