import { azureMeters } from '../catalog/azureMeters.js';
import { countryByCode } from '../catalog/countries.js';
import type { DemoSettings, DemoWindow } from '../demoSettings.js';
import { createRandom } from '../random.js';
import type { DemoCustomer, DemoEntitlement, DemoResource, DemoSubscription } from './types.js';

/**
 * The Azure resources of every customer with an Azure plan: a few to a few dozen, more for bigger
 * customers, mostly in the customer's home region with some in a second region. Some are deployed or
 * decommissioned during the window, a few have a runaway stretch (the cost spikes reports should show).
 */
export function generateAzureResources(
  settings: DemoSettings,
  window: DemoWindow,
  customers: readonly DemoCustomer[],
  subscriptions: readonly DemoSubscription[],
  entitlements: readonly DemoEntitlement[],
): DemoResource[] {
  const meterIds = new Map(azureMeters.map((m) => [m.key, createRandom('azure-meter', m.key).guid()]));
  const plans = new Map(subscriptions.filter((s) => s.billingType === 'usage').map((s) => [s.customerId, s]));
  const byCustomer = new Map<string, DemoEntitlement[]>();
  for (const e of entitlements) byCustomer.set(e.customerId, [...(byCustomer.get(e.customerId) ?? []), e]);
  const resources: DemoResource[] = [];
  for (const customer of customers) {
    const plan = plans.get(customer.id);
    const mine = byCustomer.get(customer.id) ?? [];
    if (!plan || !mine.length) continue;
    const r = createRandom(settings.seed, 'azure', customer.index);
    const country = countryByCode(customer.country);
    const first = plan.created;
    const last = plan.endedOn !== null ? plan.endedOn - 1 : window.end;
    if (last < window.start) continue;
    const perMeter = customer.staff > 250 ? 4 : customer.staff > 60 ? 2.2 : 1.3;
    for (const meter of azureMeters) {
      if (!r.chance(meter.popularity)) continue;
      const count = 1 + Math.floor(r.next() * perMeter);
      for (let n = 1; n <= count; n++) {
        const entitlement = r.pick(mine);
        const [meterRegion, location] = r.chance(0.85) ? country.regions[0]! : r.pick(country.regions);
        const resourceGroup = r.pick(meter.resourceGroups);
        const name = `${meter.namePrefix}-${resourceGroup.replace(/^rg-/, '')}-${String(n).padStart(2, '0')}`;
        const start = r.chance(0.2) ? r.int(Math.max(first, window.start), last) : first + r.int(0, 20);
        const end = r.chance(0.08) ? r.int(Math.min(start + 14, last), last) : last;
        const spike = meter.shape === 'variable' && r.chance(0.05);
        const spikeStart = spike ? r.int(window.start, window.end) : null;
        resources.push({
          customerId: customer.id,
          entitlementId: entitlement.id,
          meterKey: meter.key,
          meterId: meterIds.get(meter.key)!,
          resourceGroup,
          name,
          meterRegion: meter.zone ?? meterRegion,
          location,
          tags: JSON.stringify({ environment: entitlement.name === 'Production' ? 'production' : 'non-production', costCenter: `CC-${r.int(1000, 9999)}`, owner: `it@${customer.domain}` }),
          start: Math.min(start, last),
          end,
          instances: r.int(meter.instances[0], meter.instances[1]),
          base: meter.base[0] + (meter.base[1] - meter.base[0]) * r.next(),
          growth: meter.shape === 'steady' ? 0 : -0.0003 + 0.0015 * r.next(),
          spikeStart,
          spikeEnd: spikeStart !== null ? spikeStart + r.int(4, 12) : null,
          spikeFactor: spike ? 4 + 8 * r.next() : 1,
          salt: r.salt(),
        });
      }
    }
  }
  return resources;
}
