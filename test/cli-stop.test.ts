import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobs } from '../jobs/index.js';
import { cli, root, runCli } from './helpers/children.js';
import { tempDir } from './helpers/tempWarehouse.js';

describe('Ctrl-C on a long command', () => {
  it('stops it cleanly: exit 1 with the reason, no run left "running", nothing rendered after the stop', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'w.duckdb');
      const child = spawn(process.execPath, [cli, 'demo', '--customers', '400', '--db', db, '--out', join(dir, 'packs')], {
        cwd: root, env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'info', PARTNERLENS_DB: undefined }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      const logged = new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('"run.start"')) resolve();
      }));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await logged;
      child.kill('SIGINT');
      expect(await exited).toBe(1);
      expect(stderr).toContain('partnerlens: SIGINT: stopping');
      expect(stderr).toMatch(/partnerlens: stopped by SIGINT/);
      const runs = runCli(['runs', '--json', '--db', db], { env: { PARTNERLENS_DB: undefined } });
      expect(runs.code, runs.stderr).toBe(0);
      const history = JSON.parse(runs.stdout) as { status: string; cause: string | null }[];
      expect(history.filter((r) => r.status === 'running')).toEqual([]);
      expect(history.length).toBeGreaterThan(0);
      expect(history.length).toBeLessThan(jobs.length);
      for (const failed of history.filter((r) => r.status === 'failed')) expect(failed.cause).toBe('stopped by SIGINT');
      expect(existsSync(join(dir, 'packs'))).toBe(false);
    } finally {
      cleanup();
    }
  }, 120_000);
});
