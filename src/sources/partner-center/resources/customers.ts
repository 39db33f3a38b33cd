import { z } from 'zod';
import { requiredText, text } from './fields.js';

/** GET /v1/customers → `customers` rows. The warehouse keys customers by tenant id. */
export const customerItem = z
  .object({
    id: requiredText,
    companyProfile: z.object({
      tenantId: text,
      domain: text,
      companyName: requiredText,
    }),
    relationshipToPartner: text,
    billingProfile: z.object({ defaultAddress: z.object({ country: text }).nullish() }).nullish(),
  })
  .transform((c) => ({
    customer_id: c.companyProfile.tenantId ?? c.id,
    partner_customer_id: c.id,
    name: c.companyProfile.companyName,
    domain: c.companyProfile.domain,
    country: c.billingProfile?.defaultAddress?.country ?? null,
    relationship: c.relationshipToPartner,
    source: 'partner-center',
  }));

/** Just enough of a customer to walk its resources: the id in URLs, the tenant id in rows. */
export const customerRef = z
  .object({ id: requiredText, companyProfile: z.object({ tenantId: text, companyName: text }).nullish() })
  .transform((c) => ({ id: c.id, tenantId: c.companyProfile?.tenantId ?? c.id, name: c.companyProfile?.companyName ?? null }));

export type CustomerRef = z.output<typeof customerRef>;
