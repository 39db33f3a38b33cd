// Where the demo partner's customers are. The partner bills most customers in US dollars; customers in
// the euro area and the UK are billed in their own currency (the "second currency" of the reports).

export interface Country {
  code: string;
  weight: number;
  currency: 'USD' | 'EUR' | 'GBP';
  /** Azure regions customers there deploy to (MeterRegion, ResourceLocation), the first being home. */
  regions: readonly (readonly [meterRegion: string, location: string])[];
  suffixes: readonly string[];
  surnames: readonly string[];
}

const us = [['US East', 'eastus'], ['US West 2', 'westus2'], ['US Central', 'centralus']] as const;
const euWest = [['EU West', 'westeurope'], ['EU North', 'northeurope']] as const;

export const countries: readonly Country[] = [
  { code: 'US', weight: 30, currency: 'USD', regions: us, suffixes: ['Inc.', 'LLC', 'Corp.', 'Group', 'Partners'], surnames: ['Johnson', 'Okafor', 'Nguyen', 'Patel', 'Reyes', 'Carter', 'Goldberg', 'Washington', 'Kowalczyk', 'Hernández'] },
  { code: 'GB', weight: 12, currency: 'GBP', regions: [['UK South', 'uksouth'], ['UK West', 'ukwest']], suffixes: ['Ltd', 'PLC', 'LLP', '& Co.'], surnames: ['Thompson', 'Ashworth', 'Fitzgerald', 'Okonjo', 'Pemberton', 'Hughes', 'Khan', 'Davies'] },
  { code: 'DE', weight: 9, currency: 'EUR', regions: [['DE West Central', 'germanywestcentral'], ...euWest], suffixes: ['GmbH', 'AG', 'GmbH & Co. KG', 'e.K.'], surnames: ['Müller', 'Schröder', 'Weiß', 'Groß', 'Becker', 'Köhler', 'Hoffmann', 'Krüger'] },
  { code: 'FR', weight: 7, currency: 'EUR', regions: [['FR Central', 'francecentral'], ...euWest], suffixes: ['SARL', 'SAS', 'SA'], surnames: ['Lefèvre', 'Gauthier', 'Dubois', 'Moreau', 'Bérard', 'Fontaine', 'Rousseau'] },
  { code: 'NL', weight: 5, currency: 'EUR', regions: euWest, suffixes: ['B.V.', 'N.V.'], surnames: ['de Vries', 'van Dijk', 'Bakker', 'Jansen', 'Visser', 'van den Berg'] },
  { code: 'ES', weight: 4, currency: 'EUR', regions: euWest, suffixes: ['S.L.', 'S.A.'], surnames: ['Muñoz', 'Peña', 'García', 'Fernández', 'Iglesias', 'Ibáñez'] },
  { code: 'IT', weight: 4, currency: 'EUR', regions: [['IT North', 'italynorth'], ...euWest], suffixes: ['S.r.l.', 'S.p.A.'], surnames: ['Ricci', 'Colombo', 'De Luca', 'Esposito', 'Niccolò', 'Galli'] },
  { code: 'IE', weight: 3, currency: 'EUR', regions: [['EU North', 'northeurope'], ['EU West', 'westeurope']], suffixes: ['Ltd', 'DAC'], surnames: ["O'Brien", "O'Sullivan", 'MacCarthy', 'Ní Bhriain', 'Byrne', 'Walsh'] },
  { code: 'SE', weight: 3, currency: 'EUR', regions: [['SE Central', 'swedencentral'], ['EU North', 'northeurope']], suffixes: ['AB'], surnames: ['Åström', 'Björk', 'Lindqvist', 'Öberg', 'Nyström'] },
  { code: 'DK', weight: 2, currency: 'EUR', regions: [['EU North', 'northeurope']], suffixes: ['ApS', 'A/S'], surnames: ['Sørensen', 'Jørgensen', 'Mølgaard', 'Nielsen'] },
  { code: 'PL', weight: 2, currency: 'EUR', regions: [['PL Central', 'polandcentral'], ['EU West', 'westeurope']], suffixes: ['sp. z o.o.', 'S.A.'], surnames: ['Łukasik', 'Wiśniewski', 'Zieliński', 'Wójcik'] },
  { code: 'CA', weight: 4, currency: 'USD', regions: [['CA Central', 'canadacentral'], ['CA East', 'canadaeast']], suffixes: ['Inc.', 'Ltée', 'Ltd'], surnames: ['Tremblay', 'Gagnon', 'Côté', 'MacLeod', 'Singh'] },
  { code: 'AU', weight: 3, currency: 'USD', regions: [['AU East', 'australiaeast'], ['AU Southeast', 'australiasoutheast']], suffixes: ['Pty Ltd'], surnames: ['Walker', 'Nguyen', 'Kelly', 'Papadopoulos', 'Wright'] },
  { code: 'JP', weight: 1, currency: 'USD', regions: [['JA East', 'japaneast']], suffixes: ['K.K.'], surnames: ['Tanaka', 'Suzuki', 'Yamamoto'] },
  { code: 'SA', weight: 1, currency: 'USD', regions: [['AE North', 'uaenorth'], ['EU West', 'westeurope']], suffixes: ['LLC'], surnames: ['Al-Farsi', 'Haddad', 'Al-Rashid'] },
];

export function countryByCode(code: string): Country {
  const country = countries.find((c) => c.code === code);
  if (!country) throw new Error(`invalid country: ${code}`);
  return country;
}
