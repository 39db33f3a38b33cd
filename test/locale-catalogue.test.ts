import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { models } from '../models/index.js';
import { reports } from '../reports/index.js';
import { catalogue } from '../src/locale/catalogue.js';
import { catalogueKeys, type ItemTextField } from '../src/locale/catalogueKeys.js';
import { locales } from '../src/locale/locales.js';

// The label catalogues (locales/*.json): one per locale, the same keys in each, every key used and every
// used key present. Keys of definition texts are derived from the definitions (names and ids); keys the
// machinery writes are string literals in src/, found here by reading the source.

const root = join(import.meta.dirname, '..');
const itemFields: ItemTextField[] = ['title', 'description', 'note', 'sheet'];

/** Keys a definition may have (`optional`) and must have (`required`) in every catalogue. */
function definitionKeys(): { required: Set<string>; optional: Set<string> } {
  const required = new Set<string>();
  const optional = new Set<string>();
  for (const model of models) {
    required.add(catalogueKeys.model(model.name, 'label'));
    optional.add(catalogueKeys.model(model.name, 'description'));
    for (const name of Object.keys(model.measures)) {
      required.add(catalogueKeys.measure(model.name, name, 'label'));
      optional.add(catalogueKeys.measure(model.name, name, 'description'));
    }
    for (const [name, dimension] of Object.entries(model.dimensions)) {
      required.add(catalogueKeys.dimension(model.name, name, 'label'));
      optional.add(catalogueKeys.dimension(model.name, name, 'description'));
      // The values a bucket produces are the model's words: said in every locale.
      if (dimension.type === 'bucket') {
        for (const value of [...dimension.buckets.map((b) => b.label), dimension.otherwise, dimension.whenNull]) required.add(catalogueKeys.dimensionValue(model.name, name, value));
      }
    }
  }
  for (const report of reports) {
    required.add(catalogueKeys.report(report.name, 'title'));
    required.add(catalogueKeys.report(report.name, 'description'));
    report.pages.forEach((page, i) => {
      required.add(catalogueKeys.page(report.name, i));
      for (const chart of page.charts) {
        required.add(catalogueKeys.chart(report.name, chart.id, 'title'));
        for (const field of itemFields) optional.add(catalogueKeys.chart(report.name, chart.id, field));
      }
      for (const table of page.tables) {
        required.add(catalogueKeys.table(table.id, 'title'));
        for (const field of itemFields) optional.add(catalogueKeys.table(table.id, field));
      }
    });
  }
  return { required, optional };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `ui.*` and `format.*` keys written as quoted literals anywhere in src/. */
function literalKeys(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`]((?:ui|format)\.[A-Za-z0-9.]+)['"`]/g)) found.set(m[1]!, file.slice(root.length + 1));
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the label catalogues', () => {
  const { required, optional } = definitionKeys();
  const literals = literalKeys();
  const allowed = new Set([...required, ...optional, ...literals.keys()]);

  it('have the same keys in every locale, none empty, with the same placeholders', () => {
    const reference = catalogue('en-US');
    for (const locale of locales) {
      const entries = catalogue(locale);
      expect(Object.keys(entries).filter((k) => !Object.hasOwn(reference, k)), `${locale}: keys en-US lacks`).toEqual([]);
      expect(Object.keys(reference).filter((k) => !Object.hasOwn(entries, k)), `${locale}: keys missing`).toEqual([]);
      for (const [key, text] of Object.entries(entries)) {
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(reference[key]!));
      }
    }
  });

  it('say every text a definition or the code needs, in every locale', () => {
    for (const locale of locales) {
      const entries = catalogue(locale);
      const missing = [...required, ...literals.keys()].filter((key) => !Object.hasOwn(entries, key));
      expect(missing, `${locale}: keys used but missing`).toEqual([]);
    }
  });

  it('hold no key that nothing uses', () => {
    for (const locale of locales) {
      const unused = Object.keys(catalogue(locale)).filter((key) => !allowed.has(key));
      expect(unused, `${locale}: keys no definition or code uses`).toEqual([]);
    }
  });

  it('give sheet names Excel accepts in every locale', () => {
    for (const locale of locales) {
      for (const [key, text] of Object.entries(catalogue(locale))) {
        if (!key.endsWith('.sheet')) continue;
        expect(text.length, `${locale} ${key}: "${text}"`).toBeLessThanOrEqual(31);
        expect(text, `${locale} ${key}`).not.toMatch(/[[\]:*?/\\]/);
      }
    }
  });

  it('key a table by its id alone only because one id is one table: the same query wherever it appears', () => {
    const seen = new Map<string, string>();
    for (const report of reports) {
      for (const table of report.pages.flatMap((p) => p.tables)) {
        const query = JSON.stringify(table.query);
        expect(seen.get(table.id) ?? query, `${report.name}: table ${table.id}`).toBe(query);
        seen.set(table.id, query);
      }
    }
  });

  it('are plain data files, sorted by key (a reviewer reads a diff, not a shuffle)', () => {
    for (const locale of locales) {
      const text = readFileSync(join(root, 'locales', `${locale}.json`), 'utf8');
      const keys = Object.keys(JSON.parse(text) as Record<string, string>);
      expect(keys).toEqual([...keys].sort());
    }
  });
});
