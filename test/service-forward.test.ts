import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import customers from '../jobs/customers.js';
import { runCli as runCliInProcess } from '../src/cli/runCli.js';
import { findService, ownerFileOf } from '../src/service/ownerFile.js';
import { startService, type RunningService } from '../src/service/startService.js';
import { runCli } from './helpers/children.js';
import { twoCustomers } from './helpers/serviceParts.js';
import { tempDir, testConfig } from './helpers/tempWarehouse.js';

describe('CLI forwarding: who may use the service, and a stale owner file', () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'w.duckdb');
  let service: RunningService;
  beforeAll(async () => {
    const config = { ...testConfig(), warehouse: { path, memoryLimit: '512MB' } };
    service = await startService({ config, secrets: { embedSecret: 'e'.repeat(32) } as never, port: 0, jobs: [customers], sourceFor: twoCustomers, cli: runCliInProcess });
  });
  afterAll(async () => {
    await service.stop();
    cleanup();
  });

  const post = (headers: Record<string, string>, body: string) =>
    fetch(`${service.url}/internal/cli`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('refuses a wrong or missing credential with 401 JSON, and a bad body with 400, never a 500', async () => {
    const credential = findService(path)!.credential;
    for (const auth of [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${credential}x` }] as Record<string, string>[]) {
      const response = await post(auth, JSON.stringify({ argv: ['runs'], cwd: dir }));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'bad or missing service credential' });
    }
    const bad = await post({ authorization: `Bearer ${credential}` }, '{"argv": "runs"');
    expect(bad.status).toBe(400);
    expect((await bad.json()) as { error: string }).toMatchObject({ error: expect.stringMatching(/not JSON/) });
    const wrongShape = await post({ authorization: `Bearer ${credential}` }, JSON.stringify({ argv: 'runs', cwd: dir }));
    expect(wrongShape.status).toBe(400);
    const ok = await post({ authorization: `Bearer ${credential}` }, JSON.stringify({ argv: ['runs', '--json', '--db', path], cwd: dir }));
    expect(ok.status).toBe(200);
    const lines = (await ok.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toEqual({ exit: 0 });
    expect(JSON.parse(lines.filter((l) => 'out' in l).map((l) => l.out).join(''))).toEqual([]);
  });

  it('ignores an owner file whose process is gone: the CLI opens the file itself', () => {
    const other = tempDir();
    try {
      const db = join(other.dir, 'w.duckdb');
      const created = runCli(['run', 'customers', '--source', 'demo', '--db', db], { env: { PARTNERLENS_DB: undefined } });
      expect(created.code, created.stderr).toBe(0);
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeFileSync(ownerFileOf(db), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), purpose: 'serve', service: { url: 'http://127.0.0.1:9', credential: 'c'.repeat(43) } }), { mode: 0o600 });
      expect(findService(db)).toBeUndefined();
      const runs = runCli(['runs', '--json', '--db', db], { env: { PARTNERLENS_DB: undefined } });
      expect(runs.code, runs.stderr).toBe(0);
      expect(JSON.parse(runs.stdout)).toMatchObject([{ job: 'customers', status: 'succeeded' }]);
    } finally {
      other.cleanup();
    }
  }, 60_000);
});
