import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoDate } from '../src/util/dates.js';
import { createFakeClock } from './fake-partner-center/fakeClock.js';
import { cliAsync } from './helpers/asyncCli.js';
import { helper } from './helpers/children.js';
import { listRuns } from '../src/runs/runHistory.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { fakePartnerCenterEnv, startFakePartnerCenter, type FakeOptions, type FakePartnerCenter } from './fake-partner-center/fakePartnerCenter.js';
import { fakeConfig, fakeSecrets, openHarness, type Harness } from './fake-partner-center/pcHarness.js';

// RELIABILITY cases 16–19 and 27 for the partner-center source, against the fake server over HTTP.
// Waits go through a fake clock (a `Retry-After: 7` is recorded, not slept); timeouts are real and short.

const today = isoDate(new Date());
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: FakeOptions = {}, partnerCenter: Parameters<typeof fakeConfig>[1] = {}, grant: 'client-credentials' | 'refresh-token' = 'client-credentials'): Promise<{ fake: FakePartnerCenter; h: Harness }> {
  const fake = await startFakePartnerCenter({ customers: 12, today, ...options });
  const h = await openHarness(fake, { config: fakeConfig(fake, partnerCenter), secrets: fakeSecrets(fake, grant) });
  cleanups.push(async () => {
    await h.close();
    await fake.close();
  });
  return { fake, h };
}

/** Everything the process writes to stderr (the structured log, every level) while `work` runs. */
async function capturingStderr<T>(work: () => Promise<T>, onLine: (text: string) => void = () => undefined): Promise<{ result: T; text: string }> {
  const chunks: string[] = [];
  const level = process.env.PARTNERLENS_LOG_LEVEL;
  process.env.PARTNERLENS_LOG_LEVEL = 'debug';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: unknown) => {
    chunks.push(String(chunk));
    onLine(String(chunk));
    return true;
  }) as typeof process.stderr.write);
  try {
    return { result: await work(), text: chunks.join('') };
  } finally {
    spy.mockRestore();
    process.env.PARTNERLENS_LOG_LEVEL = level;
  }
}

const sumQuantity = (h: Harness) => h.warehouse.db.value<number>('SELECT sum(quantity)::INT FROM subscriptions');

