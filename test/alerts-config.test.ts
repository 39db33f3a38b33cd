import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAlerts } from '../src/alerts/checkAlerts.js';
import { loadConfig, loadSecrets } from '../src/config/config.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { cliIn } from './helpers/inProcessCli.js';
import { tempDir } from './helpers/tempWarehouse.js';

// The alerts a partner reads about in the README are valid configuration that the product can check, and a
// bad alert is a clear error naming its key.

const { dir, cleanup } = tempDir('pl-alerts-config-');
afterAll(() => cleanup());

/** The JSON example of the README's Alerts section, as a partner would paste it. */
function readmeExample(): { alerts: { id: string }[] } {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Alerts\n'));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('no JSON example in the README\'s Alerts section');
  return JSON.parse(block[1]!) as { alerts: { id: string }[] };
}

function configFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('alerts configuration', () => {
  it('the README example loads, and every alert in it is checked against a real warehouse without error', async () => {
    const example = readmeExample();
    expect(example.alerts.map((a) => a.id)).toEqual(['over-budget', 'usage-drop', 'deployment-drop', 'sku-at-capacity', 'stale-partner-center']);
    const config = loadConfig({ PARTNERLENS_CONFIG: configFile('readme.json', { ...example, smtp: { host: '127.0.0.1', port: 25, tls: 'none', from: 'a@b.example' } }) }, dir);
    const warehouse = await openWarehouse({ path: join(dir, 'w.duckdb'), memoryLimit: '256MB', threads: 1 });
    try {
      // An empty warehouse: every model query must compile (known model, measures and dimensions); the
      // staleness alert finds both listed datasets never loaded.
      const outcomes = await checkAlerts({ warehouse, config, secrets: loadSecrets({}), now: new Date('2026-12-01T00:00:00Z'), dryRun: true });
      expect(outcomes.map((o) => `${o.event} ${o.alert}: ${o.subject}`).sort()).toEqual([
        'fired stale-partner-center: dataset=license_snapshots',
        'fired stale-partner-center: dataset=subscriptions',
      ]);
    } finally {
      await warehouse.close();
    }
  });

  it('a bad alert names its key and what was expected', () => {
    const bad = (alert: unknown) => () => loadConfig({ PARTNERLENS_CONFIG: configFile('bad.json', { alerts: [alert] }) }, dir);
    expect(bad({ id: 'stale', maxAge: '36 hours' })).toThrow(/alerts\.0\.maxAge: a duration like 90m, 36h or 2d/);
    expect(bad({ id: 'stale', maxAge: '0h' })).toThrow(/alerts\.0\.maxAge: a duration like 90m, 36h or 2d/);
    expect(bad({ id: 'stale', maxAge: '36h', model: 'licenses', measure: 'usageRate', below: 0.5 })).toThrow(/alerts\.0\.maxAge: a staleness alert \(maxAge\) takes no model/);
    expect(bad({ id: 'drop', model: 'licenses', dropBy: 0.1 })).toThrow(/alerts\.0\.measure: an alert on a model query needs a measure/);
    expect(bad({ id: 'nothing', model: 'licenses', measure: 'usageRate' })).toThrow(/alerts\.0: an alert needs a condition/);
    expect(bad({ id: 'x', model: 'licenses', measure: 'usageRate', below: 0.5, datasets: ['license_snapshots'] })).toThrow(/alerts\.0\.datasets: datasets goes with maxAge/);
  });

  it('`alerts list` says what a staleness alert watches', async () => {
    writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({ alerts: [{ id: 'stale-pc', maxAge: '36h', datasets: ['license_snapshots'], channels: ['outbox'] }] }));
    await (await openWarehouse({ path: join(dir, 'list.duckdb'), memoryLimit: '256MB', threads: 1 })).close();
    const listed = await cliIn(dir, ['--db', join(dir, 'list.duckdb'), 'alerts', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('stale-pc: license_snapshots older than 36h → outbox; in breach: 0');
  });
});
