import { partnerStaff, asciiSlug } from '../catalog/peopleNames.js';
import { demoWindow, parseDemoSettings, type DemoSettings } from '../demoSettings.js';
import { createRandom } from '../random.js';
import { generateAuditEvents } from './auditEvents.js';
import { generateAzureResources } from './azureResources.js';
import { generateCustomers } from './customers.js';
import { generateSubscriptions } from './subscriptions.js';
import type { DemoPartner, DemoPartnerInfo } from './types.js';

/** The whole demo partner's dimension data, deterministic for (seed, customers, months, asOf). */
export function buildPartner(input: DemoSettings): DemoPartner {
  const settings = parseDemoSettings(input);
  const window = demoWindow(settings);
  const r = createRandom(settings.seed, 'partner');
  const domain = 'blueharborcloud.com';
  const partner: DemoPartnerInfo = {
    id: r.guid(),
    name: 'Blue Harbor Cloud Partners',
    mpnId: String(r.int(1_000_000, 6_999_999)),
    domain,
    applicationId: r.guid(),
    staff: partnerStaff.map((name) => {
      const [first = '', ...rest] = name.split(' ');
      return { name, upn: `${asciiSlug(first)}.${asciiSlug(rest.join(''))}@${domain}` };
    }),
  };
  const customers = generateCustomers(settings, window);
  const { subscriptions, entitlements } = generateSubscriptions(settings, window, customers);
  const resources = generateAzureResources(settings, window, customers, subscriptions, entitlements);
  const events = generateAuditEvents(settings, window, partner, customers, subscriptions);
  return { settings, window, partner, customers, subscriptions, entitlements, resources, events };
}
