// Helpers for the ingest and bad-input tests. The expected figures are computed here, independently of the
// product: a CSV parser of its own, and exact decimal sums on BigInt.
import { copyFileSync, readFileSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configSchema, type Config } from '../src/config/config.js';
import { runIngest, planIngest, type IngestResult } from '../src/jobs/planIngest.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';

export const fixtures = resolve(import.meta.dirname, '..', 'fixtures', 'files');

export function fixture(name: string): string {
  return join(fixtures, name);
}

/** Copies a fixture into `dir`, optionally with a given modification time (what decides restatements). */
export function place(name: string, dir: string, { as = name, mtime }: { as?: string; mtime?: Date } = {}): string {
  const target = join(dir, as);
  copyFileSync(fixture(name), target);
  if (mtime) utimesSync(target, mtime, mtime);
  return target;
}

export function config(overrides: Partial<Config['files']> = {}): Config {
  const c = configSchema.parse({});
  return { ...c, files: { ...c.files, ...overrides } };
}

/** Ingests in-process, as `partnerlens ingest` does. */
export async function ingest(warehouse: Warehouse, paths: string[], options: { format?: string; customer?: string; threshold?: number } = {}): Promise<IngestResult> {
  const plan = await planIngest(paths, options.format);
  return runIngest(warehouse, config(options.threshold === undefined ? {} : { rejectThreshold: options.threshold }), plan, options);
}

/** RFC 4180 records, written independently of the product's parser. */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const records: string[][] = [];
  const pattern = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r?\n|$)/gy;
  let record: string[] = [];
  while (pattern.lastIndex < body.length) {
    const match = pattern.exec(body);
    if (!match) throw new Error(`unparseable CSV at ${pattern.lastIndex}`);
    const raw = match[1]!;
    record.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    if (match[2] !== ',') {
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      if (match[2] === '') break;
    }
  }
  return records;
}

/** The data rows of a CSV file as objects keyed by header name. */
export function readCsvObjects(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

const scale = 12n;
const unit = 10n ** scale;

/** A decimal string as an integer count of 1e-12, rounded half away from zero (how DECIMAL(38,12) stores it). */
export function toMicros(text: string): bigint {
  const m = /^\s*(-)?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?\s*$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const [, sign, int = '', frac = '', exp = '0'] = m;
  let digits = BigInt((int + frac) || '0');
  let shift = Number(exp) - frac.length + Number(scale); // value = digits * 10^(exp - frac) ; we want value * 10^12
  if (shift >= 0) digits *= 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    const q = digits / divisor;
    const r = digits % divisor;
    digits = r * 2n >= divisor ? q + 1n : q;
    shift = 0;
  }
  return sign ? -digits : digits;
}

export function fromMicros(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  return `${negative ? '-' : ''}${abs / unit}.${(abs % unit).toString().padStart(Number(scale), '0')}`;
}

/** Sum of decimal strings, exactly, as DuckDB's DECIMAL(38,12) text ('12.340000000000'). */
export function decimalSum(values: Iterable<string>): string {
  let total = 0n;
  for (const v of values) if (v !== '' && v.toUpperCase() !== 'NULL') total += toMicros(v);
  return fromMicros(total);
}

/** Groups rows by a key and sums one column exactly. */
export function sumsBy<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => string): Record<string, string> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const k = key(row);
    groups.set(k, [...(groups.get(k) ?? []), value(row)]);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, vs]) => [k, decimalSum(vs)]));
}

/** CSV text of the given header and rows, quoting where needed; `eol` chooses the line end. */
export function csvText(header: readonly string[], rows: readonly Record<string, string>[], { eol = '\n', bom = false }: { eol?: string; bom?: boolean } = {}): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [header.join(','), ...rows.map((r) => header.map((h) => quote(r[h] ?? '')).join(','))];
  return (bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

/** A daily-rated usage recon row: one customer's charge on one day for one meter. */
export function reconRow({ customer = 'c1', day, cost, meter = 'Virtual Machines', currency = 'USD', resource = 'vm-1' }: { customer?: string; day: string; cost: string; meter?: string; currency?: string; resource?: string }): Record<string, string> {
  return {
    PartnerId: 'p1', CustomerId: customer, CustomerName: `Customer ${customer}`, UsageDate: day, EntitlementId: `sub-${customer}`,
    EntitlementDescription: 'Production', MeterCategory: meter, MeterName: `${meter} meter`, MeterId: `m-${meter}`,
    ResourceURI: `/subscriptions/sub-${customer}/resourceGroups/rg/providers/x/${resource}`, ChargeType: 'New', Quantity: '1',
    BillingPreTaxTotal: cost, BillingCurrency: currency, PricingPreTaxTotal: cost, PricingCurrency: currency, PCToBCExchangeRate: '1',
  };
}
