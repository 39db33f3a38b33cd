import { z } from 'zod';
import { integer, lowerEnum, optionalBoolean, optionalDay, optionalTimestamp, requiredText, text } from './fields.js';

export const subscriptionStatuses = ['none', 'active', 'pending', 'suspended', 'expired', 'deleted'] as const;

/** GET /v1/customers/{id}/subscriptions → `subscriptions` rows (the customer's tenant id added by the caller). */
export function subscriptionItem(customerId: string) {
  return z
    .object({
      id: requiredText,
      offerId: text,
      offerName: text,
      friendlyName: text,
      quantity: integer.pipe(z.number().min(0, 'must not be negative')),
      unitType: text,
      status: lowerEnum(subscriptionStatuses),
      autoRenewEnabled: optionalBoolean,
      billingType: text.transform((v) => v?.toLowerCase() ?? null),
      billingCycle: text.transform((v) => v?.toLowerCase() ?? null),
      termDuration: text,
      isTrial: optionalBoolean,
      creationDate: optionalTimestamp,
      effectiveStartDate: optionalDay,
      commitmentEndDate: optionalDay,
      entitlementId: text,
    })
    .transform((s) => ({
      subscription_id: s.id,
      customer_id: customerId,
      offer_id: s.offerId,
      offer_name: s.offerName,
      friendly_name: s.friendlyName,
      product: s.offerName ?? s.friendlyName,
      quantity: String(s.quantity),
      unit_type: s.unitType,
      status: s.status,
      auto_renew: s.autoRenewEnabled,
      billing_type: s.billingType,
      billing_cycle: s.billingCycle,
      term_duration: s.termDuration,
      is_trial: s.isTrial,
      creation_date: s.creationDate,
      effective_start_date: s.effectiveStartDate,
      commitment_end_date: s.commitmentEndDate,
      entitlement_id: s.entitlementId,
      source: 'partner-center',
    }));
}
