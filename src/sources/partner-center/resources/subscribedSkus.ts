import { z } from 'zod';
import { integer, optionalInteger, requiredText, text } from './fields.js';

/** GET /v1/customers/{id}/subscribedskus → `license_snapshots` rows: sold = totalUnits, assigned = consumedUnits. */
export function subscribedSkuItem(customerId: string, date: string) {
  return z
    .object({
      productSku: z.object({ id: requiredText, name: text, skuPartNumber: text }),
      totalUnits: integer,
      consumedUnits: integer,
      activeUnits: optionalInteger,
      suspendedUnits: optionalInteger,
      warningUnits: optionalInteger,
      capabilityStatus: text,
    })
    .transform((s) => ({
      date,
      customer_id: customerId,
      sku_id: s.productSku.id,
      sku_name: s.productSku.name,
      sku_part_number: s.productSku.skuPartNumber,
      product: s.productSku.name,
      total_units: String(s.totalUnits),
      consumed_units: String(s.consumedUnits),
      active_units: s.activeUnits === null ? null : String(s.activeUnits),
      suspended_units: s.suspendedUnits === null ? null : String(s.suspendedUnits),
      warning_units: s.warningUnits === null ? null : String(s.warningUnits),
      capability_status: s.capabilityStatus,
    }));
}
