// The Azure meters demo customers consume, with list prices in US dollars. Names follow the
// reconciliation file's MeterCategory / MeterSubCategory / MeterName; service names and categories
// follow FOCUS (ServiceName, ServiceCategory) so every azure_usage dimension has realistic values.

export type QuantityShape =
  /** Always on: `base` units a day per instance (e.g. 24 hours), no noise. */
  | 'steady'
  /** Dev/test: office hours on weekdays, a little at weekends. */
  | 'office-hours'
  /** Billed per month, rated daily: `base` ÷ days in the month. */
  | 'monthly'
  /** Usage that varies from day to day. */
  | 'variable';

export interface AzureMeter {
  key: string;
  category: string;
  subcategory: string;
  meter: string;
  unit: string;
  priceUsd: number;
  consumedService: string;
  resourceType: string;
  serviceName: string;
  serviceCategory: string;
  namePrefix: string;
  resourceGroups: readonly string[];
  shape: QuantityShape;
  /** Units a day (or a month for `monthly`) per instance, drawn between these bounds. */
  base: readonly [number, number];
  instances: readonly [number, number];
  /** Billed in a zone rather than a region (bandwidth). */
  zone?: string;
  /** How often a customer with Azure runs it (0–1). */
  popularity: number;
  productId: string;
  skuId: string;
}

