// Customer names. Most are built from a surname, a trade and a legal suffix; a few are the hard cases
// every renderer, CSV writer and spreadsheet must survive: accents, quotes, `&`, markup, a leading `@`
// (Excel reads it as a formula), right-to-left script, CJK, commas and semicolons, and a 200-character name.

export const longName =
  'The Northern, Southern, Eastern and Western Regions Consolidated Professional Services, Engineering, ' +
  'Logistics, Healthcare, Education and Public Sector Solutions Cooperative Society of the United Counties Ltd';

export const hardNames: readonly { name: string; country: string; domain: string }[] = [
  { name: "Société Générale d'Électricité", country: 'FR', domain: 'sgelectricite' },
  { name: 'Smith & Wesson "Quality" Plumbing', country: 'US', domain: 'swqualityplumbing' },
  { name: 'Müller-Lüdenscheidt GmbH & Co. KG', country: 'DE', domain: 'muellerluedenscheidt' },
  { name: '<script>alert("pwned")</script> Holdings', country: 'US', domain: 'scriptholdings' },
  { name: '@Home Networks', country: 'GB', domain: 'athomenetworks' },
  { name: 'شركة الاتصالات المتقدمة', country: 'SA', domain: 'advancedcomms' },
  { name: longName, country: 'GB', domain: 'regionsconsolidated' },
  { name: '株式会社東京データサービス', country: 'JP', domain: 'tokyodataservice' },
  { name: 'Smith, Jones; and Partners, LLP', country: 'US', domain: 'smithjonespartners' },
  { name: "Zoë's Café & Bäckerei", country: 'DE', domain: 'zoescafe' },
];

export const trades: readonly string[] = [
  'Logistics', 'Engineering', 'Dental Care', 'Architects', 'Legal', 'Accountancy', 'Manufacturing', 'Retail',
  'Consulting', 'Healthcare', 'Construction', 'Design Studio', 'Foods', 'Motors', 'Travel', 'Insurance Brokers',
  'Veterinary Clinic', 'Property Management', 'Pharmacy', 'Solar', 'Marine', 'Media', 'Analytics', 'Robotics',
  'Hospitality', 'Landscaping', 'Printing', 'Recruitment', 'Security', 'Textiles', 'Wines', 'Aviation',
  'Biotech', 'Education Trust', 'Energy', 'Furniture', 'Opticians', 'Physiotherapy', 'Translation', 'Haulage',
];

/** Microsoft's fictitious companies, used for a share of the customers as a nod to the docs they come from. */
export const fictitious: readonly string[] = [
  'Contoso', 'Fabrikam', 'Northwind Traders', 'Adventure Works', 'Tailspin Toys', 'Woodgrove Bank', 'Litware',
  'Proseware', 'Alpine Ski House', 'Fourth Coffee', 'Wide World Importers', 'Coho Winery', 'Lamna Healthcare',
  'Trey Research', 'Humongous Insurance', "Margie's Travel", 'Blue Yonder Airlines', 'Relecloud', 'VanArsdel',
  'Wingtip Toys', 'Lucerne Publishing', 'A. Datum', 'Consolidated Messenger', 'Southridge Video',
  'City Power & Light', 'Tasmanian Traders', 'Bellows College', 'Nod Publishers', 'First Up Consultants',
];
