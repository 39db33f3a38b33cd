import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../src/util/dates.js';
import { fakePartnerCenterEnv, startFakePartnerCenter, type FakePartnerCenter } from './fake-partner-center/fakePartnerCenter.js';
import { cliAsync } from './helpers/asyncCli.js';
import { tempDir } from './helpers/tempWarehouse.js';

// The partner-center source as an operator uses it: the compiled CLI, settings from the environment,
// against the fake Partner Center. Needs `npx tsc -p tsconfig.build.json` first (npm test does it).

const canary = 'CANARY-cli-secret-94e1b7';
let fake: FakePartnerCenter;
let temp: { dir: string; cleanup(): void };

beforeAll(async () => {
  fake = await startFakePartnerCenter({ customers: 9, today: isoDate(new Date()), clientSecret: canary });
  temp = tempDir('pl-pc-cli-');
  // This fake serves Partner Center only; Graph's paths are tested against test/fake-graph (graph-cli.test.ts).
  writeFileSync(`${temp.dir}/partnerlens.config.json`, JSON.stringify({ graph: { azureUsage: 'v1-lineitems', userActivity: false } }));
});
afterAll(async () => {
  await fake?.close();
  temp?.cleanup();
});

function env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PARTNERLENS_CONFIG: undefined,
    PARTNERLENS_LOG_LEVEL: 'info',
    ...fakePartnerCenterEnv(fake, canary),
    ...extra,
  };
}

/** Spawned without blocking: the fake server in this process must keep answering meanwhile. */
function cli(args: string[], environment: NodeJS.ProcessEnv) {
  return cliAsync(args, { cwd: temp.dir, env: environment });
}

interface RunJson { id: number; job: string; status: string; rowsRead: number; rowsLoaded: number; rowsRejected: number; cause: string | null }

describe('partnerlens run --source partner-center (CLI)', () => {
  it('run customers: exit 0, and `runs --json` shows the run with its counts; the secret appears nowhere', async () => {
    const db = `${temp.dir}/customers.duckdb`;
    const run = await cli(['run', 'customers', '--source', 'partner-center', '--db', db, '--json'], env());
    expect(run.stderr).not.toContain(canary);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject([{ job: 'customers', source: 'partner-center', status: 'succeeded' }]);
    const runs = await cli(['runs', '--json', '--db', db], env());
    expect(runs.code).toBe(0);
    const history = JSON.parse(runs.stdout) as RunJson[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ job: 'customers', status: 'succeeded', rowsRead: 9, rowsLoaded: 9, rowsRejected: 0, cause: null });
    expect(runs.stdout + runs.stderr).not.toContain(canary);
  });

  it('run all: every job succeeds against the fake', async () => {
    const db = `${temp.dir}/all.duckdb`;
    const run = await cli(['run', 'all', '--source', 'partner-center', '--db', db, '--json'], env());
    expect(run.code, run.stderr).toBe(0);
    const outcomes = JSON.parse(run.stdout) as { job: string; status: string; counts: { loaded: number } }[];
    expect(outcomes.map((o) => `${o.job}:${o.status}`)).toEqual([
      'customers:succeeded', 'subscriptions:succeeded', 'licenses:succeeded', 'workload-usage:succeeded', 'azure-usage:succeeded', 'activity-log:succeeded',
    ]);
    expect(outcomes.find((o) => o.job === 'subscriptions')!.counts.loaded).toBeGreaterThan(Object.values(fake.data.subscriptions).flat().length);
    expect(run.stderr).not.toContain(canary);
  });

  it('a missing secret: exit 1 naming the variable, and the run is recorded as failed with that cause', async () => {
    const db = `${temp.dir}/nosecret.duckdb`;
    const run = await cli(['run', 'customers', '--source', 'partner-center', '--db', db], env({ PARTNERLENS_PC_CLIENT_SECRET: undefined }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/PARTNERLENS_PC_CLIENT_SECRET/);
    const history = JSON.parse((await cli(['runs', '--json', '--db', db], env())).stdout) as RunJson[];
    expect(history[0]).toMatchObject({ job: 'customers', status: 'failed' });
    expect(history[0]!.cause).toMatch(/PARTNERLENS_PC_CLIENT_SECRET .*is not set/);
  });
});
