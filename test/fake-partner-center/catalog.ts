// The fake partner's catalogue: company names (some hard: accents, quotes, &), offers and SKUs, workloads, meters.

export const companies = ['Contoso', 'Fabrikam', 'Northwind Traders', 'Tailspin & Toys', 'Société Générale d\'Électricité', 'Wingtip "Quoted" Ltd', 'Adatum', 'Litware', 'Proseware', 'Woodgrove'];
export const countries = ['US', 'GB', 'DE', 'FR', 'NL', 'CA'];
export const offers = [
  { offerId: 'CFQ7TTC0LF8Q:0001', offerName: 'Microsoft 365 Business Premium', sku: 'SPB', skuId: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', billingType: 'license' },
  { offerId: 'CFQ7TTC0LH18:0001', offerName: 'Microsoft 365 Business Basic', sku: 'O365_BUSINESS_ESSENTIALS', skuId: '3b555118-da6a-4418-894f-7df1e2096870', billingType: 'license' },
  { offerId: 'CFQ7TTC0LFLX:0001', offerName: 'Microsoft 365 E3', sku: 'SPE_E3', skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', billingType: 'license' },
  { offerId: 'DZH318Z0BPS6:0001', offerName: 'Azure plan', sku: null, skuId: null, billingType: 'usage' },
] as const;
export const statuses = ['active', 'active', 'active', 'active', 'suspended', 'expired', 'deleted', 'pending'] as const;
export const terms = ['P1M', 'P1Y', 'P3Y'] as const;
export const usageWorkloads = [
  { workloadCode: 'EXO', workloadName: 'Exchange' },
  { workloadCode: 'SPO', workloadName: 'SharePoint' },
  { workloadCode: 'ODB', workloadName: 'OneDrive for Business' },
  { workloadCode: 'TEAMS', workloadName: 'Microsoft Teams' },
  { workloadCode: 'YAM', workloadName: 'Yammer' },
  { workloadCode: 'SFB', workloadName: 'Skype for Business' },
  { workloadCode: 'OFFICE', workloadName: 'Office apps' },
  { workloadCode: 'CRM', workloadName: 'Dynamics 365' },
] as const;
export const meters = [
  { meterCategory: 'Virtual Machines', meterSubCategory: 'Dv3 Series', meterName: 'D2 v3', unit: '1 Hour', meterRegion: 'West Europe' },
  { meterCategory: 'Storage', meterSubCategory: 'Standard Page Blob', meterName: 'LRS Data Stored', unit: '1 GB/Month', meterRegion: 'East US' },
  { meterCategory: 'Bandwidth', meterSubCategory: 'Rtn Preference: MGN', meterName: 'Data Transfer Out', unit: '1 GB', meterRegion: 'Zone 1' },
] as const;
