import { Cron } from 'croner';
import type { Config, Secrets } from '../config/config.js';
import { deliverDue, type DeliveryResult } from '../delivery/deliverDue.js';
import { listDeliveries, type Delivery } from '../delivery/deliveries.js';
import { latestFiring } from '../delivery/schedule.js';
import { oneLine } from '../errors.js';
import { log } from '../util/log.js';
import type { Database } from '../warehouse/database.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import { systemClock, type Clock } from './clock.js';
import type { RunCoordinator } from './coordinator.js';

export interface DeliverySchedulerOptions {
  warehouse: Warehouse;
  /** The bookkeeping connection: the list of deliveries is read here, never on the writer's. */
  books: Database;
  coordinator: RunCoordinator;
  config: Config;
  secrets: Secrets;
  /** Absolute: the service's working directory is no guide to where packs belong. */
  outboxDir: string;
  clock?: Clock;
  /** Tells operators that a delivery could not be made at all (a pack that does not render). */
  tellOperators?: (notice: { about: string; subject: string; text: string }) => Promise<void>;
}

/**
 * Fires each delivery on its own cron and zone. The list is read again at every pass, so a delivery added
 * or removed while the service runs (a forwarded `deliveries add`) counts without a restart; `wake` starts a
 * pass at once. A pass sends each delivery's latest firing at or before now, if it is not older than the
 * delivery itself: at start that catches up a firing missed while the service was down, once (the newest
 * only). What was already sent is in the delivery ledger, so a firing here and a `deliver` beside it send
 * each (delivery, period, recipient) once; both go through the coordinator's writer queue, one at a time.
 */
export class DeliveryScheduler {
  readonly #o: Required<Omit<DeliverySchedulerOptions, 'tellOperators'>> & Pick<DeliverySchedulerOptions, 'tellOperators'>;
  /** Per delivery, the firing last handled (with its schedule: an edited schedule is a new one). */
  readonly #handled = new Map<string, string>();
  readonly #stop = new AbortController();
  #nap = new AbortController();
  #loop: Promise<void> | undefined;
  #passes: Promise<unknown> = Promise.resolve();

  constructor(options: DeliverySchedulerOptions) {
    this.#o = { clock: systemClock, ...options };
  }

  start(): void {
    this.#loop = this.#run();
  }

  /** Re-reads the deliveries now (after a forwarded command changed the warehouse). */
  wake(): void {
    this.#nap.abort();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.#nap.abort();
    await this.#loop;
    await this.#passes;
  }

  /** One pass at the clock's time: fires what is due. Passes never overlap. */
  pass(): Promise<DeliveryResult[]> {
    const pass = this.#passes.then(() => this.#passOnce());
    this.#passes = pass.catch(() => undefined);
    return pass;
  }

  async #run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      let deliveries: Delivery[] = [];
      try {
        await this.pass();
        deliveries = await listDeliveries(this.#o.books);
      } catch (error) {
        log.error('delivery.pass_failed', { cause: oneLine(error) });
      }
      if (this.#stop.signal.aborted) return;
      const now = this.#o.clock.now();
      const next = deliveries.map((d) => nextFiring(d, now)).filter((t): t is number => t !== null);
      // Every minute at least: a backstop for a change nobody woke us for.
      const wait = Math.min(60_000, ...next.map((t) => t - now.getTime() + 5));
      this.#nap = new AbortController();
      await this.#o.clock.sleep(wait, AbortSignal.any([this.#stop.signal, this.#nap.signal]));
    }
  }

  async #passOnce(): Promise<DeliveryResult[]> {
    const { books, clock } = this.#o;
    const now = clock.now();
    const deliveries = await listDeliveries(books);
    const created = new Map((await books.all<{ id: string; created: number }>('SELECT id, epoch(created_at::TIMESTAMPTZ) * 1000 AS created FROM deliveries')).map((r) => [r.id, Number(r.created)]));
    for (const id of this.#handled.keys()) if (!deliveries.some((d) => d.id === id)) this.#handled.delete(id);
    const results: DeliveryResult[] = [];
    for (const delivery of deliveries) {
      if (this.#stop.signal.aborted) break;
      let firing: Date | null;
      try {
        firing = latestFiring(delivery.schedule, delivery.timeZone, now);
      } catch (error) {
        log.error('delivery.bad_schedule', { delivery: delivery.id, cause: oneLine(error) });
        continue;
      }
      if (!firing) continue;
      const mark = `${delivery.schedule}|${delivery.timeZone}|${firing.toISOString()}`;
      if (this.#handled.get(delivery.id) === mark) continue;
      this.#handled.set(delivery.id, mark);
      // A firing from before the delivery existed is not owed to anyone (a weekly delivery added on Tuesday
      // waits for Monday); `deliver` sends it on demand.
      if (firing.getTime() < (created.get(delivery.id) ?? 0)) {
        log.info('delivery.not_owed', { delivery: delivery.id, firing: firing.toISOString(), why: 'the firing is older than the delivery' });
        continue;
      }
      results.push(...(await this.#fire(delivery, now)));
    }
    return results;
  }

  async #fire(delivery: Delivery, now: Date): Promise<DeliveryResult[]> {
    const { warehouse, coordinator, config, secrets, outboxDir } = this.#o;
    try {
      // On the writer's connection, alone: the ledger and audit writes must not join a load's transaction.
      const results = await coordinator.exclusive(() => deliverDue({ warehouse, config, secrets, now, deliveryId: delivery.id, outboxDir }));
      for (const r of results) {
        log.info('delivery.fired', { delivery: r.delivery, period: r.period, stale: r.stale, recipients: r.recipients.map((p) => `${p.upn}: ${p.outcome}`) });
      }
      return results;
    } catch (error) {
      const cause = oneLine(error);
      log.error('delivery.fire_failed', { delivery: delivery.id, cause });
      await this.#o.tellOperators?.({ about: delivery.id, subject: `delivery ${delivery.id} could not be made`, text: `The scheduled delivery ${delivery.id} failed before sending: ${cause}. Fix it, then run \`partnerlens deliver ${delivery.id}\`.` }).catch(() => undefined);
      return [];
    }
  }
}

function nextFiring(delivery: Delivery, now: Date): number | null {
  try {
    return new Cron(delivery.schedule, { timezone: delivery.timeZone, paused: true }).nextRun(now)?.getTime() ?? null;
  } catch {
    return null;
  }
}
