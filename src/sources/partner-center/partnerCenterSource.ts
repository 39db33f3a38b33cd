import type { SourceOptions } from '../index.js';
import type { Batch, Source, SourceContext } from '../source.js';
import type { JobName } from '../../jobs/defineJob.js';
import { registerSecret } from '../../util/log.js';
import { createAdaptiveLimiter } from './adaptiveLimiter.js';
import { systemClock, type Clock } from './clock.js';
import { createPcClient } from './pcClient.js';
import { exportBatches } from './graph/exportBatches.js';
import { createGraphClient } from './graph/graphClient.js';
import { resolveGraphSettings, type GraphSettings } from './graph/graphSettings.js';
import { tenantTokens } from './graph/tenantTokens.js';
import { createCollector } from './pulls/collector.js';
import { collectUserActivity, writeCoverage, type CoverageRow } from './pulls/userActivityPull.js';
import { pulls } from './pulls/index.js';
import type { PullContext } from './pulls/pull.js';
import type { RetryPolicy } from './retryPolicy.js';
import { resolveSettings, type PcSettings } from './settings.js';
import { createTokenProvider, type TokenProvider } from './tokenProvider.js';

export interface PartnerCenterSourceOptions extends SourceOptions {
  /** Tests pass a clock that records waits instead of sleeping. */
  clock?: Clock;
  /** Jitter source in [0, 1). */
  random?: () => number;
  retryPolicy?: RetryPolicy;
}

/**
 * The Partner Center REST API as a source: one batch per job, filled by that job's pull. The pull reads
 * every page before anything reaches the stage tables, and the runner publishes a batch only once `fill`
 * returns, so a pull that fails on its last page commits nothing.
 */
export function createPartnerCenterSource({ config, secrets, clock = systemClock, random = Math.random, retryPolicy }: PartnerCenterSourceOptions): Source {
  registerSecret(secrets.clientSecret);
  registerSecret(secrets.refreshToken);
  // Settings are checked when a job runs, so that a missing one is a failed run that says which.
  let resolved: { settings: PcSettings; tokens: TokenProvider; graphSettings: GraphSettings } | undefined;
  const resolve = () => {
    if (!resolved) {
      const settings = resolveSettings(config, secrets);
      const tokens = createTokenProvider({
        tokenUrl: settings.tokenUrl, clientId: settings.clientId, grant: settings.grant, clock, timeoutMs: settings.timeoutMs,
        maxAttempts: settings.maxAttempts, random, policy: retryPolicy,
      });
      resolved = { settings, tokens, graphSettings: resolveGraphSettings(config, settings) };
    }
    return resolved;
  };

  return {
    name: 'partner-center',
    async *batches(job: JobName, context: SourceContext): AsyncIterable<Batch> {
      const { settings, tokens, graphSettings } = resolve();
      const pull = pulls[job];
      const limiter = createAdaptiveLimiter({ max: settings.concurrency });
      const client = createPcClient({ settings, tokens, limiter, clock, random, policy: retryPolicy, signal: context.signal });
      if (job === 'azure-usage' && config.graph.azureUsage === 'export') {
        // Partner Center's v1 line items for daily-rated usage are retired: Graph's billing export is the live path.
        const graph = createGraphClient({
          apiUrl: graphSettings.apiUrl, tokens: tenantTokens(config.partnerCenter.tenantId!, { settings, graphSettings, clock, random, policy: retryPolicy, customer: false }),
          limiter, clock, timeoutMs: settings.timeoutMs, maxAttempts: settings.maxAttempts, random, policy: retryPolicy, signal: context.signal,
        });
        yield* exportBatches(context, { graph, pc: client, settings, graphSettings, clock, random });
        return;
      }
      const withUsers = job === 'workload-usage' && config.graph.userActivity;
      let coverage: CoverageRow[] = [];
      yield {
        label: pull.label,
        version: new Date(clock.now()).toISOString(),
        async fill(stage) {
          const pullContext: PullContext = { client, settings, period: context.period, clock, stage };
          const collector = await createCollector(stage, pull.tables);
          try {
            const { asOf } = await pull.collect(pullContext, collector);
            const { read, rejected } = await collector.finish();
            await pull.afterStage?.(pullContext);
            if (!withUsers) return { read, rejected, asOf };
            const users = await collectUserActivity({ pc: client, settings, graphSettings, clock, random, policy: retryPolicy, stage });
            coverage = users.coverage;
            return { read: read + users.read, rejected: rejected + users.rejected, asOf, note: users.note };
          } finally {
            await collector.drop();
          }
        },
        commit: withUsers ? (db, runId) => writeCoverage(db, runId, coverage) : undefined,
      };
    },
  };
}
