import enUS from '../../locales/en-US.json' with { type: 'json' };
import frFR from '../../locales/fr-FR.json' with { type: 'json' };
import { defaultLocale, type Locale } from './locales.js';
import { localizer, type Localizer } from './localizer.js';

// The label catalogues, one plain JSON file per locale in `locales/`: every text a reader sees that is not
// data. en-US is the source of the English texts too (definitions in models/ and reports/ hold none).
// `test/locale-catalogue.test.ts` fails when a key is missing in a locale or used nowhere.

const catalogues: Record<Locale, Readonly<Record<string, string>>> = { 'en-US': enUS, 'fr-FR': frFR };

/** Every entry of a locale's catalogue (the embedded page is sent the ones it needs). */
export function catalogue(locale: Locale): Readonly<Record<string, string>> {
  return catalogues[locale];
}

const made = new Map<Locale, Localizer>();

/** The Localizer of a locale, made once per process. */
export function localizerFor(locale: Locale = defaultLocale): Localizer {
  let l = made.get(locale);
  if (!l) {
    l = localizer(locale, catalogues[locale]);
    made.set(locale, l);
  }
  return l;
}
