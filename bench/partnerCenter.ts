import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobs } from '../jobs/index.js';
import { loadConfig, type Config } from '../src/config/config.js';
import { runJob } from '../src/jobs/runJob.js';
import { createPartnerCenterSource } from '../src/sources/partner-center/partnerCenterSource.js';
import { isoDate } from '../src/util/dates.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { startFakePartnerCenter, type FakePartnerCenter } from '../test/fake-partner-center/fakePartnerCenter.js';
import type { Bench } from './benches.js';

// Partner Center extraction of every customer's subscriptions from the fake server with 50 ms latency per
// call: the configured concurrency against one customer at a time. Printed, not asserted.

const latencyMs = 50;

export const partnerCenterBench: Bench = {
  name: 'partner-center',
  async run({ quick }) {
    const customers = quick ? 200 : 2000;
    const configured = loadConfig().partnerCenter.concurrency;
    const fake = await startFakePartnerCenter({ customers, latencyMs, today: isoDate(new Date()) });
    try {
      const parallel = await extract(fake, configured);
      const serial = await extract(fake, 1);
      process.stdout.write(`customers ${customers}, ${latencyMs} ms latency per call, job subscriptions\n`);
      process.stdout.write('| concurrency | requests | seconds | requests/s | subscriptions loaded |\n|---:|---:|---:|---:|---:|\n');
      for (const r of [parallel, serial]) {
        process.stdout.write(`| ${r.concurrency} | ${r.requests} | ${r.seconds.toFixed(1)} | ${(r.requests / r.seconds).toFixed(0)} | ${r.loaded} |\n`);
      }
      process.stdout.write(`speed-up: ${(serial.seconds / parallel.seconds).toFixed(1)}× with concurrency ${configured}\n`);
    } finally {
      await fake.close();
    }
  },
};

async function extract(fake: FakePartnerCenter, concurrency: number): Promise<{ concurrency: number; requests: number; seconds: number; loaded: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-bench-pc-'));
  const warehouse = await openWarehouse({ path: join(dir, 'w.duckdb') });
  try {
    const base = loadConfig();
    const config: Config = {
      ...base,
      partnerCenter: { ...base.partnerCenter, apiUrl: fake.url, authority: fake.authority, tenantId: fake.tenantId, clientId: fake.clientId, concurrency },
    };
    const secrets = { clientSecret: fake.clientSecret, refreshToken: undefined, embedSecret: undefined, operatorApiKey: undefined, smtpPassword: undefined };
    const job = jobs.find((j) => j.name === 'subscriptions')!;
    const day = isoDate(new Date(Date.now() - 86_400_000));
    const before = fake.requests.length;
    const started = performance.now();
    const outcome = await runJob({ warehouse, config, job, source: createPartnerCenterSource({ config, secrets }), period: { from: day, to: day } });
    const seconds = (performance.now() - started) / 1000;
    if (outcome.status !== 'succeeded') throw new Error(`bench run ${outcome.status}: ${outcome.cause}`);
    const loaded = await warehouse.db.value<number>('SELECT count(*) FROM subscriptions');
    return { concurrency, requests: fake.requests.length - before, seconds, loaded };
  } finally {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
