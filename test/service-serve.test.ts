import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCompleteDay } from '../src/util/dates.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { cli, runCli } from './helpers/children.js';
import { tempDir } from './helpers/tempWarehouse.js';

// A real `partnerlens serve` child (built dist/): it fires the customers job on a one-second schedule from the
// demo source; the CLI beside it goes through it; SIGTERM stops it cleanly with the runs recorded.

const secret = 'x'.repeat(40);

describe('partnerlens serve (a real child process)', () => {
  const { dir, cleanup } = tempDir('partnerlens-serve-');
  const db = join(dir, 'w.duckdb');
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  const env = { PARTNERLENS_EMBED_SECRET: secret, PARTNERLENS_DB: undefined, PARTNERLENS_CONFIG: undefined };
  const cliHere = (args: string[]) => runCli([...args, '--db', db], { cwd: dir, env });
  let before: { query: string; runLine: RegExp };

  beforeAll(async () => {
    writeFileSync(join(dir, 'partnerlens.config.json'), JSON.stringify({
      demo: { customers: 3, months: 2 },
      schedules: {
        customers: { cron: '* * * * * *', timeZone: 'Europe/London' },
        subscriptions: { enabled: false }, licenses: { enabled: false }, 'workload-usage': { enabled: false },
        'azure-usage': { enabled: false }, 'activity-log': { enabled: false },
      },
      scheduler: { source: 'demo' },
    }));
    // Without the service: a run and a query, to compare with what the CLI shows through it.
    const run = cliHere(['run', 'customers', '--source', 'demo']);
    expect(run.code, run.stderr).toBe(0);
    const query = cliHere(['query', 'customers', '--measures', 'customers', '--format', 'json']);
    expect(query.code, query.stderr).toBe(0);
    before = { query: query.stdout, runLine: /^run \d+ customers \(demo, (\d{4}-\d{2}-\d{2})\): succeeded — read 3, loaded 3, rejected 0, duplicates 0$/ };
    expect(run.stdout.trim()).toMatch(before.runLine);

    child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--db', db], {
      cwd: dir,
      env: { ...process.env, ...env, PARTNERLENS_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('listening on')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
  }, 120_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    cleanup();
  });

  it('records where it listens in an owner file only its user can read', () => {
    expect(statSync(`${db}.owner`).mode & 0o777).toBe(0o600);
  });

  it('fires the one-second schedule: a scheduled run of yesterday, seen through the CLI', async () => {
    let runs: { job: string; period: string; status: string }[] = [];
    for (let i = 0; i < 60 && runs.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const listed = cliHere(['runs', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      runs = (JSON.parse(listed.stdout) as typeof runs).filter((r) => r.status === 'succeeded');
    }
    expect(runs.length).toBe(2);
    // Firings on today's London date load the day before; all of today's firings are the same period.
    expect(runs[0]).toMatchObject({ job: 'customers', status: 'succeeded' });
  }, 60_000);

  it('answers a CLI query and run beside it, with the same output and exit codes as without it', () => {
    const query = cliHere(['query', 'customers', '--measures', 'customers', '--format', 'json']);
    expect(query.stderr).not.toMatch(/busy/);
    expect(query.code).toBe(0);
    expect(query.stdout).toBe(before.query);
    const run = cliHere(['run', 'customers', '--source', 'demo']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(before.runLine);
    const bad = cliHere(['query', 'nope', '--measures', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown model "nope"/);
  }, 60_000);

  it('stops on SIGTERM within 10 s, exit 0, the file released and every run recorded', async () => {
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exited;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(0);
    expect(existsSync(`${db}.owner`)).toBe(false);
    const warehouse = await openWarehouse({ path: db, readOnly: true });
    try {
      const runs = await warehouse.db.all<{ trigger: string; period: string; status: string }>('SELECT trigger, period, status FROM runs ORDER BY id');
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);
      const scheduled = runs.filter((r) => r.trigger === 'schedule');
      expect(scheduled.length).toBe(1);
      expect(scheduled[0]!.status).toBe('succeeded');
      // The London date today is the UTC date or the next; the period is the day before it.
      expect([lastCompleteDay(), lastCompleteDay(new Date(Date.now() + 86_400_000))]).toContain(scheduled[0]!.period);
      expect(runs.filter((r) => r.trigger === 'cli').length).toBe(2);
    } finally {
      await warehouse.close();
    }
  }, 30_000);
});
