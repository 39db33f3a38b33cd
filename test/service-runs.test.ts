import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import customers from '../jobs/customers.js';
import { runCli } from '../src/cli/runCli.js';
import { BusyError, ConfigError, httpStatusOf } from '../src/errors.js';
import { listAudit } from '../src/audit/audit.js';
import { forwardToService } from '../src/service/forwardCli.js';
import { listLedger } from '../src/service/ledger.js';
import type { OperatorNotice } from '../src/service/notifyOperators.js';
import { resolveSchedules } from '../src/service/schedules.js';
import { startService } from '../src/service/startService.js';
import type { Source } from '../src/sources/source.js';
import { fakeClock, scheduleConfig, serviceParts, twoCustomers, customerRows } from './helpers/serviceParts.js';
import { sqlSource } from './helpers/sqlSource.js';
import { tempDir, tempWarehouse, testConfig } from './helpers/tempWarehouse.js';

/** A source that waits for `open()` before loading the two customers: holds the writer as long as a test wants. */
function gatedSource() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const inner = twoCustomers();
  const source: Source = {
    name: 'demo',
    async *batches(job, context) {
      await gate;
      yield* inner.batches(job, context);
    },
  };
  return { source, open };
}

/** Waits until the scheduler's run of this period is queued or running. */
async function scheduledRun(coordinator: { active(job: 'customers', period: { from: string; to: string }): Promise<{ id: number }> | undefined }, day: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const active = coordinator.active('customers', { from: day, to: day });
    if (active) return (await active).id;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no run of ${day} started`);
}

/** A source that fails its first `failures` pulls. */
function flakySource(failures: number): () => Source {
  let calls = 0;
  return () => (++calls <= failures ? sqlSource([{ rows: { customers: customerRows([['t1', 'Contoso']]) }, failWith: new Error(`Partner Center answered 503 (pull ${calls})`) }]) : twoCustomers());
}

describe('the scheduler retries, reports and never runs a period twice', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeEach(async () => {
    w = await tempWarehouse();
  });
  afterEach(async () => w.cleanup());

  it('retries a failed period with exponential backoff and jitter, then tells operators of the recovery', async () => {
    const clock = fakeClock('2026-05-01T00:00:00Z');
    const notices: OperatorNotice[] = [];
    const config = scheduleConfig('0 3 * * *', 'UTC', { maxAttempts: 5, retryBaseSeconds: 60, retryMaxSeconds: 3600 });
    const parts = await serviceParts(w.warehouse, config, { clock, source: flakySource(2), notify: async (n) => void notices.push(n) });
    await parts.tick();
    clock.set('2026-05-01T03:00:00Z');
    await parts.tick();
    // Attempt 1 failed: the next waits 60 s × 2^0, half fixed and half × random (0.5): 45 s.
    clock.set('2026-05-01T03:00:44Z');
    await parts.tick();
    expect((await listLedger(parts.books))[0]).toMatchObject({ logicalDate: '2026-04-30', state: 'retry', attempts: 1 });
    clock.set('2026-05-01T03:00:45Z');
    await parts.tick();
    // Attempt 2 failed: 120 s → 60 + 30 = 90 s later.
    clock.set('2026-05-01T03:02:14Z');
    await parts.tick();
    expect((await listLedger(parts.books))[0]).toMatchObject({ state: 'retry', attempts: 2 });
    clock.set('2026-05-01T03:02:15Z');
    await parts.tick();
    await parts.stop();
    expect((await listLedger(w.warehouse.db))[0]).toMatchObject({ state: 'succeeded', attempts: 3 });
    expect(notices.map((n) => [n.kind, n.attempt, n.retryAt ?? null])).toEqual([
      ['failure', 1, '2026-05-01T03:00:45.000Z'],
      ['failure', 2, '2026-05-01T03:02:15.000Z'],
      ['recovery', 3, null],
    ]);
    const audit = await listAudit(w.warehouse.db);
    expect(audit.map((a) => [a.action, a.subject, a.outcome])).toEqual([
      ['schedule-recovery', 'customers 2026-04-30', 'ok'],
      ['schedule-failure', 'customers 2026-04-30', 'failed'],
      ['schedule-failure', 'customers 2026-04-30', 'failed'],
    ]);
    expect(await w.warehouse.db.value("SELECT count(*) FROM runs WHERE period = '2026-04-30'")).toBe(3);
  });

  it('gives a period up after the attempt limit and says so', async () => {
    const clock = fakeClock('2026-05-01T00:00:00Z');
    const notices: OperatorNotice[] = [];
    const parts = await serviceParts(w.warehouse, scheduleConfig('0 3 * * *', 'UTC', { maxAttempts: 2, retryBaseSeconds: 10 }), { clock, source: flakySource(99), notify: async (n) => void notices.push(n) });
    await parts.tick();
    clock.set('2026-05-01T03:00:00Z');
    await parts.tick();
    clock.set('2026-05-01T04:00:00Z');
    await parts.tick();
    clock.set('2026-05-01T05:00:00Z');
    await parts.tick();
    await parts.stop();
    expect(notices.map((n) => n.kind)).toEqual(['failure', 'gave-up']);
    expect(notices[1]!.cause).toMatch(/Partner Center answered 503/);
    expect((await listLedger(w.warehouse.db))[0]).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('after ten days down, catches up the newest periods within the limit, oldest first, and reports the rest', async () => {
    const clock = fakeClock('2026-05-01T00:00:00Z');
    const notices: OperatorNotice[] = [];
    const parts = await serviceParts(w.warehouse, scheduleConfig('0 3 * * *', 'UTC', { catchUpPeriods: 3 }), { clock, notify: async (n) => void notices.push(n) });
    await parts.tick();
    // Down from 05-01 00:00 until 05-11 12:00: firings 05-01 … 05-11 at 03:00 (logical dates 04-30 … 05-10) were
    // missed. The newest (05-10) and 3 more run; the older ones are reported with the command that loads them.
    clock.set('2026-05-11T12:00:00Z');
    await parts.tick();
    await parts.stop();
    expect(await w.warehouse.db.all("SELECT period FROM runs WHERE trigger = 'schedule' ORDER BY id")).toEqual(
      ['2026-05-07', '2026-05-08', '2026-05-09', '2026-05-10'].map((period) => ({ period })),
    );
    expect(notices.map((n) => [n.kind, n.logicalDate])).toEqual([['skipped', '2026-04-30..2026-05-06']]);
    expect(notices[0]!.cause).toMatch(/partnerlens run customers --from 2026-04-30 --to 2026-05-06/);
  });

  it('double fire (RELIABILITY 8): an API run in flight and the scheduler firing the same period make one run, no duplicate rows', async () => {
    const clock = fakeClock('2026-05-01T00:00:00Z');
    const gated = gatedSource();
    const parts = await serviceParts(w.warehouse, scheduleConfig('0 3 * * *', 'UTC'), { clock, source: () => gated.source });
    await parts.tick();
    clock.set('2026-05-01T03:00:00Z');
    const api = await parts.coordinator.submit({ job: 'customers', from: '2026-04-30', to: '2026-04-30', trigger: 'api' });
    await parts.scheduler.tick();
    gated.open();
    await parts.scheduler.settled();
    expect((await api.done).status).toBe('succeeded');
    await parts.stop();
    expect(await w.warehouse.db.all('SELECT id, trigger FROM runs')).toEqual([{ id: api.id, trigger: 'api' }]);
    expect((await listLedger(w.warehouse.db))[0]).toMatchObject({ state: 'succeeded', runId: api.id });
    expect(await w.warehouse.db.value('SELECT count(*) FROM customers')).toBe(2);
  });

  it('double fire the other way: the API asking for a period the scheduler is running gets 409 naming that run', async () => {
    const clock = fakeClock('2026-05-01T00:00:00Z');
    const gated = gatedSource();
    const parts = await serviceParts(w.warehouse, scheduleConfig('0 3 * * *', 'UTC'), { clock, source: () => gated.source });
    await parts.tick();
    clock.set('2026-05-01T03:00:00Z');
    await parts.scheduler.tick();
    await scheduledRun(parts.coordinator, '2026-04-30');
    const error = await parts.coordinator.submit({ job: 'customers', trigger: 'api' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusyError);
    expect(httpStatusOf(error)).toBe(409);
    const scheduled = await w.warehouse.db.value<number>("SELECT id FROM runs WHERE trigger = 'schedule'");
    expect((error as BusyError).runId).toBe(scheduled);
    gated.open();
    await parts.scheduler.settled();
    await parts.stop();
    expect(await w.warehouse.db.value('SELECT count(*) FROM runs')).toBe(1);
    expect(await w.warehouse.db.value('SELECT count(*) FROM customers')).toBe(2);
  });
});

describe('the service process', () => {
  let hung: Server;
  let hungUrl: string;
  const sockets = new Set<Socket>();
  beforeEach(async () => {
    // Accepts connections and never answers (RELIABILITY 19).
    hung = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    hungUrl = `http://127.0.0.1:${(hung.address() as { port: number }).port}/`;
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hung.close(resolve));
  });

  /** A source whose pull is a request to the hung server, cancelled only by the run's signal. */
  const hungSource = (): Source => ({
    name: 'partner-center',
    async *batches(_job, { signal }) {
      await fetch(hungUrl, { signal });
      yield* [];
    },
  });

  it('a hung source (RELIABILITY 19) fails within the run budget and releases the writer while the service lives on', async () => {
    const { dir, cleanup } = tempDir();
    const sources = [hungSource, twoCustomers];
    const config = { ...testConfig(), warehouse: { path: join(dir, 'w.duckdb'), memoryLimit: '512MB' }, scheduler: { ...testConfig().scheduler, runTimeoutMinutes: 0.01 } };
    const service = await startService({ config, secrets: { embedSecret: 'e'.repeat(32) } as never, port: 0, jobs: [customers], sourceFor: () => sources.shift()!() });
    try {
      const started = Date.now();
      const first = await service.coordinator.submit({ job: 'customers', trigger: 'api' });
      const second = await service.coordinator.submit({ job: 'customers', from: '2026-01-01', to: '2026-01-01', trigger: 'api' });
      const outcome = await first.done;
      expect(outcome.status).toBe('failed');
      expect(outcome.cause).toMatch(/timeout|abort/i);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await second.done).status).toBe('succeeded');
      const health = await fetch(`${service.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await service.runtime.warehouse.db.value('SELECT count(*) FROM customers')).toBe(2);
    } finally {
      await service.stop();
      cleanup();
    }
  });

  it('stopping aborts the running step: the run is recorded interrupted, the period stays due, the file is released', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'w.duckdb');
    const config = { ...scheduleConfig('* * * * * *', 'UTC'), warehouse: { path, memoryLimit: '512MB' } };
    const clock = fakeClock('2026-05-01T00:00:00Z');
    const service = await startService({ config, secrets: { embedSecret: 'e'.repeat(32) } as never, port: 0, jobs: [customers], sourceFor: hungSource, clock });
    clock.set('2026-05-01T00:00:05Z');
    await service.scheduler.tick();
    await scheduledRun(service.coordinator, '2026-04-30');
    const started = Date.now();
    await service.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    const w = await (await import('../src/warehouse/openWarehouse.js')).openWarehouse({ path, readOnly: true });
    try {
      expect(await w.db.all('SELECT status, trigger FROM runs')).toEqual([{ status: 'interrupted', trigger: 'schedule' }]);
      expect((await listLedger(w.db)).map((e) => [e.logicalDate, e.state, e.attempts])).toEqual([['2026-04-30', 'due', 0]]);
    } finally {
      await w.close();
      cleanup();
    }
  });

  it('a scheduled run holding the writer: the CLI beside it is served, not busy (RELIABILITY 6 with the service up)', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'w.duckdb');
    const config = { ...scheduleConfig('0 3 * * *', 'UTC'), warehouse: { path, memoryLimit: '512MB' } };
    const clock = fakeClock('2026-05-01T02:59:00Z');
    const gated = gatedSource();
    const service = await startService({ config, secrets: { embedSecret: 'e'.repeat(32) } as never, port: 0, jobs: [customers], sourceFor: () => gated.source, clock, cli: runCli });
    try {
      clock.set('2026-05-01T03:00:00Z');
      await service.scheduler.tick();
      await scheduledRun(service.coordinator, '2026-04-30');
      const text = (sink: string[]) => ({ write: (t: string) => void sink.push(t) });
      const out: string[] = [];
      const err: string[] = [];
      const io = { cwd: dir, env: { PARTNERLENS_LOG_LEVEL: 'error' }, out: text(out), err: text(err) };
      const code = await forwardToService(['runs', '--json', '--db', path], io);
      expect(err.join('')).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(out.join(''))).toMatchObject([{ job: 'customers', period: '2026-04-30', status: 'running' }]);
      // A writer waits for the scheduled run, then runs: never "busy".
      const runOut: string[] = [];
      const running = forwardToService(['run', 'customers', '--source', 'demo', '--from', '2026-04-29', '--to', '2026-04-29', '--db', path], { ...io, out: text(runOut) });
      gated.open();
      expect(await running).toBe(0);
      expect(runOut.join('')).toMatch(/^run \d+ customers \(demo, 2026-04-29\): succeeded/);
      await service.scheduler.settled();
    } finally {
      await service.stop();
      cleanup();
    }
  });

  it('refuses to start without a strong embed secret, and names a bad schedule', async () => {
    const config = testConfig();
    await expect(startService({ config, secrets: {} as never })).rejects.toThrow(/PARTNERLENS_EMBED_SECRET is not set/);
    await expect(startService({ config, secrets: { embedSecret: 'x'.repeat(31) } as never })).rejects.toThrow(/too short: 31 bytes/);
    expect(() => resolveSchedules(scheduleConfig('61 * * * *', 'UTC'), [customers])).toThrow(ConfigError);
    expect(() => resolveSchedules(scheduleConfig('61 * * * *', 'UTC'), [customers])).toThrow(/schedules\.customers\.cron: invalid cron expression "61 \* \* \* \*"/);
    expect(() => resolveSchedules(scheduleConfig('0 3 * * *', 'Europe/Londres'), [customers])).toThrow(/schedules\.customers\.timeZone: unknown IANA time zone "Europe\/Londres"/);
  });
});
