import { z } from 'zod';
import { workloadOf } from '../workloads.js';
import { day, integer, requiredText, text } from './fields.js';

/**
 * GET /partner/v1/analytics/commercial/usage/license → `workload_usage` rows. Microsoft's own samples
 * write `licenseActive` for `licensesActive`: either is read. `workload` is null for workloads outside
 * the six the usage model knows (Dynamics, for one): the caller skips those.
 */
export const licenseUsageItem = z
  .object({
    customerTenantId: requiredText,
    customerName: text,
    workloadCode: text,
    workloadName: text,
    serviceCode: text,
    productId: requiredText,
    productName: text,
    licensesActive: integer.optional(),
    licenseActive: integer.optional(),
    licensesQualified: integer,
    processedDateTime: day,
  })
  .superRefine((u, context) => {
    if (u.licensesActive === undefined && u.licenseActive === undefined) {
      context.addIssue({ code: 'custom', path: ['licensesActive'], message: 'missing (neither licensesActive nor licenseActive)' });
    }
  })
  .transform((u) => ({
    date: u.processedDateTime,
    customer_id: u.customerTenantId,
    customer_name: u.customerName,
    workload: workloadOf(u),
    workload_code: u.workloadCode,
    workload_name: u.workloadName,
    service_code: u.serviceCode,
    product_id: u.productId,
    product_name: u.productName,
    licenses_active: String(u.licensesActive ?? u.licenseActive),
    licenses_qualified: String(u.licensesQualified),
  }));
