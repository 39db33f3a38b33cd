import customers from '../../jobs/customers.js';
import type { Config } from '../../src/config/config.js';
import type { Source } from '../../src/sources/source.js';
import type { Clock } from '../../src/service/clock.js';
import { RunCoordinator } from '../../src/service/coordinator.js';
import type { NotifyOperators } from '../../src/service/notifyOperators.js';
import { Scheduler } from '../../src/service/scheduler.js';
import { resolveSchedules } from '../../src/service/schedules.js';
import type { Warehouse } from '../../src/warehouse/openWarehouse.js';
import { sqlSource } from './sqlSource.js';
import { testConfig } from './tempWarehouse.js';

/** A clock the test moves by hand. */
export function fakeClock(start: string): Clock & { set(iso: string | Date): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    // The service's own loop sleeps here: a short real pause, so that it neither spins nor moves the clock.
    sleep: (_ms, signal) => new Promise((resolve) => {
      const timer = setTimeout(resolve, 20);
      signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    }),
    set(iso) {
      t = new Date(iso).getTime();
    },
    advance(ms) {
      t += ms;
    },
  };
}

export const customerRows = (names: [string, string][]) =>
  names.map(([id, name]) => `SELECT '${id}' AS customer_id, '${name}' AS name, 'demo' AS source, NULL::BIGINT AS _line`).join(' UNION ALL ');

/** Two customers, the same every time: a re-run of a period changes nothing. */
export const twoCustomers = (): Source => sqlSource([{ rows: { customers: customerRows([['t1', 'Contoso'], ['t2', 'Fabrikam']]) } }]);

export function scheduleConfig(cron: string, timeZone: string, scheduler: Partial<Config['scheduler']> = {}): Config {
  const base = testConfig();
  return { ...base, schedules: { customers: { cron, timeZone, enabled: true } }, scheduler: { ...base.scheduler, source: 'demo', ...scheduler } };
}

/** The scheduler and coordinator of one service process, scheduling only the customers job. */
export async function serviceParts(
  warehouse: Warehouse,
  config: Config,
  { clock, source = twoCustomers, notify, random = () => 0.5 }: { clock: Clock; source?: () => Source; notify?: NotifyOperators; random?: () => number },
) {
  const books = await warehouse.connect();
  const coordinator = new RunCoordinator({ warehouse, config, secrets: {} as never, books, sourceFor: source, today: () => clock.now() });
  const scheduler = new Scheduler({ schedules: resolveSchedules(config, [customers]), coordinator, books, settings: config.scheduler, clock, random, notify });
  return {
    books,
    coordinator,
    scheduler,
    /** One scheduler pass at the clock's time, waiting for the runs it started. */
    async tick() {
      await scheduler.tick();
      await scheduler.settled();
    },
    async stop() {
      await coordinator.stop();
      books.connection.closeSync();
    },
  };
}