describe('RELIABILITY 16 throttling', () => {
  it('429 with Retry-After: 7 → waits at least 7 s (fake clock), retries with the same MS-RequestId, completes', async () => {
    const { fake, h } = await setup();
    fake.addFault({ kind: 'status', status: 429, retryAfter: '7', path: '/v1/customers', page: 2 });
    const outcome = await h.run('customers');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts.loaded).toBe(12);
    expect(h.clock.waits).toHaveLength(1);
    expect(h.clock.waits[0]).toBeGreaterThanOrEqual(7000);
    const page2 = fake.requests.filter((r) => r.path === '/v1/customers' && r.page === 2);
    expect(page2.map((r) => r.status)).toEqual([429, 200]);
    expect(page2[0]!.requestId).toBe(page2[1]!.requestId);
    expect(page2[0]!.continuationToken).toBe(page2[1]!.continuationToken);
  });

  it('429 with an HTTP-date Retry-After → waits until that date', async () => {
    const { fake, h } = await setup();
    fake.addFault({ kind: 'status', status: 429, retryAfter: { dateInSeconds: 10 }, path: '/v1/customers' });
    const started = Date.now();
    const clock = createFakeClock(started);
    const outcome = await h.run('customers', { clock });
    const elapsed = Date.now() - started;
    expect(outcome.status).toBe('succeeded');
    expect(clock.waits).toHaveLength(1);
    // The server dates its answer 10 s ahead, rounded up to the next whole second (HTTP dates have no
    // fraction). The fake clock stands still at the start, and the server answered at most `elapsed` real
    // milliseconds later: a slow machine lengthens the wait, never below 10 s, by no more than `elapsed`.
    expect(clock.waits[0]).toBeGreaterThanOrEqual(10_000);
    expect(clock.waits[0]).toBeLessThanOrEqual(11_000 + elapsed);
  });

  it('503 then 500×3 → capped exponential backoff with jitter, then completes', async () => {
    const { fake, h } = await setup();
    fake.addFault({ kind: 'status', status: 503, path: '/v1/customers' });
    fake.addFault({ kind: 'status', status: 500, path: '/v1/customers', times: 3 });
    const outcome = await h.run('customers', { random: () => 0.5 });
    expect(outcome.status).toBe('succeeded');
    // Steps 500, 1000, 2000, 4000 ms with equal jitter at 0.5: three quarters of each.
    expect(h.clock.waits).toEqual([375, 750, 1500, 3000]);
    const first = fake.requests.filter((r) => r.path === '/v1/customers' && r.page === 1);
    expect(first.map((r) => r.status)).toEqual([503, 500, 500, 500, 200]);
    expect(new Set(first.map((r) => r.requestId)).size).toBe(1);

    // Other draws of the jitter give other waits, none above the step.
    const { fake: fake2, h: h2 } = await setup();
    fake2.addFault({ kind: 'status', status: 500, path: '/v1/customers', times: 3 });
    await h2.run('customers', { random: () => 0.1 });
    expect(h2.clock.waits).toEqual([275, 550, 1100]);
  });

  it('a 429 lowers the concurrency across customers (halved, here 8 → 4)', async () => {
    const { fake, h } = await setup({ customers: 40, latencyMs: 60 }, { concurrency: 8, pageSize: 100 });
    fake.addFault({ kind: 'status', status: 429, retryAfter: '1', path: /\/subscriptions$/, skip: 12 });
    // The client's own view, free of timing: which customers it started before the limiter logged the
    // drop (their tasks may keep their slots), and how many requests it had open at once before that.
    let lowered = false;
    let open = 0;
    let mostBefore = 0;
    const startedBefore = new Set<string>();
    const startedAfter = new Set<string>();
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const customer = /\/v1\/customers\/([^/]+)\/subscriptions$/.exec(new URL(input instanceof Request ? input.url : String(input)).pathname)?.[1];
      if (!customer) return realFetch(input, init);
      if (!lowered) startedBefore.add(customer);
      else if (!startedBefore.has(customer)) startedAfter.add(customer);
      open += 1;
      if (!lowered) mostBefore = Math.max(mostBefore, open);
      try {
        return await realFetch(input, init);
      } finally {
        open -= 1;
      }
    });
    const { result: outcome, text } = await capturingStderr(() => h.run('subscriptions'), (line) => {
      if (line.includes('"event":"pc.concurrency"')) lowered = true;
    }).finally(() => spy.mockRestore());
    expect(outcome.status).toBe('succeeded');
    expect(text).toMatch(/"event":"pc.concurrency","from":8,"to":4/);
    expect(mostBefore).toBe(8);
    // A customer first started after the drop got its slot under the new limit: from then on no more than
    // 4 tasks hold slots, so the server never has more than 4 requests open when one of theirs arrives.
    const after = fake.requests.filter((r) => startedAfter.has(/\/v1\/customers\/([^/]+)\//.exec(r.path)?.[1] ?? ''));
    expect(after.length).toBeGreaterThan(10);
    expect(Math.max(...after.map((r) => r.inFlightAtArrival))).toBeLessThanOrEqual(4);
  });

  it('after max attempts fails "throttled after N attempts"; no partial commit: nothing of the pull is published', async () => {
    const { fake, h } = await setup();
    expect((await h.run('subscriptions')).status).toBe('succeeded');
    const before = await sumQuantity(h);
    const history = 'SELECT count(*) || \':\' || sum(hash(subscription_id, status, quantity, valid_from, valid_to)) FROM subscription_history';
    const historyBefore = await h.warehouse.db.value(history);
    // Every subscription changes, but the last customer stays throttled: none of the changes may land.
    for (const subs of Object.values(fake.data.subscriptions)) for (const s of subs) s.quantity = (s.quantity as number) + 1;
    const last = fake.data.customers.at(-1)!;
    fake.addFault({ kind: 'status', status: 429, retryAfter: '1', path: `/v1/customers/${last.id as string}/subscriptions`, times: 100 });
    const outcome = await h.run('subscriptions');
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/throttled after 5 attempts/);
    expect(await sumQuantity(h)).toBe(before);
    expect(await h.warehouse.db.value(history)).toBe(historyBefore);
    const run = await h.warehouse.db.one('SELECT status, rows_loaded, cause FROM runs WHERE id = ?', [outcome.runId]);
    expect(run).toMatchObject({ status: 'failed', rows_loaded: 0 });
    expect(h.clock.waits.filter((w) => w >= 1000).length).toBeGreaterThanOrEqual(4);
  });
});

