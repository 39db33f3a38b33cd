// The Microsoft 365 licence SKUs the demo partner resells. SKU ids and part numbers are Microsoft's
// published identifiers (the "product names and service plan identifiers for licensing" list); offer ids
// follow the new-commerce `productId:skuId` shape. Graph's active-user report names products in capitals.

export const workloadNames = ['exchange', 'sharepoint', 'teams', 'yammer', 'skype', 'office-apps'] as const;
export type Workload = (typeof workloadNames)[number];

/** Partner Center analytics' names for each workload. */
export const workloadInfo: Record<Workload, { code: string; name: string; service: string }> = {
  exchange: { code: 'EXO', name: 'Exchange Online', service: 'O365' },
  sharepoint: { code: 'SPO', name: 'SharePoint Online and OneDrive', service: 'O365' },
  teams: { code: 'TEAMS', name: 'Microsoft Teams', service: 'O365' },
  yammer: { code: 'YAM', name: 'Viva Engage (Yammer)', service: 'O365' },
  skype: { code: 'SFB', name: 'Skype for Business Online', service: 'O365' },
  'office-apps': { code: 'OFFICE', name: 'Microsoft 365 Apps', service: 'O365' },
};

export interface LicenseSku {
  key: string;
  skuId: string;
  skuPartNumber: string;
  /** The product as Partner Center and the offer catalogue name it. */
  name: string;
  /** The product as Graph's "Assigned Products" column names it. */
  graphName: string;
  offerId: string;
  /** A suite is a user's main licence (one per user); an add-on sits on top of one. */
  kind: 'suite' | 'addon';
  workloads: readonly Workload[];
  /** Typical share of a customer's staff that holds it, for sizing. */
  reach: number;
}

