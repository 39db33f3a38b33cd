import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { runCli } from './helpers/children.js';

// `partnerlens render` as a user runs it (compiled CLI, real warehouse from `partnerlens demo`).

const dir = mkdtempSync(join(tmpdir(), 'pl-render-cli-'));
const db = join(dir, 'demo.duckdb');

beforeAll(() => {
  const demo = runCli(['demo', '--db', db, '--customers', '2', '--months', '2', '--seed', '3', '--as-of', '2026-10-31']);
  expect(demo.code, demo.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('partnerlens render', () => {
  it('writes every partner report as HTML and XLSX and says what it left out', () => {
    const out = join(dir, 'all');
    const result = runCli(['render', 'all', '--db', db, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`wrote ${join(out, 'executive-summary.html')}`);
    expect(result.stdout).toContain('not written: customer-pack (one customer each: add --customer <tenant id> or --each-customer)');
    expect(readdirSync(out).sort()).toEqual(
      ['activity-log', 'azure-insights', 'azure-resource-usage', 'business-insights', 'executive-summary', 'license-insights', 'licenses-usage', 'subscription-insights', 'workload-usage'].flatMap((r) => [`${r}.html`, `${r}.xlsx`]),
    );
  });

  it('filters a report to one customer with --customer and prints a JSON summary with --json', async () => {
    const out = join(dir, 'one');
    const warehouse = await openWarehouse({ path: db, readOnly: true });
    const tenant = await warehouse.db.value<string>('SELECT min(customer_id) FROM customers');
    await warehouse.close();
    const result = runCli(['render', 'customer-pack', '--customer', tenant, '--db', db, '--out', out, '--format', 'xlsx', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { report: string; customer: string; files: string[] }[];
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ report: 'customer-pack', customer: tenant });
    expect(summary[0]!.files).toHaveLength(1);
    expect(summary[0]!.files[0]!.endsWith('.xlsx')).toBe(true);
    expect(existsSync(summary[0]!.files[0]!)).toBe(true);
  });

  it('writes French packs with --locale fr-FR, or by default when the configuration says so, and says what it wrote in French', () => {
    const out = join(dir, 'fr');
    const result = runCli(['render', 'executive-summary', '--db', db, '--out', out, '--format', 'html', '--locale', 'fr-FR']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`écrit\u00A0: ${join(out, 'executive-summary.html')}`);
    const html = readFileSync(join(out, 'executive-summary.html'), 'utf8');
    expect(html).toContain('<html lang="fr-FR">');
    expect(html).toContain('<h1>Synthèse de direction</h1>');

    const configured = join(dir, 'configured');
    mkdirSync(configured, { recursive: true });
    writeFileSync(join(configured, 'partnerlens.config.json'), JSON.stringify({ locale: 'fr-FR' }));
    const byConfig = runCli(['render', 'executive-summary', '--db', db, '--out', 'packs', '--format', 'html'], { cwd: configured });
    expect(byConfig.code, byConfig.stderr).toBe(0);
    expect(readFileSync(join(configured, 'packs', 'executive-summary.html'), 'utf8')).toContain('<h1>Synthèse de direction</h1>');
    // The command line wins over the configuration.
    expect(runCli(['render', 'executive-summary', '--db', db, '--out', 'en', '--format', 'html', '--locale', 'en-US'], { cwd: configured }).code).toBe(0);
    expect(readFileSync(join(configured, 'en', 'executive-summary.html'), 'utf8')).toContain('<h1>Executive summary</h1>');
  });

  it('refuses bad usage with exit 2 and a message naming what is valid', () => {
    const cases: [string[], RegExp][] = [
      [['render', '../../x'], /unknown report "\.\.\/\.\.\/x": expected one of executive-summary, .*customer-pack or all/],
      [['render', 'customer-pack'], /customer-pack is about one customer: give --customer <tenant id>, or --each-customer/],
      [['render', 'all', '--customer', '../../x'], /unknown customer "\.\.\/\.\.\/x"/],
      [['render', 'all', '--format', 'pdf'], /--format must list html and\/or xlsx, got "pdf"/],
      [['render', 'all', '--from', '2026-10-31', '--to', '2026-10-01'], /--from 2026-10-31 is after --to 2026-10-01/],
      [['render', 'all', '--to', '31/10/2026'], /invalid --to: "31\/10\/2026" \(expected YYYY-MM-DD\)/],
      [['render', 'all', '--locale', 'de-DE'], /--locale: unknown locale "de-DE": expected en-US or fr-FR/],
    ];
    for (const [args, message] of cases) {
      const result = runCli([...args, '--db', db, '--out', join(dir, 'refused')]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });
});
