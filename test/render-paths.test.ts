import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reports } from '../reports/index.js';
import { configSchema } from '../src/config/config.js';
import { pathInside, safeFileName } from '../src/render/safeFileName.js';
import { writePack } from '../src/render/writePack.js';
import { renderReports } from '../src/reports/renderReports.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { sampleReport } from './render-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'pl-render-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hostile = ['../../x', '..\\x', '../out-sibling/x', 'a\u0000b', 'CON', 'con.txt', 'LPT1', '.hidden', '..', '', 'x'.repeat(300), 'Société Générale', 'a/b/c', 'C:\\Windows\\x'];

describe('RELIABILITY 22: path traversal in report and customer names', () => {
  it('makes every name one plain, portable file name', () => {
    const names = hostile.map((h) => safeFileName(h));
    expect(names).toEqual([
      'x',
      'x',
      'out-sibling-x',
      'a-b',
      '_CON',
      '_con.txt',
      '_LPT1',
      'hidden',
      'unnamed',
      'unnamed',
      `${'x'.repeat(71)}-${names[10]!.slice(-8)}`,
      'Societe-Generale',
      'a-b-c',
      'C-Windows-x',
    ]);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
      expect(name.length).toBeLessThanOrEqual(80);
    }
    // Two long names sharing their first 80 characters stay two files.
    expect(safeFileName(`${'y'.repeat(100)}1`)).not.toBe(safeFileName(`${'y'.repeat(100)}2`));
  });

  it('refuses any path that would leave the output folder, including a sibling with the same prefix', () => {
    const out = join(dir, 'out');
    expect(pathInside(out, 'report.html')).toBe(resolve(out, 'report.html'));
    for (const bad of ['../x', '../out-sibling/x', '/etc/passwd', 'a/b', '.', '']) expect(() => pathInside(out, bad), bad).toThrow(/invalid output file name/);
  });

  it('writes a pack with a hostile name inside the folder, sanitised', async () => {
    const out = join(dir, 'packs');
    for (const name of hostile.slice(0, 5)) {
      const files = await writePack(sampleReport(), { outDir: out, baseName: name, formats: ['html'] });
      for (const f of files) expect(dirname(f)).toBe(resolve(out));
    }
    expect(readdirSync(out).sort()).toEqual(['_CON.html', 'a-b.html', 'out-sibling-x.html', 'x.html']);
    expect(readdirSync(dir).sort()).toEqual(['packs']);
  });

  it('writes one customer pack per customer inside the folder whatever the customers are called', async () => {
    const db = join(dir, 'names.duckdb');
    const warehouse = await openWarehouse({ path: db });
    try {
      const names = ['../../x', '..\\x', 'CON', 'x'.repeat(300), '../../x'];
      await warehouse.db.run(
        `INSERT INTO customers (customer_id, name, source, run_id) SELECT 'tenant-' || i, ([${names.map(() => '?').join(', ')}])[i + 1], 'test', 1 FROM range(${names.length}) t(i)`,
        names,
      );
      const out = join(dir, 'customers');
      const customerPack = reports.filter((r) => r.name === 'customer-pack');
      const written = await renderReports({ warehouse, config: configSchema.parse({}), reports: customerPack, formats: ['html'], outDir: out, eachCustomer: true });
      expect(written).toHaveLength(5);
      const files = written.flatMap((w) => w.files);
      for (const f of files) expect(dirname(f)).toBe(resolve(out));
      // Same name, different tenants: two files, told apart by the tenant id.
      expect(new Set(files).size).toBe(5);
      expect(readdirSync(out).sort()).toEqual(files.map((f) => f.slice(resolve(out).length + 1)).sort());
      expect(readdirSync(dir).filter((f) => !f.startsWith('names.duckdb')).sort()).toEqual(['customers', 'packs']);
    } finally {
      await warehouse.close();
    }
  });
});
