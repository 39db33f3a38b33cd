import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWarehouse, type FixtureWarehouse } from './modelsFixture.js';
import { azureCost, fromMicros } from './modelsOracle.js';

// `partnerlens query` as a user runs it (node bin/partnerlens.js, i.e. dist/: build first), on the
// hand-made partner's warehouse.

let fw: FixtureWarehouse;
beforeAll(async () => {
  fw = await fixtureWarehouse();
  // The CLI is another process: it opens the file itself, read-only.
  await fw.warehouse.close();
});
afterAll(async () => fw.close().catch(() => undefined));

const env: NodeJS.ProcessEnv = { ...process.env, PARTNERLENS_LOG_LEVEL: 'error' };
delete env.PARTNERLENS_CONFIG;
delete env.PARTNERLENS_DB;

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/partnerlens.js', 'query', ...args, '--db', fw.path], { encoding: 'utf8', env, cwd: process.cwd() });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('partnerlens query', () => {
  it('--format json: an array of row objects keyed by dimension and measure names, numbers as numbers, missing as null', () => {
    const { code, stdout, stderr } = cli('azure', '--measures', 'cost,costGrowth', '--by', 'date:month,currency', '--from', '2026-01-01', '--to', '2026-03-31', '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(6);
    const march = rows.find((r) => r.date === '2026-03-01' && r.currency === 'USD')!;
    expect(Object.keys(march)).toEqual(['date', 'currency', 'cost', 'costGrowth']);
    expect(march.cost).toBeCloseTo(fromMicros(azureCost(fw.fixture, '2026-03-01', '2026-03-31').get('USD')!), 6);
    expect(march.costGrowth).toBeNull(); // February had nothing to compare with
    expect(typeof rows.find((r) => r.date === '2026-01-01' && r.currency === 'EUR')!.costGrowth).toBe('number');
  });

  it('--format csv: a header and one line per row, text quoted where needed', () => {
    const { code, stdout } = cli('customers', '--measures', 'customers', '--by', 'customer,customerId', '--to', '2026-03-31', '--format', 'csv');
    expect(code).toBe(0);
    // Tailspin Toys left in February: its subscriptions are there, it is no longer a customer.
    expect(stdout.split('\r\n')).toEqual(['customer,customerId,customers', 'Contoso,t1,1', 'Contoso,t5,1', 'Fabrikam,t2,1', 'Tailspin Toys,t4,0', '']);
  });

  it('--format table: aligned columns, money with its currency, percentages as percentages', () => {
    const { code, stdout } = cli('azure', '--measures', 'cost,budgetUsed', '--by', 'customer', '--where', 'currency=USD', '--from', '2026-03-01', '--to', '2026-03-31');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^customer\s+currency\s+cost\s+budgetUsed$/);
    // Money reads as in the packs ("USD 1,250.75"): one formatting path for the CLI, HTML, XLSX and mail.
    expect(lines[2]).toMatch(/^Contoso\s+USD\s+USD 1,250\.75\s+125\.1%$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1); // aligned
  });

  it('--locale fr-FR: the table\'s values the French way, the contract\'s names as headers, JSON unchanged', () => {
    const args = ['azure', '--measures', 'cost,budgetUsed', '--by', 'customer', '--where', 'currency=USD', '--from', '2026-03-01', '--to', '2026-03-31', '--locale', 'fr-FR'];
    const { code, stdout } = cli(...args);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^customer\s+currency\s+cost\s+budgetUsed$/);
    expect(lines[2]).toMatch(/^Contoso\s+USD\s+1\u00A0250,75\u00A0\$US\s+125,1\u00A0%$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(JSON.parse(cli(...args, '--format', 'json').stdout)).toEqual(JSON.parse(cli(...args.slice(0, -2), '--format', 'json').stdout));
    expect(cli('azure', '--measures', 'cost', '--locale', 'de-DE')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--locale: unknown locale "de-DE": expected en-US or fr-FR/) });
  });

  it('a list dimension: a JSON array, one quoted CSV cell and one table cell with its items joined by ", "', () => {
    const args = ['users', '--measures', 'licensedUsers', '--by', 'user,assignedProducts', '--where', 'user=dave@contoso.example', '--from', '2026-03-01', '--to', '2026-03-31'];
    expect(JSON.parse(cli(...args, '--format', 'json').stdout)).toEqual([{ user: 'dave@contoso.example', assignedProducts: ['MICROSOFT 365 BUSINESS PREMIUM', 'VISIO PLAN 2'], licensedUsers: 1 }]);
    expect(cli(...args, '--format', 'csv').stdout.split('\r\n')[1]).toBe('dave@contoso.example,"MICROSOFT 365 BUSINESS PREMIUM, VISIO PLAN 2",1');
    expect(cli(...args).stdout.split('\n')[2]).toMatch(/^dave@contoso\.example\s+MICROSOFT 365 BUSINESS PREMIUM, VISIO PLAN 2\s+1$/);
  });

  it('--where repeated on one dimension keeps any of the values; a value may hold commas', () => {
    const { code, stdout } = cli('activity', '--measures', 'operations', '--by', 'customer', '--where', 'customer=Contoso', '--where', 'customer=Tailspin Toys', '--where', 'resourceType=a, b, c', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
    const both = JSON.parse(cli('activity', '--measures', 'operations', '--by', 'customer', '--where', 'customer=Contoso', '--where', 'customer=Tailspin Toys', '--json').stdout);
    expect(both).toEqual([{ customer: 'Contoso', operations: 4 }, { customer: 'Tailspin Toys', operations: 1 }]);
  });

  it('unknown model, measure or dimension: exit 2 naming the valid ones', () => {
    const model = cli('licence', '--measures', 'x');
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('unknown model "licence"; did you mean "licenses"?');
    expect(model.stderr).toContain('customers, subscriptions, licenses, usage, users, azure, activity');
    const measure = cli('azure', '--measures', 'cots', '--by', 'currency');
    expect(measure.code).toBe(2);
    expect(measure.stderr).toMatch(/unknown measure "cots" in model azure; did you mean "cost"\?; valid measures of azure: cost, effectiveCost/);
    const dimension = cli('azure', '--measures', 'cost', '--by', 'currency,metercategory');
    expect(dimension.code).toBe(2);
    expect(dimension.stderr).toMatch(/unknown dimension "metercategory".*did you mean "meterCategory".*valid dimensions of azure: date, customer/);
    expect(cli('azure', '--by', 'currency').code).toBe(2); // --measures missing
  });

  it('money across currencies: exit 2 with the fix', () => {
    const { code, stderr } = cli('azure', '--measures', 'cost');
    expect(code).toBe(2);
    expect(stderr).toContain('cost is an amount of money and would be summed across currencies: add currency to the breakdown (--by currency) or filter one currency (--where currency=EUR)');
  });

  it('a missing warehouse is a clear error, not a stack trace', () => {
    const run = spawnSync(process.execPath, ['bin/partnerlens.js', 'query', 'azure', '--measures', 'cost', '--by', 'currency', '--db', `${fw.dir}/nothing-here.duckdb`], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/^partnerlens: .*nothing-here\.duckdb.*no warehouse/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
