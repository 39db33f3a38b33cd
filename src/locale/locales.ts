// The locales packs, mails and pages can be written in. Browser-safe: the embedded view imports this.

export const locales = ['en-US', 'fr-FR'] as const;
export type Locale = (typeof locales)[number];

/** What a pack is written in when neither the command nor the configuration names a locale. */
export const defaultLocale: Locale = 'en-US';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}
