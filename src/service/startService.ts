import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { jobs as allJobs } from '../../jobs/index.js';
import type { Config, Secrets } from '../config/config.js';
import { ConfigError, oneLine } from '../errors.js';
import type { JobDefinition } from '../jobs/defineJob.js';
import type { Source, SourceName } from '../sources/source.js';
import { log, registerSecret } from '../util/log.js';
import { openWarehouse } from '../warehouse/openWarehouse.js';
import { checkAlerts } from '../alerts/checkAlerts.js';
import { DeliveryScheduler } from './deliveryScheduler.js';
import { operatorChannels } from './operatorChannels.js';
import { systemClock, type Clock } from './clock.js';
import type { CliRunner } from './cliRunner.js';
import { RunCoordinator } from './coordinator.js';
import type { NotifyOperators } from './notifyOperators.js';
import { newCredential, writeServiceOwner } from './ownerFile.js';
import { buildRoutes } from './routes.js';
import type { ServiceRuntime } from './runtime.js';
import { Scheduler } from './scheduler.js';
import { resolveSchedules } from './schedules.js';

export interface ServiceOptions {
  config: Config;
  secrets: Secrets;
  host?: string;
  port?: number;
  /** Runs forwarded CLI commands in-process (the CLI's runCli). */
  cli?: CliRunner;
  /** How operators hear of failed, given-up and recovered scheduled jobs: by default the delivery channels (mail, else outbox). */
  notify?: NotifyOperators;
  /** Where outbox deliveries and notices go; relative to the working directory when not absolute. Default: config.delivery.outbox. */
  outboxDir?: string;
  clock?: Clock;
  jobs?: readonly JobDefinition[];
  sourceFor?: (name: SourceName) => Source;
}

export interface RunningService {
  url: string;
  runtime: ServiceRuntime;
  scheduler: Scheduler;
  deliveries: DeliveryScheduler;
  coordinator: RunCoordinator;
  /** Stops taking work, aborts the running step, checkpoints and releases the warehouse. */
  stop(): Promise<void>;
}

export const MIN_EMBED_SECRET_BYTES = 32;

/** `partnerlens serve`: the one process that owns the warehouse, its schedules and its HTTP answers. */
export async function startService({ config, secrets, host = '127.0.0.1', port = 8420, cli, notify, outboxDir, clock = systemClock, jobs = allJobs, sourceFor }: ServiceOptions): Promise<RunningService> {
  const embedSecret = secrets.embedSecret;
  if (!embedSecret) throw new ConfigError('PARTNERLENS_EMBED_SECRET is not set: the service signs embed tokens with it (at least 32 bytes, from the environment only)');
  if (Buffer.byteLength(embedSecret, 'utf8') < MIN_EMBED_SECRET_BYTES) {
    throw new ConfigError(`PARTNERLENS_EMBED_SECRET is too short: ${Buffer.byteLength(embedSecret, 'utf8')} bytes, at least ${MIN_EMBED_SECRET_BYTES} needed`);
  }
  registerSecret(embedSecret);
  const schedules = resolveSchedules(config, jobs);

  const warehouse = await openWarehouse({ path: config.warehouse.path, memoryLimit: config.warehouse.memoryLimit, purpose: 'serve' });
  const books = await warehouse.connect();
  const outbox = resolve(outboxDir ?? config.delivery.outbox);
  const operators = operatorChannels({ books, config, secrets, outboxDir: outbox });
  // After every load the service runs (scheduled or through the API), alone on the writer, like the CLI's `run`.
  let warmEmbeds = async (): Promise<void> => undefined;
  const afterLoad = async () => {
    // The embedded reports' answers for the new data, made in the background on readers: the writer goes on.
    void warmEmbeds();
    const outcomes = await checkAlerts({ warehouse, config, secrets, now: clock.now(), outboxDir: outbox });
    for (const o of outcomes.filter((x) => x.event !== 'quiet')) log.info('alert', { alert: o.alert, event: o.event, subject: o.subject, failures: o.failures });
  };
  const coordinator = new RunCoordinator({ warehouse, config, secrets, books, jobs, ...(sourceFor ? { sourceFor } : {}), today: () => clock.now(), afterLoad });
  const scheduler = new Scheduler({ schedules, coordinator, books, settings: config.scheduler, clock, notify: notify ?? operators.notify });
  const deliveries = new DeliveryScheduler({ warehouse, books, coordinator, config, secrets, outboxDir: outbox, clock, tellOperators: operators.tell });
  const runtime: ServiceRuntime = {
    warehouse,
    config,
    secrets,
    startRun: async (request) => ({ id: (await coordinator.submit(request)).id }),
    schedulerState: () => scheduler.state(),
  };
  const credential = newCredential();
  registerSecret(credential);
  const routes = buildRoutes({ runtime, coordinator, credential, cli, afterWrite: () => deliveries.wake() });
  warmEmbeds = routes.warmEmbeds;

  let server: Server;
  let address: AddressInfo;
  try {
    ({ server, address } = await listen(routes.app.fetch, host, port));
  } catch (error) {
    await routes.close();
    books.connection.closeSync();
    await warehouse.close();
    throw new ConfigError(`cannot listen on ${host}:${port}: ${oneLine(error)}`);
  }
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  writeServiceOwner(warehouse.path, { url: url.replace('0.0.0.0', '127.0.0.1').replace('[::]', '[::1]'), credential });
  await scheduler.start();
  deliveries.start();
  // The first viewer of an embedded report must not pay for a cold warehouse.
  void warmEmbeds();
  log.info('service.started', { url, warehouse: warehouse.path, schedules: schedules.map((s) => `${s.job.name} ${s.cron} ${s.timeZone}`) });

  let stopping: Promise<void> | undefined;
  return {
    url,
    runtime,
    scheduler,
    deliveries,
    coordinator,
    stop() {
      stopping ??= (async () => {
        log.info('service.stopping', {});
        await Promise.all([coordinator.stop(), scheduler.stop(), deliveries.stop()]);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await routes.close();
        books.connection.closeSync();
        await warehouse.close();
        log.info('service.stopped', {});
      })();
      return stopping;
    },
  };
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], hostname: string, port: number): Promise<{ server: Server; address: AddressInfo }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, (info) => resolve({ server, address: info })) as Server;
    server.once('error', reject);
  });
}
