import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../src/util/dates.js';
import { fakePartnerCenterEnv, startFakePartnerCenter, type FakePartnerCenter } from './fake-partner-center/fakePartnerCenter.js';
import { startFakeGraph, type FakeGraph } from './fake-graph/fakeGraph.js';
import { activeUserCsv, asExport, microsByCurrency, usageLines, type UsageLine } from './fake-graph/graphData.js';
import { cliAsync } from './helpers/asyncCli.js';
import { tempDir } from './helpers/tempWarehouse.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';

// `partnerlens run all --source partner-center` as an operator runs it (compiled CLI, settings from the
// environment) against the fake Partner Center and the fake Graph: every job, Azure usage from the
// billing export and per-user activity over GDAP. Needs `npx tsc -p tsconfig.build.json` first.

const canary = 'CANARY-graph-cli-secret-5d2a90';
let pc: FakePartnerCenter;
let graph: FakeGraph;
let temp: { dir: string; cleanup(): void };
const today = isoDate(new Date());
const currentStart = `${today.slice(0, 7)}-01`;
const lastStart = `${addDays(currentStart, -1).slice(0, 7)}-01`;
const served: Record<string, UsageLine[]> = {};

beforeAll(async () => {
  pc = await startFakePartnerCenter({ customers: 4, today, clientSecret: canary });
  graph = await startFakeGraph({ clientId: pc.clientId, clientSecret: canary, refreshToken: pc.refreshToken, partnerTenant: pc.tenantId, pollsBeforeReady: 1, retryAfterSeconds: 0 });
  const customers = pc.data.customers.map((c, k) => {
    const profile = c.companyProfile as { tenantId: string; companyName: string };
    graph.reports.set(profile.tenantId, activeUserCsv({ reportDate: addDays(today, -2), users: 3 + k, domain: `t${k}.example` }));
    return { id: profile.tenantId, name: profile.companyName, currency: k % 2 ? 'EUR' : 'USD' };
  });
  graph.noConsent.add(customers[3]!.id);
  for (const [period, from, days] of [['current', currentStart, Math.max(1, Number(today.slice(8, 10)) - 1)], ['last', lastStart, 28]] as const) {
    const lines = usageLines({ customers, from, days, seed: days });
    for (const currency of ['USD', 'EUR']) {
      const key = `unbilled/${currency}/${period}`;
      served[key] = lines.filter((l) => l.BillingCurrency === currency);
      graph.exports.set(key, asExport(`etag-${key}`, served[key]!, 3));
    }
  }
  temp = tempDir('pl-graph-cli-');
});
afterAll(async () => {
  await graph?.close();
  await pc?.close();
  temp?.cleanup();
});

function cli(args: string[]) {
  const env = {
    ...process.env, PARTNERLENS_CONFIG: undefined, PARTNERLENS_LOG_LEVEL: 'debug',
    ...fakePartnerCenterEnv(pc, canary),
    PARTNERLENS_GRAPH_API_URL: graph.url, PARTNERLENS_GRAPH_AUTHORITY: graph.authority,
  };
  return cliAsync(args, { cwd: temp.dir, env });
}

describe('partnerlens run all --source partner-center with Graph', () => {
  it('loads every job, Azure usage from the export and users over GDAP; no secret, token or SAS in its output', async () => {
    const db = `${temp.dir}/all.duckdb`;
    const run = await cli(['run', 'all', '--source', 'partner-center', '--db', db, '--json']);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const outcomes = JSON.parse(run.stdout) as { job: string; status: string; cause: string | null }[];
    expect(outcomes.map((o) => `${o.job}:${o.status}`)).toEqual([
      'customers:succeeded', 'subscriptions:succeeded', 'licenses:succeeded', 'workload-usage:succeeded', 'azure-usage:succeeded', 'activity-log:succeeded',
    ]);
    const customer3 = (pc.data.customers[3]!.companyProfile as { companyName: string }).companyName;
    expect(outcomes.find((o) => o.job === 'workload-usage')!.cause).toContain(customer3);

    const posted = graph.exportPosts.map((p) => p.key);
    expect(posted.length).toBeGreaterThan(0);
    const expected = microsByCurrency(posted.flatMap((key) => served[key]!));
    const warehouse = await openWarehouse({ path: db, memoryLimit: '256MB' });
    try {
      const rows = await warehouse.db.all<{ currency: string; micros: bigint }>('SELECT currency, (sum(cost) * 1000000)::BIGINT AS micros FROM azure_usage GROUP BY currency');
      expect(Object.fromEntries(rows.map((r) => [r.currency, BigInt(r.micros)]))).toEqual(expected);
      expect(await warehouse.db.value('SELECT count(*)::INT FROM user_activity')).toBe(3 + 4 + 5);
      expect(await warehouse.db.value('SELECT count(*)::INT FROM customers')).toBe(4);
    } finally {
      await warehouse.close();
    }
    const everything = run.stdout + run.stderr;
    expect(everything).not.toContain(canary);
    for (const sas of graph.issued.sasTokens) expect(everything).not.toContain(sas.split('sig=')[1]);
    for (const token of graph.issued.accessTokens) expect(everything).not.toContain(token);
  });
});