export const licenseSkus: readonly LicenseSku[] = [
  { key: 'business-basic', skuId: '3b555118-da6a-4418-894f-7df1e2096870', skuPartNumber: 'O365_BUSINESS_ESSENTIALS', name: 'Microsoft 365 Business Basic', graphName: 'MICROSOFT 365 BUSINESS BASIC', offerId: 'CFQ7TTC0LH18:0001', kind: 'suite', workloads: ['exchange', 'sharepoint', 'teams', 'yammer'], reach: 1 },
  { key: 'business-standard', skuId: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3', skuPartNumber: 'O365_BUSINESS_PREMIUM', name: 'Microsoft 365 Business Standard', graphName: 'MICROSOFT 365 BUSINESS STANDARD', offerId: 'CFQ7TTC0LDPB:0001', kind: 'suite', workloads: ['exchange', 'sharepoint', 'teams', 'yammer', 'office-apps'], reach: 1 },
  { key: 'business-premium', skuId: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', skuPartNumber: 'SPB', name: 'Microsoft 365 Business Premium', graphName: 'MICROSOFT 365 BUSINESS PREMIUM', offerId: 'CFQ7TTC0LCHC:0002', kind: 'suite', workloads: ['exchange', 'sharepoint', 'teams', 'yammer', 'office-apps'], reach: 1 },
  { key: 'o365-e1', skuId: '18181a46-0d4e-45cd-891e-60aabd171b4e', skuPartNumber: 'STANDARDPACK', name: 'Office 365 E1', graphName: 'OFFICE 365 E1', offerId: 'CFQ7TTC0LF8Q:0001', kind: 'suite', workloads: ['exchange', 'sharepoint', 'teams', 'yammer', 'skype'], reach: 1 },
  { key: 'o365-e3', skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuPartNumber: 'ENTERPRISEPACK', name: 'Office 365 E3', graphName: 'OFFICE 365 E3', offerId: 'CFQ7TTC0LF8R:0001', kind: 'suite', workloads: ['exchange', 'sharepoint', 'teams', 'yammer', 'skype', 'office-apps'], reach: 1 },
  { key: 'm365-e3', skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'SPE_E3', name: 'Microsoft 365 E3', graphName: 'MICROSOFT 365 E3', offerId: 'CFQ7TTC0LFLX:0001', kind: 'suite', workloads: ['exchange', 'sharepoint', 'teams', 'yammer', 'skype', 'office-apps'], reach: 1 },
  { key: 'm365-e5', skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', skuPartNumber: 'SPE_E5', name: 'Microsoft 365 E5', graphName: 'MICROSOFT 365 E5', offerId: 'CFQ7TTC0LFLZ:0002', kind: 'suite', workloads: ['exchange', 'sharepoint', 'teams', 'yammer', 'skype', 'office-apps'], reach: 1 },
  { key: 'exchange-p1', skuId: '4b9405b0-7788-4568-add1-99614e613b69', skuPartNumber: 'EXCHANGESTANDARD', name: 'Exchange Online (Plan 1)', graphName: 'EXCHANGE ONLINE (PLAN 1)', offerId: 'CFQ7TTC0LH16:0001', kind: 'suite', workloads: ['exchange'], reach: 0.3 },
  { key: 'apps-for-business', skuId: 'cdd28e44-67e3-425e-be4c-737fab2899d3', skuPartNumber: 'O365_BUSINESS', name: 'Microsoft 365 Apps for business', graphName: 'MICROSOFT 365 APPS FOR BUSINESS', offerId: 'CFQ7TTC0LH1G:0001', kind: 'suite', workloads: ['sharepoint', 'office-apps'], reach: 0.3 },
  { key: 'power-bi-pro', skuId: 'f8a1db68-be16-40ed-86d5-cb42ce701560', skuPartNumber: 'POWER_BI_PRO', name: 'Power BI Pro', graphName: 'POWER BI PRO', offerId: 'CFQ7TTC0L3PB:0001', kind: 'addon', workloads: [], reach: 0.2 },
  { key: 'visio-p2', skuId: 'c5928f49-12ba-48f7-ada3-0d743a3601d5', skuPartNumber: 'VISIOCLIENT', name: 'Visio Plan 2', graphName: 'VISIO PLAN 2', offerId: 'CFQ7TTC0HD33:0002', kind: 'addon', workloads: [], reach: 0.08 },
  { key: 'project-p3', skuId: '53818b1b-4a27-454b-8896-0dba576410e6', skuPartNumber: 'PROJECTPROFESSIONAL', name: 'Project Plan 3', graphName: 'PROJECT PLAN 3', offerId: 'CFQ7TTC0HDH8:0001', kind: 'addon', workloads: [], reach: 0.06 },
  { key: 'teams-exploratory', skuId: '710779e8-3d4a-4c88-adb9-386c958d1fdf', skuPartNumber: 'TEAMS_EXPLORATORY', name: 'Microsoft Teams Exploratory', graphName: 'MICROSOFT TEAMS EXPLORATORY', offerId: 'CFQ7TTC0J1FV:0001', kind: 'addon', workloads: ['teams'], reach: 0.25 },
];

/** The suites a customer's main licence is drawn from, with how common each is. */
export const suiteWeights: readonly (readonly [string, number])[] = [
  ['business-basic', 18], ['business-standard', 26], ['business-premium', 22], ['o365-e1', 6],
  ['o365-e3', 12], ['m365-e3', 10], ['m365-e5', 4], ['apps-for-business', 2],
];

/** A second suite some customers hold for frontline or occasional staff. */
export const secondSuiteWeights: readonly (readonly [string, number])[] = [
  ['exchange-p1', 5], ['business-basic', 4], ['o365-e1', 2], ['apps-for-business', 2],
];

export const addonKeys = ['power-bi-pro', 'visio-p2', 'project-p3', 'teams-exploratory'] as const;

export const azurePlan = {
  offerId: 'DZH318Z0BPS6:0001',
  name: 'Azure plan',
  productId: 'DZH318Z0BPS6',
} as const;

export function skuByKey(key: string): LicenseSku {
  const sku = licenseSkus.find((s) => s.key === key);
  if (!sku) throw new Error(`invalid sku key: ${key}`);
  return sku;
}
