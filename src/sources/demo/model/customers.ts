import { countries, countryByCode } from '../catalog/countries.js';
import { fictitious, hardNames, trades } from '../catalog/companyNames.js';
import { asciiSlug } from '../catalog/peopleNames.js';
import type { DemoSettings, DemoWindow } from '../demoSettings.js';
import { createRandom, type Random } from '../random.js';
import type { DemoCustomer } from './types.js';

/**
 * The partner's customers. Customer i depends only on (seed, i) and the window, so a bigger partner is
 * the smaller one plus more customers. The hard names sit at odd positions (1, 3, 5 …) so that even a
 * handful of customers mixes them with ordinary ones; the last customers are a guaranteed newcomer and
 * a guaranteed leaver, so every report has one of each.
 */
export function generateCustomers(settings: DemoSettings, window: DemoWindow): DemoCustomer[] {
  const names = new Set<string>();
  const domains = new Set<string>();
  const customers: DemoCustomer[] = [];
  const windowDays = window.end - window.start + 1;
  for (let index = 0; index < settings.customers; index++) {
    const r = createRandom(settings.seed, 'customer', index);
    const hard = index % 2 === 1 ? hardNames[(index - 1) / 2] : undefined;
    const country = hard ? countryByCode(hard.country) : r.weighted(countries.map((c) => [c, c.weight] as const));
    const name = hard?.name ?? uniqueName(r, country.code, names);
    names.add(name);
    const domain = uniqueDomain(hard?.domain ?? asciiSlug(name).slice(0, 24), domains);
    domains.add(domain);

    const isNewcomer = settings.customers >= 3 && index === settings.customers - 2;
    const isLeaver = settings.customers >= 4 && index === settings.customers - 1 && windowDays >= 20;
    const since = isNewcomer || (r.chance(0.1) && windowDays >= 30)
      ? window.start + r.int(0, Math.max(0, windowDays - 15))
      : window.start - r.int(45, 2200);
    let churnedOn: number | null = null;
    if ((isLeaver || r.chance(0.05)) && windowDays >= 20) {
      const earliest = Math.max(since + 30, window.start + 5);
      if (earliest <= window.end - 3) churnedOn = r.int(earliest, window.end - 3);
    }
    const staff = r.weighted([[r.int(3, 15), 30], [r.int(15, 60), 40], [r.int(60, 250), 22], [r.int(250, 1500), 8]] as const);
    customers.push({
      index,
      id: r.guid(),
      name,
      domain: `${domain}.onmicrosoft.com`,
      country: country.code,
      currency: country.currency,
      relationship: 'reseller',
      salt: r.salt(),
      since,
      churnedOn,
      staff,
      engagement: 0.45 + 0.5 * r.next(),
      overuse: r.chance(0.05) || index === 2,
      azure: r.chance(staff > 60 ? 0.8 : 0.55) || index === 0,
    });
  }
  return customers;
}

function uniqueName(r: Random, countryCode: string, taken: ReadonlySet<string>): string {
  const country = countryByCode(countryCode);
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = r.chance(0.25) ? r.pick(fictitious) : r.pick(country.surnames);
    const name = `${base} ${r.pick(trades)} ${r.pick(country.suffixes)}`;
    if (!taken.has(name)) return name;
  }
  for (let n = 2; ; n++) {
    const name = `${r.pick(country.surnames)} ${r.pick(trades)} ${n} ${r.pick(country.suffixes)}`;
    if (!taken.has(name)) return name;
  }
}

function uniqueDomain(slug: string, taken: ReadonlySet<string>): string {
  const base = slug || 'tenant';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}