describe('RELIABILITY 17 pagination', () => {
  it('page 3 of 5 fails once → that page is retried, every page counted once; tokens never logged', async () => {
    const { fake, h } = await setup({ customers: 25 });
    fake.addFault({ kind: 'status', status: 500, path: '/v1/customers', page: 3 });
    const { result: outcome, text } = await capturingStderr(() => h.run('customers'));
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toMatchObject({ read: 25, loaded: 25, duplicate: 0 });
    const pages = fake.requests.filter((r) => r.path === '/v1/customers').map((r) => `${r.page}:${r.status}`);
    expect(pages).toEqual(['1:200', '2:200', '3:500', '3:200', '4:200', '5:200']);
    expect(text).toContain('pc.retry');
    for (const token of fake.issued.continuationTokens) expect(text).not.toContain(token);
  });

  it('continuation token expired (400) → the collection restarts from page 1, each item counted once', async () => {
    const { fake, h } = await setup({ customers: 25 });
    fake.addFault({ kind: 'expire-continuation', path: '/v1/customers', page: 3 });
    const { result: outcome, text } = await capturingStderr(() => h.run('customers'));
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toMatchObject({ read: 25, loaded: 25, duplicate: 0 });
    const pages = fake.requests.filter((r) => r.path === '/v1/customers').map((r) => `${r.page}:${r.status}`);
    expect(pages).toEqual(['1:200', '2:200', '3:400', '1:200', '2:200', '3:200', '4:200', '5:200']);
    expect(text).toContain('pc.paging_restart');
    for (const token of fake.issued.continuationTokens) expect(text).not.toContain(token);
    expect(await h.warehouse.db.value('SELECT count(DISTINCT customer_id) FROM customers')).toBe(25);
  });

  it('a restart inside one customer\'s paged subscriptions, with others in flight, counts each subscription once', async () => {
    const { fake, h } = await setup({ customers: 16, defaultPageSize: 1 }, { concurrency: 4 });
    fake.addFault({ kind: 'expire-continuation', path: /\/subscriptions$/, page: 3, times: 2 });
    const outcome = await h.run('subscriptions');
    expect(outcome.status).toBe('succeeded');
    const expected = Object.values(fake.data.subscriptions).flat().length;
    expect(outcome.counts.read).toBe(expected);
    expect(await h.warehouse.db.value('SELECT count(*) FROM subscriptions')).toBe(expected);
    // One stretch in force per subscription (an ended one also has the stretch before it ended).
    expect(await h.warehouse.db.value('SELECT count(*) FROM subscription_history WHERE valid_to IS NULL')).toBe(expected);
    expect(fake.requests.filter((r) => r.status === 400)).toHaveLength(2);
  });

  it('the same continuation token twice → paging loop aborted, nothing committed, token not in the cause', async () => {
    const { fake, h } = await setup({ customers: 25 });
    expect((await h.run('customers')).status).toBe('succeeded');
    (fake.data.customers[0]!.companyProfile as { companyName: string }).companyName = 'Renamed Ltd';
    fake.addFault({ kind: 'repeat-token', path: '/v1/customers', page: 2 });
    const first = fake.requests.length;
    const { result: outcome, text } = await capturingStderr(() => h.run('customers'));
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/paging loop/);
    expect(await h.warehouse.db.value("SELECT count(*) FROM customers WHERE name = 'Renamed Ltd'")).toBe(0);
    expect(await h.warehouse.db.value('SELECT count(*) FROM customers')).toBe(25);
    // Two requests for page 2 would mean the loop was followed.
    expect(fake.requests.slice(first).map((r) => `${r.page}:${r.status}`)).toEqual(['1:200', '2:200']);
    for (const token of fake.issued.continuationTokens) {
      expect(text).not.toContain(token);
      expect(outcome.cause).not.toContain(token);
    }
  });
});

