import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type Config } from '../../src/config/config.js';
import { openWarehouse, type Warehouse } from '../../src/warehouse/openWarehouse.js';

export function tempDir(prefix = 'partnerlens-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...configSchema.parse({}), ...overrides };
}

/** A fresh warehouse file in its own temp folder. */
export async function tempWarehouse(): Promise<{ warehouse: Warehouse; dir: string; path: string; cleanup(): Promise<void> }> {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'w.duckdb');
  const warehouse = await openWarehouse({ path, memoryLimit: '512MB' });
  return {
    warehouse,
    dir,
    path,
    async cleanup() {
      await warehouse.close().catch(() => undefined);
      cleanup();
    },
  };
}
