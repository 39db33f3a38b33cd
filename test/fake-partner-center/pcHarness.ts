import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobs } from '../../jobs/index.js';
import { configSchema, type Config, type Secrets } from '../../src/config/config.js';
import type { JobName } from '../../src/jobs/defineJob.js';
import { runJob, type RunOutcome } from '../../src/jobs/runJob.js';
import { createPartnerCenterSource } from '../../src/sources/partner-center/partnerCenterSource.js';
import type { Period } from '../../src/sources/source.js';
import { openWarehouse, type Warehouse } from '../../src/warehouse/openWarehouse.js';
import { createFakeClock, type FakeClock } from './fakeClock.js';
import type { FakePartnerCenter } from './fakePartnerCenter.js';

// Wiring shared by the partner-center tests and bench: configuration pointing at a fake, a warehouse in
// a temp dir, and one call to run a job through the real runner.

export function fakeConfig(fake: FakePartnerCenter, partnerCenter: Partial<Config['partnerCenter']> = {}): Config {
  return configSchema.parse({
    partnerCenter: {
      apiUrl: fake.url,
      authority: fake.authority,
      tenantId: fake.tenantId,
      clientId: fake.clientId,
      concurrency: 4,
      timeoutMs: 5_000,
      maxAttempts: 5,
      pageSize: 5,
      currencies: ['USD', 'EUR'],
      ...partnerCenter,
    },
    // The Partner Center fake serves no Graph: the Graph paths have their own fake (test/fake-graph).
    graph: { azureUsage: 'v1-lineitems', userActivity: false },
  });
}

export function fakeSecrets(fake: FakePartnerCenter, grant: 'client-credentials' | 'refresh-token' = 'client-credentials'): Secrets {
  return {
    clientSecret: grant === 'client-credentials' ? fake.clientSecret : undefined,
    refreshToken: grant === 'refresh-token' ? fake.refreshToken : undefined,
    embedSecret: undefined,
    operatorApiKey: undefined,
    smtpPassword: undefined,
  };
}

export interface Harness {
  dir: string;
  warehouse: Warehouse;
  clock: FakeClock;
  run(job: JobName, options?: { period?: Period; config?: Config; secrets?: Secrets; random?: () => number; clock?: FakeClock; signal?: AbortSignal }): Promise<RunOutcome>;
  close(): Promise<void>;
}

export async function openHarness(fake: FakePartnerCenter, { config = fakeConfig(fake), secrets = fakeSecrets(fake), clock = createFakeClock() }: { config?: Config; secrets?: Secrets; clock?: FakeClock } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-pc-'));
  const warehouse = await openWarehouse({ path: join(dir, 'w.duckdb'), memoryLimit: '256MB', threads: 1 });
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return {
    dir,
    warehouse,
    clock,
    run(jobName, options = {}) {
      const job = jobs.find((j) => j.name === jobName)!;
      const source = createPartnerCenterSource({ config: options.config ?? config, secrets: options.secrets ?? secrets, clock: options.clock ?? clock, random: options.random ?? (() => 0.5) });
      return runJob({ warehouse, config: options.config ?? config, job, source, period: options.period ?? { from: yesterday, to: yesterday }, signal: options.signal });
    },
    async close() {
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