export const azureMeters: readonly AzureMeter[] = [
  { key: 'vm-d4s', category: 'Virtual Machines', subcategory: 'Dsv5 Series', meter: 'D4s v5', unit: '1 Hour', priceUsd: 0.192, consumedService: 'Microsoft.Compute', resourceType: 'virtualMachines', serviceName: 'Virtual Machines', serviceCategory: 'Compute', namePrefix: 'vm-app', resourceGroups: ['rg-app-prod', 'rg-erp-prod'], shape: 'steady', base: [24, 24], instances: [1, 3], popularity: 0.8, productId: 'DZH318Z0BQ3Q', skuId: '00TG' },
  { key: 'vm-b2s', category: 'Virtual Machines', subcategory: 'BS Series', meter: 'B2s', unit: '1 Hour', priceUsd: 0.0416, consumedService: 'Microsoft.Compute', resourceType: 'virtualMachines', serviceName: 'Virtual Machines', serviceCategory: 'Compute', namePrefix: 'vm-dev', resourceGroups: ['rg-dev', 'rg-test'], shape: 'office-hours', base: [10, 12], instances: [1, 4], popularity: 0.6, productId: 'DZH318Z0BQ4L', skuId: '00W7' },
  { key: 'vm-d2s-win', category: 'Virtual Machines', subcategory: 'Dsv5 Series Windows', meter: 'D2s v5', unit: '1 Hour', priceUsd: 0.188, consumedService: 'Microsoft.Compute', resourceType: 'virtualMachines', serviceName: 'Virtual Machines', serviceCategory: 'Compute', namePrefix: 'vm-dc', resourceGroups: ['rg-identity', 'rg-shared-services'], shape: 'steady', base: [24, 24], instances: [1, 2], popularity: 0.55, productId: 'DZH318Z0BQ3P', skuId: '00V1' },
  { key: 'disk-p10', category: 'Storage', subcategory: 'Premium SSD Managed Disks', meter: 'P10 LRS Disk', unit: '1/Month', priceUsd: 19.71, consumedService: 'Microsoft.Compute', resourceType: 'disks', serviceName: 'Storage Accounts', serviceCategory: 'Storage', namePrefix: 'disk', resourceGroups: ['rg-app-prod', 'rg-identity'], shape: 'monthly', base: [1, 1], instances: [1, 6], popularity: 0.8, productId: 'DZH318Z0BP88', skuId: '001K' },
  { key: 'blob-hot', category: 'Storage', subcategory: 'General Block Blob v2', meter: 'Hot LRS Data Stored', unit: '1 GB/Month', priceUsd: 0.0184, consumedService: 'Microsoft.Storage', resourceType: 'storageAccounts', serviceName: 'Storage Accounts', serviceCategory: 'Storage', namePrefix: 'st', resourceGroups: ['rg-data-prod', 'rg-shared-services'], shape: 'monthly', base: [200, 8000], instances: [1, 1], popularity: 0.7, productId: 'DZH318Z0BPH7', skuId: '00JG' },
  { key: 'blob-ops', category: 'Storage', subcategory: 'General Block Blob v2', meter: 'Hot LRS Write Operations', unit: '10K', priceUsd: 0.065, consumedService: 'Microsoft.Storage', resourceType: 'storageAccounts', serviceName: 'Storage Accounts', serviceCategory: 'Storage', namePrefix: 'st', resourceGroups: ['rg-data-prod'], shape: 'variable', base: [5, 400], instances: [1, 1], popularity: 0.6, productId: 'DZH318Z0BPH7', skuId: '00JG' },
  { key: 'bandwidth', category: 'Bandwidth', subcategory: 'Rtn Preference: MGN', meter: 'Standard Data Transfer Out', unit: '1 GB', priceUsd: 0.087, consumedService: 'Microsoft.Network', resourceType: 'publicIPAddresses', serviceName: 'Bandwidth', serviceCategory: 'Networking', namePrefix: 'pip-egress', resourceGroups: ['rg-network-hub'], shape: 'variable', base: [1, 200], instances: [1, 1], zone: 'Zone 1', popularity: 0.85, productId: 'DZH318Z0BNVX', skuId: '0052' },
  { key: 'public-ip', category: 'Virtual Network', subcategory: 'IP Addresses', meter: 'Standard IPv4 Static Public IP', unit: '1 Hour', priceUsd: 0.005, consumedService: 'Microsoft.Network', resourceType: 'publicIPAddresses', serviceName: 'Virtual Network', serviceCategory: 'Networking', namePrefix: 'pip', resourceGroups: ['rg-network-hub'], shape: 'steady', base: [24, 24], instances: [1, 4], popularity: 0.75, productId: 'DZH318Z0BNZH', skuId: '003P' },
  { key: 'sql-gp', category: 'SQL Database', subcategory: 'General Purpose - Compute Gen5', meter: 'vCore', unit: '1 Hour', priceUsd: 0.2522, consumedService: 'Microsoft.Sql', resourceType: 'servers/databases', serviceName: 'Azure SQL Database', serviceCategory: 'Databases', namePrefix: 'sqldb', resourceGroups: ['rg-data-prod', 'rg-erp-prod'], shape: 'steady', base: [24, 24], instances: [2, 8], popularity: 0.45, productId: 'DZH318Z0BQPS', skuId: '00D8' },
  { key: 'sql-s1', category: 'SQL Database', subcategory: 'Single Standard', meter: 'S1 DTUs', unit: '1/Day', priceUsd: 0.9677, consumedService: 'Microsoft.Sql', resourceType: 'servers/databases', serviceName: 'Azure SQL Database', serviceCategory: 'Databases', namePrefix: 'sqldb-s1', resourceGroups: ['rg-app-prod', 'rg-test'], shape: 'steady', base: [1, 1], instances: [1, 3], popularity: 0.35, productId: 'DZH318Z0BQPS', skuId: '006X' },
  { key: 'app-service', category: 'Azure App Service', subcategory: 'Premium v3 Plan', meter: 'P1 v3 App', unit: '1 Hour', priceUsd: 0.2, consumedService: 'Microsoft.Web', resourceType: 'serverfarms', serviceName: 'Azure App Service', serviceCategory: 'Compute', namePrefix: 'asp-web', resourceGroups: ['rg-web-prod'], shape: 'steady', base: [24, 24], instances: [1, 3], popularity: 0.5, productId: 'DZH318Z0BNVH', skuId: '0024' },
  { key: 'log-analytics', category: 'Log Analytics', subcategory: 'Analytics Logs', meter: 'Analytics Logs Data Ingestion', unit: '1 GB', priceUsd: 2.3, consumedService: 'Microsoft.OperationalInsights', resourceType: 'workspaces', serviceName: 'Azure Monitor', serviceCategory: 'Management and Governance', namePrefix: 'log', resourceGroups: ['rg-monitoring'], shape: 'variable', base: [0.5, 25], instances: [1, 1], popularity: 0.7, productId: 'DZH318Z0BQ4N', skuId: '0007' },
  { key: 'key-vault', category: 'Key Vault', subcategory: 'Standard', meter: 'Operations', unit: '10K', priceUsd: 0.03, consumedService: 'Microsoft.KeyVault', resourceType: 'vaults', serviceName: 'Key Vault', serviceCategory: 'Security', namePrefix: 'kv', resourceGroups: ['rg-shared-services'], shape: 'variable', base: [1, 60], instances: [1, 1], popularity: 0.6, productId: 'DZH318Z0BQ58', skuId: '0019' },
  { key: 'cosmos', category: 'Azure Cosmos DB', subcategory: 'Azure Cosmos DB', meter: '100 RU/s', unit: '1 Hour', priceUsd: 0.008, consumedService: 'Microsoft.DocumentDB', resourceType: 'databaseAccounts', serviceName: 'Azure Cosmos DB', serviceCategory: 'Databases', namePrefix: 'cosmos', resourceGroups: ['rg-data-prod'], shape: 'steady', base: [96, 960], instances: [1, 1], popularity: 0.2, productId: 'DZH318Z0BNVD', skuId: '0034' },
  { key: 'openai', category: 'Cognitive Services', subcategory: 'Azure OpenAI', meter: 'gpt-4o-mini-0718 Inp glbl Tokens', unit: '1K', priceUsd: 0.000165, consumedService: 'Microsoft.CognitiveServices', resourceType: 'accounts', serviceName: 'Azure OpenAI Service', serviceCategory: 'AI and Machine Learning', namePrefix: 'oai', resourceGroups: ['rg-ai-lab'], shape: 'variable', base: [2000, 90000], instances: [1, 1], popularity: 0.25, productId: 'DZH318Z0BQ1F', skuId: '00F3' },
  { key: 'backup', category: 'Backup', subcategory: 'Azure VM Backup', meter: 'Azure VM Protected Instances', unit: '1/Month', priceUsd: 10, consumedService: 'Microsoft.RecoveryServices', resourceType: 'vaults', serviceName: 'Backup', serviceCategory: 'Storage', namePrefix: 'rsv', resourceGroups: ['rg-backup'], shape: 'monthly', base: [1, 1], instances: [1, 5], popularity: 0.5, productId: 'DZH318Z0BNX1', skuId: '0016' },
  { key: 'defender', category: 'Microsoft Defender for Cloud', subcategory: 'Standard', meter: 'Standard Node', unit: '1 Hour', priceUsd: 0.02, consumedService: 'Microsoft.Security', resourceType: 'pricings', serviceName: 'Microsoft Defender for Cloud', serviceCategory: 'Security', namePrefix: 'mdc', resourceGroups: ['rg-security'], shape: 'steady', base: [24, 24], instances: [1, 6], popularity: 0.35, productId: 'DZH318Z0BP2F', skuId: '0005' },
];

/** Exchange rates from the US-dollar price list to each billing currency (fixed: a demo, not a market). */
export const exchangeRates: Record<'USD' | 'EUR' | 'GBP', number> = { USD: 1, EUR: 0.9215, GBP: 0.7893 };

export const azureSubscriptionNames: readonly string[] = ['Production', 'Development and Test', 'Data Platform'];
