import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadSecrets, requireSecret } from '../src/config/config.js';
import { ConfigError } from '../src/errors.js';
import { redact, registerSecret } from '../src/util/log.js';
import { runCli } from './helpers/children.js';
import { tempDir } from './helpers/tempWarehouse.js';

describe('configuration', () => {
  it('defaults without a file, and the environment overrides the file', () => {
    const { dir, cleanup } = tempDir();
    try {
      expect(loadConfig({}, dir).warehouse.path).toBe('./data/partnerlens.duckdb');
      writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({ partnerCenter: { apiUrl: 'https://file.example', concurrency: 4 } }));
      const config = loadConfig({ PARTNERLENS_PC_API_URL: 'http://127.0.0.1:9999', PARTNERLENS_DB: '/tmp/x.duckdb' }, dir);
      expect(config.partnerCenter).toMatchObject({ apiUrl: 'http://127.0.0.1:9999', concurrency: 4 });
      expect(config.warehouse.path).toBe('/tmp/x.duckdb');
    } finally {
      cleanup();
    }
  });

  it('names every unknown key and bad value at once', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({ partnerCenter: { concurency: 4, timeoutMs: 'soon' }, extra: 1 }));
      expect(() => loadConfig({}, dir)).toThrow(ConfigError);
      try {
        loadConfig({}, dir);
      } catch (error) {
        const message = (error as Error).message;
        expect(message).toContain('partnerCenter.timeoutMs');
        expect(message).toContain('"concurency"');
        expect(message).toContain('"extra"');
      }
    } finally {
      cleanup();
    }
  });

  it('refuses secrets in the file: they are not configuration keys', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({ partnerCenter: { clientSecret: 'oops' } }));
      expect(() => loadConfig({}, dir)).toThrow(/"clientSecret"/);
    } finally {
      cleanup();
    }
  });

  it('a missing secret is a clear error naming the variable, never a value', () => {
    const secrets = loadSecrets({});
    expect(() => requireSecret(secrets.clientSecret, 'PARTNERLENS_PC_CLIENT_SECRET', 'to sign in to Partner Center')).toThrow(
      'PARTNERLENS_PC_CLIENT_SECRET is not set: it is needed to sign in to Partner Center (secrets come from the environment only)',
    );
  });

  it('registered secrets and bearer tokens are redacted from anything logged', () => {
    registerSecret('canary-7f3a9b2c');
    expect(redact('auth failed for canary-7f3a9b2c with Authorization: Bearer eyJhbGciOi.abc.def')).toBe(
      'auth failed for [redacted] with Authorization: Bearer [redacted]',
    );
  });

  it('the CLI reports a broken configuration file with exit 1 and the key', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'partnerlens.config.json'), '{ "warehouse": { "memoryLimit": "lots" } }');
      const result = runCli(['runs', '--db', join(dir, 'w.duckdb')], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/warehouse\.memoryLimit: a size like "1GB"/);
    } finally {
      cleanup();
    }
  });
});
