import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { models } from '../models/index.js';
import { azureServiceMap } from '../src/models/azureServices.js';
import { checkModel, defineModel, ModelDefinitionError, type ModelInput } from '../src/models/defineModel.js';
import { listModels } from '../src/models/query.js';

// The model definitions: the contract's names (SPEC §4), one validator reporting every problem at once
// with its path and a suggestion, and the formats renderers reuse.

const contract: Record<string, { measures: string[]; dimensions: string[] }> = {
  customers: { measures: ['customers', 'newCustomers', 'churnedCustomers'], dimensions: ['date', 'customer', 'customerId', 'country', 'product'] },
  subscriptions: {
    measures: ['subscriptions', 'activeSubscriptions', 'suspendedSubscriptions', 'deprovisionedSubscriptions', 'expiringIn30Days', 'renewingIn30Days', 'newSubscriptions', 'trialConversions'],
    dimensions: ['date', 'customer', 'customerId', 'product', 'billingType', 'status', 'term'],
  },
  licenses: {
    measures: ['licensesSold', 'licensesAssigned', 'licensesActive', 'licensesUnassigned', 'deploymentRate', 'usageRate', 'licenseAdds', 'licenseReductions', 'reducibleAtRenewal', 'skusAtCapacity'],
    dimensions: ['date', 'customer', 'customerId', 'product', 'sku', 'deploymentBucket', 'usageBucket'],
  },
  usage: { measures: ['activeUsers', 'qualifiedUsers', 'workloadUsageRate'], dimensions: ['date', 'customer', 'customerId', 'workload', 'product'] },
  users: { measures: ['licensedUsers', 'inactiveLicensedUsers', 'licensesOnInactiveUsers'], dimensions: ['customer', 'customerId', 'user', 'product', 'lastActivity', 'inactiveFor'] },
  azure: {
    measures: ['cost', 'effectiveCost', 'quantity', 'costGrowth', 'forecastMonthEnd', 'budgetUsed', 'customersOverBudget'],
    dimensions: ['date', 'customer', 'customerId', 'subscription', 'meterCategory', 'meterSubcategory', 'meter', 'serviceCategory', 'region', 'resourceGroup', 'chargeType', 'provider', 'currency'],
  },
  activity: { measures: ['operations', 'failedOperations'], dimensions: ['date', 'customer', 'customerId', 'user', 'resourceType', 'operationType', 'operationStatus'] },
};

describe('the shipped models', () => {
  it('are the seven of SPEC §4, with every measure and dimension the contract names', () => {
    expect(models.map((m) => m.name)).toEqual(Object.keys(contract));
    for (const model of listModels()) {
      const names = contract[model.name]!;
      for (const m of names.measures) expect(Object.keys(model.measures), `${model.name}.${m}`).toContain(m);
      for (const d of names.dimensions) expect(Object.keys(model.dimensions), `${model.name}.${d}`).toContain(d);
    }
  });

  it('every measure has a display format (its label is in the catalogues); ratios are percentages, money is currency, counts integers', () => {
    for (const model of models) {
      for (const [name, measure] of Object.entries(model.measures)) {
        expect(measure.format, `${model.name}.${name}`).toBeDefined();
        if (measure.kind === 'ratio') expect(measure.format).toBe('percent');
        if (measure.kind === 'count' || measure.kind === 'countDistinct') expect(measure.format).toBe('integer');
      }
    }
    const azure = models.find((m) => m.name === 'azure')!;
    expect(['cost', 'effectiveCost', 'forecastMonthEnd', 'costMonthToDate'].map((m) => azure.measures[m]!.format)).toEqual(['currency', 'currency', 'currency', 'currency']);
    expect(azure.measures.costGrowth!.format).toBe('percent');
    expect(models.find((m) => m.name === 'licenses')!.measures.licensesUnassigned!.format).toBe('integer');
  });

  it('pass the validator again (a definition is data: re-checking it changes nothing)', () => {
    for (const model of models) expect(checkModel(model).problems).toEqual([]);
  });
});

