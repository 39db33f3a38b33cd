import { addDays } from '../../src/util/dates.js';
import type { FakeExport } from './fakeGraph.js';

// Usage lines and user reports for the fake Graph, generated deterministically. Costs are whole
// micro-units, so that tests sum them exactly as integers, independently of the warehouse.

export interface UsageLine {
  [column: string]: string | number | null;
  CustomerId: string;
  CustomerName: string;
  UsageDate: string;
  BillingCurrency: string;
  BillingPreTaxTotal: number;
}

function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Lines for `customers` over `days` days from `from`, `perDay` meters each, in the customers' currency. */
export function usageLines({ customers, from, days, perDay = 3, seed = 1 }: { customers: { id: string; name: string; currency: string }[]; from: string; days: number; perDay?: number; seed?: number }): UsageLine[] {
  const random = lcg(seed);
  const meters: [string, string, string][] = [['Virtual Machines', 'D2s v3', 'eastus'], ['Storage', 'LRS Data Stored', 'westeurope'], ['Bandwidth', 'Data Transfer Out', 'uksouth'], ['SQL Database', 'vCore', 'northeurope']];
  const lines: UsageLine[] = [];
  for (const customer of customers) {
    for (let d = 0; d < days; d++) {
      const day = addDays(from, d);
      for (let m = 0; m < perDay; m++) {
        const [category, meter, region] = meters[(d + m) % meters.length]!;
        const micros = Math.floor(random() * 50_000_000) + 1;
        lines.push({
          PartnerId: 'partner-1', CustomerId: customer.id, CustomerName: customer.name, CustomerDomainName: `${customer.id.slice(0, 8)}.onmicrosoft.com`,
          UsageDate: `${day}T00:00:00Z`, EntitlementId: `sub-${customer.id.slice(0, 8)}-${m % 2}`, EntitlementDescription: `Azure plan ${m % 2}`,
          MeterId: `meter-${category}-${meter}`.replace(/\s+/g, '-').toLowerCase(), MeterCategory: category, MeterSubCategory: null, MeterName: meter,
          MeterRegion: region, ResourceGroup: `rg-${m}`, ResourceURI: `/subscriptions/x/resourceGroups/rg-${m}/providers/p/r${m}`, ChargeType: 'new',
          BillingCurrency: customer.currency, BillingPreTaxTotal: micros / 1e6, PricingCurrency: customer.currency, PricingPreTaxTotal: micros / 1e6,
          Quantity: Math.round(random() * 1000) / 10, Unit: '1 Hour',
        });
      }
    }
  }
  return lines;
}

/** The lines spread over `count` blobs, round robin, each line serialised. */
export function asExport(eTag: string, lines: readonly UsageLine[], count: number): FakeExport {
  const blobs = Array.from({ length: count }, (_, i) => ({ name: `part-${String(i + 1).padStart(5, '0')}.json.gz`, lines: [] as string[] }));
  lines.forEach((line, i) => blobs[i % count]!.lines.push(JSON.stringify(line)));
  return { eTag, blobs };
}

/** Exact total per currency in micro-units, from the lines themselves. */
export function microsByCurrency(lines: readonly UsageLine[]): Record<string, bigint> {
  const totals: Record<string, bigint> = {};
  for (const line of lines) totals[line.BillingCurrency] = (totals[line.BillingCurrency] ?? 0n) + BigInt(Math.round(line.BillingPreTaxTotal * 1e6));
  return totals;
}

const header = 'Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Has Exchange License,Has OneDrive License,Has SharePoint License,Has Skype For Business License,Has Yammer License,Has Teams License,Exchange Last Activity Date,OneDrive Last Activity Date,SharePoint Last Activity Date,Skype For Business Last Activity Date,Yammer Last Activity Date,Teams Last Activity Date,Exchange License Assign Date,OneDrive License Assign Date,SharePoint License Assign Date,Skype For Business License Assign Date,Yammer License Assign Date,Teams License Assign Date,Assigned Products';

/** A getOffice365ActiveUserDetail CSV as Graph writes it (BOM, CRLF); concealed tenants get hashed names. */
export function activeUserCsv({ reportDate, users, domain, concealed = false }: { reportDate: string; users: number; domain: string; concealed?: boolean }): string {
  const rows = [header];
  for (let u = 0; u < users; u++) {
    const upn = concealed ? (u.toString(16).padStart(8, '0') + 'A1B2C3D4E5F60718293A4B5C').toUpperCase().slice(0, 32) : `user${u + 1}@${domain}`;
    const name = concealed ? upn : `User ${u + 1}`;
    const last = u % 3 === 0 ? '' : addDays(reportDate, -(u % 40));
    rows.push([reportDate, upn, name, 'False', '', 'True', 'True', 'True', 'False', 'False', 'True', last, '', '', '', '', last, '', '', '', '', '', '', 'MICROSOFT 365 BUSINESS STANDARD'].join(','));
  }
  return '\ufeff' + rows.join('\r\n') + '\r\n';
}
