import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import customers from '../jobs/customers.js';
import { jobs } from '../jobs/index.js';
import { runCli as runCliInProcess } from '../src/cli/runCli.js';
import { forwardToService } from '../src/service/forwardCli.js';
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

  it('a forwarded writer stops when its client is stopped (Ctrl-C): the run is recorded failed, nothing half-loaded, and the writer is free again', async () => {
    const text = () => {
      let all = '';
      return { write: (chunk: string | Uint8Array) => void (all += String(chunk)), get text() { return all; } };
    };
    const forward = (argv: string[], signal?: AbortSignal) => {
      const out = text();
      const err = text();
      return forwardToService([...argv, '--db', path], { cwd: dir, env: { ...process.env, PARTNERLENS_DB: undefined }, out, err, signal }).then((code) => ({ code, out: out.text, err: err.text }));
    };
    const runs = async () => JSON.parse((await forward(['runs', '--json'])).out) as { id: number; job: string; status: string; cause: string | null; rowsLoaded: number }[];
    const before = (await runs()).length;
    const controller = new AbortController();
    // A demo with every job for 400 customers takes many seconds; stopped as soon as its first run is on record.
    const demo = forward(['demo', '--customers', '400', '--out', join(dir, 'packs')], controller.signal);
    let started = false;
    for (let i = 0; i < 300 && !started; i++) {
      await new Promise((r) => setTimeout(r, 100));
      started = (await runs()).some((r) => r.status === 'running');
    }
    expect(started).toBe(true);
    controller.abort(new Error('Ctrl-C'));
    const stopped = await demo;
    expect(stopped.code).toBe(1);
    expect(stopped.err).toMatch(/stopped; the service \(pid \d+\) stops the command/);
    // The service stops it too: no run stays "running", the stopped one says why, later jobs never started.
    let after = await runs();
    for (let i = 0; i < 200 && after.some((r) => r.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await runs();
    }
    const mine = after.slice(0, after.length - before);
    expect(mine.filter((r) => r.status === 'running')).toEqual([]);
    // Stopped during a run, that run failed saying why; between two runs, the next one never started.
    for (const failed of mine.filter((r) => r.status === 'failed')) expect(failed.cause).toMatch(/the CLI client went away/);
    expect(mine.length).toBeLessThan(jobs.length);
    expect(existsSync(join(dir, 'packs')), 'no pack was rendered after the stop').toBe(false);
    // The writer is free: another writing command runs at once and succeeds.
    const next = await forward(['run', 'customers', '--source', 'demo']);
    expect(next.code, next.err).toBe(0);
  }, 120_000);

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
