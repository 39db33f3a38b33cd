import { SourceError } from '../../../errors.js';
import type { JobName } from '../../../jobs/defineJob.js';
import type { Period, StageContext } from '../../source.js';
import { forEachLimited } from '../adaptiveLimiter.js';
import type { Clock } from '../clock.js';
import { readCollection } from '../paging.js';
import type { PcClient } from '../pcClient.js';
import { customerRef, type CustomerRef } from '../resources/customers.js';
import type { PcSettings } from '../settings.js';
import type { Collector } from './collector.js';

export interface PullContext {
  client: PcClient;
  settings: PcSettings;
  period: Period;
  clock: Clock;
  stage: StageContext;
}

/** What one job reads from Partner Center: its resources, and how their items become rows. */
export interface Pull {
  job: JobName;
  /** The API resources, for the batch label and rejected rows. */
  label: string;
  /** Tables the pull fills (a job's other tables stay empty, e.g. Graph's user_activity). */
  tables: readonly string[];
  /** Reads every page into the collector; returns the newest time the data vouches for. */
  collect(context: PullContext, collector: Collector): Promise<{ asOf?: string }>;
  /** SQL steps on the filled stage tables (history, aggregation), before the runner publishes them. */
  afterStage?(context: PullContext): Promise<void>;
}

/** Every customer of the partner, enough to walk their resources. Unreadable ones are rejected. */
export async function listCustomers(context: PullContext, collector: Collector): Promise<CustomerRef[]> {
  const customers: CustomerRef[] = [];
  const source = '/v1/customers';
  await readCollection(context.client, `/v1/customers?size=${context.settings.pageSize}`, {
    onPage(items) {
      for (const item of items) {
        const parsed = customerRef.safeParse(item);
        if (parsed.success) customers.push(parsed.data);
        else collector.reject('customers', { source, line: null, field: 'id', reason: `customer without a usable id: ${parsed.error.issues[0]?.message ?? 'invalid'}`, raw: JSON.stringify(item)?.slice(0, 2000) ?? null });
      }
    },
    async onRestart() {
      customers.length = 0;
      await collector.discard('customers');
    },
  });
  return customers;
}

/**
 * Reads one collection per customer, a bounded number of customers at once (the client's adaptive
 * limiter). A customer the partner may no longer read (403: no delegated access; 404: gone) is one
 * rejected row naming it, not a failed run; anything else fails the pull.
 */
export async function perCustomer(
  context: PullContext,
  collector: Collector,
  customers: readonly CustomerRef[],
  { resource, read }: { resource: string; read(customer: CustomerRef, path: string): Promise<void> },
): Promise<void> {
  let done = 0;
  await forEachLimited(customers, context.client.limiter, async (customer) => {
    const path = `/v1/customers/${encodeURIComponent(customer.id)}/${resource}`;
    try {
      await read(customer, path);
    } catch (error) {
      if (!(error instanceof SourceError) || (error.status !== 403 && error.status !== 404)) throw error;
      await collector.discard(customer.id);
      collector.reject(customer.id, {
        source: path,
        line: null,
        field: null,
        reason: `customer ${customer.name ?? customer.id} not readable: ${error.message}`,
        raw: null,
      });
    }
    context.stage.progress.update(++done, `of ${customers.length} customers`);
  });
}