describe('RELIABILITY 18 token-expiry', () => {
  for (const grant of ['client-credentials', 'refresh-token'] as const) {
    it(`401 mid-run with one successful refresh → completes (${grant})`, async () => {
      const { fake, h } = await setup({}, {}, grant);
      fake.addFault({ kind: 'expire-token', path: /\/subscriptions$/, skip: 5 });
      const outcome = await h.run('subscriptions');
      expect(outcome.status).toBe('succeeded');
      expect(outcome.counts.read).toBe(Object.values(fake.data.subscriptions).flat().length);
      expect(fake.tokenRequests).toEqual([
        { grant: grant === 'refresh-token' ? 'refresh_token' : 'client_credentials', ok: true },
        { grant: grant === 'refresh-token' ? 'refresh_token' : 'client_credentials', ok: true },
      ]);
      const refused = fake.requests.find((r) => r.status === 401)!;
      const replay = fake.requests.filter((r) => r.requestId === refused.requestId);
      expect(replay.map((r) => r.status)).toEqual([401, 200]);
      expect(replay[1]!.bearer).not.toBe(replay[0]!.bearer);
    });
  }

  it('refresh refused (invalid_grant) → clean failure "consent expired, re-authorize", nothing committed', async () => {
    const { fake, h } = await setup({}, {}, 'refresh-token');
    expect((await h.run('customers')).status).toBe('succeeded');
    fake.refuseRefresh = true;
    (fake.data.customers[0]!.companyProfile as { companyName: string }).companyName = 'Renamed Ltd';
    const outcome = await h.run('customers');
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/^consent expired, re-authorize: /);
    expect(outcome.cause).toContain('PARTNERLENS_PC_REFRESH_TOKEN');
    expect(outcome.cause).not.toContain(fake.refreshToken);
    expect(await h.warehouse.db.value("SELECT count(*) FROM customers WHERE name = 'Renamed Ltd'")).toBe(0);
  });

  it('token expires mid-run and the refresh is refused → "consent expired, re-authorize", no restart, nothing committed', async () => {
    const { fake, h } = await setup({}, {}, 'refresh-token');
    expect((await h.run('customers')).status).toBe('succeeded');
    (fake.data.customers[0]!.companyProfile as { companyName: string }).companyName = 'Renamed Ltd';
    fake.addFault({ kind: 'expire-token', path: '/v1/customers', page: 2, refuseRefresh: true });
    const first = fake.requests.length;
    const { result: outcome, text } = await capturingStderr(() => h.run('customers'));
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/^consent expired, re-authorize: /);
    expect(text).not.toContain('pc.paging_restart');
    expect(fake.requests.slice(first).map((r) => `${r.page}:${r.status}`)).toEqual(['1:200', '2:401']);
    expect(await h.warehouse.db.value("SELECT count(*) FROM customers WHERE name = 'Renamed Ltd'")).toBe(0);
  });

  it('the token endpoint failing twice (503) is retried with backoff; the run completes', async () => {
    const { fake, h } = await setup({}, {}, 'refresh-token');
    fake.failTokenRequests = 2;
    const outcome = await h.run('customers');
    expect(outcome.status).toBe('succeeded');
    expect(fake.tokenRequests.map((t) => t.ok)).toEqual([false, false, true]);
    expect(h.clock.waits).toEqual([375, 750]);
  });

  it('a 401 again right after the refresh fails clearly instead of refreshing forever', async () => {
    const { fake, h } = await setup();
    fake.addFault({ kind: 'expire-token', path: '/v1/customers', times: 2 });
    const outcome = await h.run('customers');
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/unauthorized even with a fresh token/);
    expect(fake.tokenRequests).toHaveLength(2);
  });
});

