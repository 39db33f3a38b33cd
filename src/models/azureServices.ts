import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { literal } from '../warehouse/database.js';

// The Azure services lookup (fixtures/lookup/azure-services.csv, Microsoft's FinOps toolkit, MIT) as the
// rows of `azure_service_map`: lower-cased name → FOCUS service category. Three kinds of key, the first
// to claim a key wins: service names ("Virtual Machines"), classic meter categories that are no service
// name ("Bandwidth"), and consumed services ("microsoft.compute", mapped to the category most of its
// resource types have).

/** Meter categories of reconciliation files that are not service names in the lookup. */
const meterCategoryAliases: Record<string, string> = {
  'Storage': 'Storage',
  'Backup': 'Storage',
  'Bandwidth': 'Networking',
  'Networking': 'Networking',
  'IP Addresses': 'Networking',
  'ExpressRoute': 'Networking',
  'Azure Front Door Service': 'Networking',
  'SQL Database': 'Databases',
  'SQL Managed Instance': 'Databases',
  'Azure Cosmos DB': 'Databases',
  'Azure Database for PostgreSQL': 'Databases',
  'Azure Database for MySQL': 'Databases',
  'Redis Cache': 'Databases',
  'Virtual Machines Licenses': 'Compute',
  'Container Instances': 'Compute',
  'Container Registry': 'Compute',
  'Cloud Services': 'Compute',
  'Log Analytics': 'Management and Governance',
  'Application Insights': 'Management and Governance',
  'Insight and Analytics': 'Management and Governance',
  'Automation': 'Management and Governance',
  'Cognitive Services': 'AI and Machine Learning',
  'Azure Cognitive Search': 'AI and Machine Learning',
  'Advanced Threat Protection': 'Security',
  'Sentinel': 'Security',
  'Azure Data Factory v2': 'Integration',
};

export interface ServiceMapRow {
  nameKey: string;
  serviceName: string | null;
  serviceCategory: string;
  source: 'service-name' | 'meter-category' | 'consumed-service';
}

export function azureServiceMap(csv: string = readFileSync(lookupFile(), 'utf8')): ServiceMapRow[] {
  const [header = [], ...records] = parseCsv(csv);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`invalid azure services lookup: no ${name} column`);
    return i;
  };
  const [consumed, serviceName, category] = [col('ConsumedService'), col('ServiceName'), col('ServiceCategory')];
  const rows = new Map<string, ServiceMapRow>();
  const claim = (row: ServiceMapRow) => {
    if (row.nameKey && row.serviceCategory && !rows.has(row.nameKey)) rows.set(row.nameKey, row);
  };
  for (const r of records) claim({ nameKey: (r[serviceName] ?? '').toLowerCase(), serviceName: r[serviceName] ?? null, serviceCategory: r[category] ?? '', source: 'service-name' });
  for (const [name, cat] of Object.entries(meterCategoryAliases)) claim({ nameKey: name.toLowerCase(), serviceName: null, serviceCategory: cat, source: 'meter-category' });
  const votes = new Map<string, Map<string, number>>();
  for (const r of records) {
    const key = (r[consumed] ?? '').toLowerCase();
    const cat = r[category] ?? '';
    if (!key || !cat) continue;
    const tally = votes.get(key) ?? new Map<string, number>();
    tally.set(cat, (tally.get(cat) ?? 0) + 1);
    votes.set(key, tally);
  }
  for (const [key, tally] of [...votes].sort(([a], [b]) => a.localeCompare(b))) {
    const [best] = [...tally].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (best) claim({ nameKey: key, serviceName: null, serviceCategory: best[0], source: 'consumed-service' });
  }
  return [...rows.values()];
}

/** Migration SQL creating and filling the table (values from the committed lookup file, escaped). */
export function azureServiceMapSql(): string {
  const values = azureServiceMap()
    .map((r) => `(${literal(r.nameKey)}, ${r.serviceName === null ? 'NULL' : literal(r.serviceName)}, ${literal(r.serviceCategory)}, ${literal(r.source)})`)
    .join(',\n  ');
  return `CREATE TABLE azure_service_map (
  name_key VARCHAR PRIMARY KEY,     -- lower-cased service name, meter category or consumed service
  service_name VARCHAR,
  service_category VARCHAR NOT NULL,
  source VARCHAR NOT NULL           -- service-name|meter-category|consumed-service
);
INSERT INTO azure_service_map VALUES
  ${values};`;
}

/** The lookup file, found from this module whether it runs from src/ (tests) or dist/src/ (the CLI). */
function lookupFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fixtures', 'lookup', 'azure-services.csv');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('invalid installation: fixtures/lookup/azure-services.csv not found');
}

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.some((f) => f !== ''));
}
