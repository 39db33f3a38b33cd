import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { literal } from '../src/warehouse/database.js';

// The rows of the Observable Framework peer page (`peers/observable-framework/gen.mjs`: date, customer,
// meter_category, cost) as a FOCUS 1.0 CSV, as that peer's README says: BilledCost, EffectiveCost and
// ListCost = cost in USD, ChargePeriodStart = the date, ServiceName = the meter category, ServiceCategory from
// it, SubAccountId and SubAccountName = the customer, Id = the row number, provider and publisher Microsoft,
// the header of the FOCUS 1.0 sample (fixtures/files/focus-1.0-sample.csv). One deviation: BillingAccountId
// and BillingAccountName are the customer too, since FOCUS requires a billing account and PartnerLens reads
// a row without one as a row without a customer (rejected).

export const peerDir = join(import.meta.dirname, '..', '..', 'bench', 'peers', 'observable-framework');

/** FOCUS 1.0's header, in the order of the FinOps Foundation sample. */
const header = [
  'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd',
  'BillingPeriodStart', 'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd',
  'ChargePeriodStart', 'CommitmentDiscountCategory', 'CommitmentDiscountId', 'CommitmentDiscountName',
  'CommitmentDiscountStatus', 'CommitmentDiscountType', 'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost',
  'ContractedUnitPrice', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'ListUnitPrice', 'PricingCategory',
  'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId',
  'ResourceName', 'ResourceType', 'ServiceCategory', 'Id', 'ServiceName', 'SkuId', 'SkuPriceId', 'SubAccountId',
  'SubAccountName', 'Tags',
];

/** FOCUS service categories of the peer's ten meter categories. */
const serviceCategory: Record<string, string> = {
  'Virtual Machines': 'Compute', Storage: 'Storage', Bandwidth: 'Networking', 'SQL Database': 'Databases',
  'App Service': 'Compute', 'Azure Cosmos DB': 'Databases', Functions: 'Compute', 'Key Vault': 'Security',
  'Log Analytics': 'Management and Governance', 'Container Registry': 'Developer Tools',
};

const values: Record<string, string> = {
  BilledCost: 'cost', EffectiveCost: 'cost', ListCost: 'cost', BillingCurrency: `'USD'`,
  BillingAccountId: 'customer', BillingAccountName: 'customer',
  ChargePeriodStart: `strftime(date, '%Y-%m-%d 00:00:00')`, ChargePeriodEnd: `strftime(date + 1, '%Y-%m-%d 00:00:00')`,
  ServiceName: 'meter_category',
  ServiceCategory: `CASE meter_category ${Object.entries(serviceCategory).map(([k, v]) => `WHEN ${literal(k)} THEN ${literal(v)}`).join(' ')} END`,
  SubAccountId: 'customer', SubAccountName: 'customer', Id: 'n', ProviderName: `'Microsoft'`, PublisherName: `'Microsoft'`,
};

/** Writes `rows` of the peer's data as a FOCUS CSV at `path` (the peer's generator runs in a child process). */
export async function generateFocus(path: string, rows: number): Promise<void> {
  const usage = `${path}.usage.csv`;
  const child = spawn(process.execPath, [join(peerDir, 'gen.mjs'), String(rows)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await pipeline(child.stdout, createWriteStream(usage));
  if ((await exited) !== 0) throw new Error('the peer generator failed');
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: '1GB' });
  const connection = await instance.connect();
  try {
    const select = header.map((h) => `${values[h] ?? 'NULL'} AS "${h}"`).join(', ');
    await connection.run(
      `COPY (SELECT ${select} FROM (SELECT row_number() OVER () AS n, * FROM read_csv(${literal(usage)}, header = true,
         columns = {'date': 'DATE', 'customer': 'VARCHAR', 'meter_category': 'VARCHAR', 'cost': 'VARCHAR'})) ORDER BY n)
       TO ${literal(path)} (HEADER, DELIMITER ',')`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(usage, { force: true });
  }
}