describe('RELIABILITY 19 hung-api', () => {
  it('server accepts and never answers → timeout fires, the run fails within its budget', async () => {
    const { fake, h } = await setup({}, { timeoutMs: 300, maxAttempts: 2 });
    fake.addFault({ kind: 'hang', path: '/v1/customers', times: 100 });
    const started = Date.now();
    const outcome = await h.run('customers');
    const elapsed = Date.now() - started;
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/failed after 2 attempts \(last: no answer within 300 ms\)/);
    const hung = fake.requests.filter((r) => r.status === 'hung');
    expect(hung).toHaveLength(2);
    // Each attempt really waited its 300 ms (a lower bound a loaded machine cannot break), and the run gave
    // up far inside the budget of one that never does (a hang would end only at the test's timeout).
    expect(elapsed).toBeGreaterThanOrEqual(2 * 300);
    expect(elapsed).toBeLessThan(20_000);
  });

  it('through the CLI: exit 1 within budget, and the writer lock is released for the next process', async () => {
    const fake = await startFakePartnerCenter({ customers: 3, today });
    const dir = mkdtempSync(join(tmpdir(), 'pl-pc-hung-'));
    cleanups.push(async () => {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    });
    fake.addFault({ kind: 'hang', path: '/v1/customers', times: 100 });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ partnerCenter: { timeoutMs: 400, maxAttempts: 2 } }));
    const env = {
      ...process.env,
      PARTNERLENS_CONFIG: join(dir, 'config.json'),
      ...fakePartnerCenterEnv(fake),
    };
    const db = join(dir, 'w.duckdb');
    const started = Date.now();
    const run = await cli(['run', 'customers', '--source', 'partner-center', '--db', db], env, dir);
    expect(run.code).toBe(1);
    // Two attempts of 400 ms: a wide margin for a loaded machine, far under a run that never gives up.
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(run.stderr).toMatch(/no answer within 400 ms/);
    const runs = await cli(['runs', '--json', '--db', db], env, dir);
    expect(runs.code).toBe(0);
    const history = JSON.parse(runs.stdout) as { job: string; status: string; cause: string }[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ job: 'customers', status: 'failed' });
    expect(history[0]!.cause).toMatch(/failed after 2 attempts/);
  });
  it('the writer lock is released while the process that ran the hung run lives on', async () => {
    // The CLI's run inside a process that stays alive afterwards (as a service does): another process
    // opens the warehouse for writing meanwhile. A run that kept the warehouse open would make it busy.
    const fake = await startFakePartnerCenter({ customers: 3, today });
    const dir = mkdtempSync(join(tmpdir(), 'pl-pc-hung-alive-'));
    const db = join(dir, 'w.duckdb');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ partnerCenter: { timeoutMs: 300, maxAttempts: 2 } }));
    fake.addFault({ kind: 'hang', path: '/v1/customers', times: 100 });
    const child = spawn(process.execPath, [helper('cliStaysAliveChild.mjs'), 'run', 'customers', '--source', 'partner-center', '--db', db], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PARTNERLENS_LOG_LEVEL: 'error',
        PARTNERLENS_CONFIG: join(dir, 'config.json'),
        ...fakePartnerCenterEnv(fake),
      },
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await exited;
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const match = /cli-done (\d+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before its command finished: ${stderr}`)));
    });
    expect(done).toBe('1');
    expect(stderr).toMatch(/no answer within 300 ms/);
    expect(child.exitCode).toBeNull();
    const next = await openWarehouse({ path: db, purpose: 'the next run' });
    try {
      const history = await listRuns(next.db, { limit: 5 });
      expect(history.map((r) => [r.job, r.status])).toEqual([['customers', 'failed']]);
    } finally {
      await next.close();
    }
    expect(child.exitCode).toBeNull();
  });
});

describe('RELIABILITY 27 secret-canaries (partner-center)', () => {
  it('client secret, refresh token and every issued token appear in no log line, error or run history row', async () => {
    const canaries = { clientSecret: 'CANARY-client-secret-7f3a9c', refreshToken: 'CANARY-refresh-token-51be02' };
    const { fake, h } = await setup({ customers: 8, ...canaries }, {}, 'refresh-token');
    const withSecret = { ...fakeSecrets(fake, 'refresh-token'), clientSecret: canaries.clientSecret };
    const { text } = await capturingStderr(async () => {
      expect((await h.run('customers', { secrets: withSecret })).status).toBe('succeeded');
      // A server that echoes the bearer token in its error text.
      fake.addFault({ kind: 'status', status: 500, path: '/v1/customers', times: 100, echoToken: true });
      const echoed = await h.run('customers', { secrets: withSecret });
      expect(echoed.status).toBe('failed');
      expect(echoed.cause).toContain('[redacted]');
      // Refresh refused; wrong client secret on the client-credentials flow.
      fake.refuseRefresh = true;
      expect((await h.run('customers', { secrets: withSecret })).status).toBe('failed');
      const wrong = await h.run('customers', { secrets: { ...withSecret, refreshToken: undefined, clientSecret: 'CANARY-wrong-secret-0c1d' } });
      expect(wrong.status).toBe('failed');
      expect(wrong.cause).toMatch(/token request refused \(invalid_client/);
      return null;
    });
    const history = JSON.stringify(await h.warehouse.db.all('SELECT * FROM runs'));
    const rejected = JSON.stringify(await h.warehouse.db.all('SELECT * FROM rejected_rows'));
    const needles = [canaries.clientSecret, canaries.refreshToken, 'CANARY-wrong-secret-0c1d', ...fake.issued.accessTokens, ...fake.issued.refreshTokens, ...fake.issued.continuationTokens];
    expect(fake.issued.accessTokens.length).toBeGreaterThan(0);
    for (const needle of needles) {
      expect(text).not.toContain(needle);
      expect(history).not.toContain(needle);
      expect(rejected).not.toContain(needle);
    }
  });
});

/** The CLI, spawned without blocking: the fake server in this process must keep answering meanwhile. */
function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  // `env` is the child's whole environment: where it sets no log level the CLI keeps its own default, not cliAsync's.
  return cliAsync(args, { cwd, env: { PARTNERLENS_LOG_LEVEL: undefined, ...env } });
}

