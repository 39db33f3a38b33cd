import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../src/config/config.js';
import { UsageError } from '../src/errors.js';
import { localizerFor } from '../src/locale/catalogue.js';
import { parseLocale } from '../src/locale/parseLocale.js';
import type { DataColumn } from '../src/reports/resolvedReport.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The one formatting path: what a reader sees for each value format, in each locale. Expected texts are
// written out by hand from French and US conventions (NBSP = U+00A0, the one no-break space we emit).

const NBSP = '\u00A0';
const fr = localizerFor('fr-FR');
const en = localizerFor('en-US');

describe('fr-FR', () => {
  it('writes money with a comma, no-break thousands and the symbol after: 1 234,56 €', () => {
    expect(fr.number(1234.56, 'currency', 'EUR')).toBe(`1${NBSP}234,56${NBSP}€`);
    expect(fr.number(-1234.5, 'currency', 'USD')).toBe(`-1${NBSP}234,50${NBSP}$US`);
    expect(fr.number(1234567.891, 'currency', 'EUR')).toBe(`1${NBSP}234${NBSP}567,89${NBSP}€`);
  });

  it('writes percentages with a comma and a no-break space before %: 12,5 %', () => {
    expect(fr.number(0.125, 'percent')).toBe(`12,5${NBSP}%`);
    expect(fr.number(1.091, 'percent')).toBe(`109,1${NBSP}%`);
    expect(fr.compact(0.5, 'percent')).toBe(`50${NBSP}%`);
  });

  it('writes days as 25/11/2026, months as "nov. 2026", quarters as T4, stamps with the day first', () => {
    expect(fr.date('2026-11-25', 'day')).toBe('25/11/2026');
    expect(fr.date('2026-11-01', 'month')).toBe('nov. 2026');
    expect(fr.date('2026-06-01', 'month')).toBe('juin 2026');
    expect(fr.date('2026-11-01', 'quarter')).toBe('T4 2026');
    expect(fr.axisDate('2026-02-01', 'month')).toBe('févr. 26');
    expect(fr.stamp('2026-11-25T00:00:00.000Z')).toBe('25/11/2026');
    expect(fr.stamp('2026-11-25T07:05:09.123Z')).toBe('25/11/2026 07:05:09 UTC');
  });

  it('writes counts and axis numbers the French way, and nothing with a breakable or narrow space', () => {
    expect(fr.number(1234.4, 'integer')).toBe(`1${NBSP}234`);
    expect(fr.number(1234.567, 'number')).toBe(`1${NBSP}234,57`);
    expect(fr.compact(12_345, 'number')).toBe(`12,3${NBSP}k`);
    expect(fr.fixed(3.04, 1)).toBe('3,0');
    for (const text of [fr.number(9_876_543.21, 'currency', 'EUR'), fr.number(0.5, 'percent'), fr.compact(2_500_000, 'number')]) expect(text).not.toMatch(/[ \u202F]/);
  });

  it('formats a money cell in its row\'s currency', () => {
    const cost: DataColumn = { name: 'cost', label: 'Coût', role: 'measure', format: 'currency', currency: { column: 'currency' } };
    expect(fr.cell(99.99, cost, { currency: 'EUR', cost: 99.99 })).toBe(`99,99${NBSP}€`);
    expect(fr.cell(['a', 'b'], { name: 'p', label: 'P', role: 'dimension', format: 'text', list: true })).toBe('a, b');
  });
});

describe('en-US keeps the look packs had before locales', () => {
  it('money as "USD 1,234.50" with a plain space, percentages "87.3%", days ISO, months "Nov 2026"', () => {
    expect(en.number(1234.5, 'currency', 'USD')).toBe('USD 1,234.50');
    expect(en.number(-5, 'currency', 'EUR')).toBe('-EUR 5.00');
    expect(en.number(0.8734, 'percent')).toBe('87.3%');
    expect(en.number(1234.4, 'integer')).toBe('1,234');
    expect(en.date('2026-11-25', 'day')).toBe('2026-11-25');
    expect(en.date('2026-11-01', 'month')).toBe('Nov 2026');
    expect(en.date('2026-11-01', 'quarter')).toBe('Q4 2026');
    expect(en.axisDate('2026-10-01', 'month')).toBe('Oct 26');
    expect(en.axisDate('2026-10-04', 'day')).toBe('Oct 4');
    expect(en.compact(12_345, 'number')).toBe('12.3K');
    expect(en.stamp('2026-11-25T07:05:09Z')).toBe('2026-11-25 07:05:09 UTC');
  });

  it('keeps the Excel number format codes of the XLSX writer', () => {
    expect(en.excelNumberFormat('currency', 'GBP')).toBe('"GBP "#,##0.00;\\-"GBP "#,##0.00');
    expect(en.excelNumberFormat('currency', '"; evil')).toBe('#,##0.00');
    expect(en.excelNumberFormat('percent')).toBe('0.0%');
    expect(en.excelNumberFormat('date', undefined, 'month')).toBe('mmm yyyy');
  });
});

describe('choosing a locale', () => {
  it('refuses an unknown locale on the command line, naming the option and the choices', () => {
    expect(parseLocale('fr-FR')).toBe('fr-FR');
    expect(() => parseLocale('de-DE')).toThrow(UsageError);
    expect(() => parseLocale('fr_FR')).toThrow('--locale: unknown locale "fr_FR": expected en-US or fr-FR');
  });

  it('takes a default from the configuration, en-US when absent, and names the key of a bad one', () => {
    expect(configSchema.parse({}).locale).toBe('en-US');
    expect(configSchema.parse({ locale: 'fr-FR' }).locale).toBe('fr-FR');
    const dir = mkdtempSync(join(tmpdir(), 'pl-locale-config-'));
    try {
      writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({ locale: 'french' }));
      expect(() => loadConfig({}, dir)).toThrow(/locale.*unknown locale "french": expected en-US or fr-FR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