describe('the validator', () => {
  const broken = {
    name: 'broken',
    facts: {
      usage: { relation: 'azureUsge' },
      lines: { relation: 'azureUsage' },
      licenses: { relation: 'licenseSnapshots' },
    },
    dimensions: {
      date: { type: 'time' },
      when: { type: 'time' },
      meterCategory: { column: 'meter_categroy' },
      tags: { column: 'meter', list: true, date: true },
      bucket: { type: 'bucket', value: { column: 'cost' }, buckets: [{ label: 'low', below: 1, atMost: 2 }], otherwise: 'high', whenNull: 'none' },
    },
    measures: {
      cost: { kind: 'sum', fact: 'lines', column: 'cots', format: 'currency' },
      spend: { kind: 'sum', fact: 'line', column: 'cost' },
      growth: { kind: 'change', of: 'cst' },
      growthOfGrowth: { kind: 'change', of: 'growth2' },
      growth2: { kind: 'change', of: 'cost' },
      sold30: { kind: 'trailing', of: 'sold', days: 30 },
      sold: { kind: 'sum', fact: 'licenses', column: 'total_units' },
      a: { kind: 'ratio', numerator: 'b', denominator: 'cost' },
      b: { kind: 'difference', minuend: 'a', subtrahend: 'cost' },
      capacity: { kind: 'count', fact: 'licenses', filter: [{ column: 'consumed_units', op: 'gte' }, { column: 'total_units', op: 'in', value: 3 }] },
    },
  } as unknown as ModelInput;

  it('reports every problem at once, each with its path and, for a misspelt name, a suggestion', () => {
    let error: unknown;
    try {
      defineModel(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelDefinitionError);
    const messages = (error as ModelDefinitionError).problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      'broken → facts.usage.relation: unknown relation "azureUsge"; did you mean "azureUsage"?',
      'broken → dimensions: more than one time dimension: date, when',
      'broken → dimensions.meterCategory.column: unknown column "meter_categroy" in the relations of broken; did you mean "meter_category"?',
      'broken → dimensions.bucket.buckets.0: a bucket needs exactly one of "below" or "atMost"',
      'broken → dimensions.tags.list: a list of texts has no date, key or closed list of values',
      'broken → measures.cost.column: unknown column "cots" in relation azureUsage; did you mean "cost"?',
      'broken → measures.spend.fact: unknown fact "line"; did you mean "lines"?',
      'broken → measures.growth.of: unknown measure "cst"; did you mean "cost"?',
      'broken → measures.growthOfGrowth.of: "growth2" already compares periods: a change of a change is not supported',
      expect.stringMatching(/^broken → measures\.sold30\.of: "sold" reads licenseSnapshots, a snapshot relation: trailing needs dated events/),
      'broken → measures.a: measures refer to each other in a cycle: a → b → a',
      'broken → measures.capacity.filter.0.value: "gte" needs a value or an otherColumn',
      'broken → measures.capacity.filter.1.value: "in" needs a list of values',
      'broken → dimensions: money measures (cost) need a "currency" dimension: costs are never summed across currencies',
    ]));
    expect((error as Error).message).toMatch(/^invalid model definition:\n {2}broken → /);
  });

  it('reports malformed data by path before cross-checking', () => {
    const { problems } = checkModel({ name: 'x', facts: {}, dimensions: { d: { type: 'time', grain: 'day' } }, measures: { m: { kind: 'median', fact: 'f' } } });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['x → dimensions.d', 'x → measures.m.kind']));
  });
});

describe('the Azure services lookup', () => {
  it('maps service names, classic meter categories and consumed services to FOCUS categories', () => {
    const map = new Map(azureServiceMap().map((r) => [r.nameKey, r]));
    expect(map.get('virtual machines')).toMatchObject({ serviceCategory: 'Compute', source: 'service-name' });
    expect(map.get('azure app service')?.serviceCategory).toBe('Web');
    expect(map.get('bandwidth')).toMatchObject({ serviceCategory: 'Networking', source: 'meter-category' });
    expect(map.get('microsoft.compute')).toMatchObject({ serviceCategory: 'Compute', source: 'consumed-service' });
    // Every service name of the file is a key, read here with a plain split (the file has no quoted fields).
    const lines = readFileSync(new URL('../fixtures/lookup/azure-services.csv', import.meta.url), 'utf8').trim().split(/\r?\n/);
    const header = lines[0]!.split(',');
    const names = new Set(lines.slice(1).map((l) => l.split(',')[header.indexOf('ServiceName')]!.toLowerCase()).filter(Boolean));
    for (const name of names) expect(map.get(name)?.source, name).toBe('service-name');
  });
});
